"""Every list keeps a constant number of queries as its rows grow (DESIGN.md §9)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportunities.models import Status
from tests.factories import PASSWORD, OpportunityFactory, ward

pytestmark = pytest.mark.django_db


def queries_for(client, url, grow, sizes=(3, 25)) -> list[int]:
    counts = []
    for size in sizes:
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return counts


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
