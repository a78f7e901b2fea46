"""Every list keeps a constant number of queries as its rows grow (docs/architecture.md, "Quality bars")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportunities.models import Status
from tests.factories import PASSWORD, OpportunityFactory, ward
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def test_atom_feed(client):
    counts = queries_for(client, "/opportunities/feed/", lambda n: OpportunityFactory.create_batch(n, ward=ward()))
    assert counts[0] == counts[1], counts


def test_partner_listings_list(client, partner_a, organisation_a):
    client.login(email=partner_a.email, password=PASSWORD)
    counts = queries_for(
        client,
        "/partners/opportunities/opportunity/",
        lambda n: OpportunityFactory.create_batch(n, organisation=organisation_a, status=Status.SUBMITTED),
    )
    assert counts[0] == counts[1], counts


def test_staff_moderation_queue(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    counts = queries_for(
        client,
        "/admin/opportunities/opportunity/?status__exact=submitted",
        lambda n: OpportunityFactory.create_batch(n, status=Status.SUBMITTED),
    )
    assert counts[0] == counts[1], counts


def test_staff_notifications_list(client, staff_user):
    from notifications.services import notify
    from tests.factories import UserFactory

    def grow(n):
        for _ in range(n):
            user = UserFactory()
            notify(recipient=user, kind="listing_approved", context={}, key=f"count-{user.pk}")  # failed: no context

    client.login(email=staff_user.email, password=PASSWORD)
    counts = queries_for(client, "/admin/notifications/notification/?status__exact=failed", grow)
    assert counts[0] == counts[1], counts


def test_moderation_decision_notifies_members_in_a_bounded_number_of_queries(staff_user, organisation_a):
    """Telling a partner's members costs the same few queries per member, not per member and listing field."""
    from opportunities.services import opportunity_approve
    from tests.factories import MembershipFactory

    counts = []
    for members in (1, 6):
        for _ in range(members - organisation_a.memberships.count()):
            MembershipFactory(organisation=organisation_a)
        listing = OpportunityFactory(organisation=organisation_a, status=Status.SUBMITTED)
        with CaptureQueriesContext(connection) as queries:
            opportunity_approve(opportunity=listing, by=staff_user)
        counts.append(len(queries))
    per_member = (counts[1] - counts[0]) / 5
    assert per_member <= 5, counts
