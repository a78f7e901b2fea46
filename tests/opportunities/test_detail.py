from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities.models import Kind, PriorityGroup, Status
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_detail_shows_every_fact_in_plain_english(client):
    listing = OpportunityFactory(
        min_age=16,
        max_age=24,
        hackney_connection_required=True,
        adjustments_offered="Interview questions in advance",
        description="**Bold** start.\n\n<script>alert(1)</script>\n\n[Our site](javascript:x)",
    )
    listing.priority_groups.add(PriorityGroup.objects.get(slug="care-experienced-young-people"))
    page = client.get(listing.get_absolute_url()).content.decode()
    for text in (
        "You must be aged 16 to 24.",
        "You must live in Hackney, or have gone to school or college in Hackney.",
        "care-experienced young people",
        "Interview questions in advance",
        "£15.00 to £16.50 per hour",
        "37.5 hours a week",
        "Pays the London Living Wage",
        "<strong>Bold</strong>",
    ):
        assert text in page, text
    assert "<script>alert" not in page and "javascript:x" not in page
    assert page.count("<h1") == 1


def test_closed_listing_explains_itself(client):
    listing = OpportunityFactory(status=Status.CLOSED, closing_date=timezone.localdate() - timedelta(days=2))
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "This opportunity has closed" in page and "How to apply" not in page


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.ARCHIVED]
)
def test_unpublished_listing_is_404(client, status):
    listing = OpportunityFactory(status=status)
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_below_living_wage_is_said_plainly(client):
    listing = OpportunityFactory(kind=Kind.APPRENTICESHIP, level=2, pay_min=Decimal("7.55"), pay_max=Decimal("7.55"))
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "less than the London Living Wage" in page and "Pays the London Living Wage" not in page


def test_weekly_and_yearly_pay_become_hourly(client):
    weekly = OpportunityFactory(pay_min=Decimal("600"), pay_max=None, pay_period="week", hours_per_week=Decimal("40"))
    yearly = OpportunityFactory(
        pay_min=Decimal("26000"), pay_max=None, pay_period="year", hours_per_week=Decimal("37.5")
    )
    assert weekly.hourly_pay_min == Decimal("15.00")
    assert yearly.hourly_pay_min == Decimal("13.33")


def test_detail_query_count(client):
    listing = OpportunityFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(listing.get_absolute_url())
    assert len(queries) <= 4, [q["sql"] for q in queries.captured_queries]  # the catalogue's version, the listing


def test_detail_query_count_for_a_signed_in_resident(client, resident):
    """The catalogue's version, the listing (3), the session and user, the navigation's partner check, and the
    resident's profile, saved mark and application: one query each, whatever the listing or the resident holds."""
    listing = OpportunityFactory(min_age=16, max_age=24)
    client.force_login(resident)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(listing.get_absolute_url()).content.decode()
    assert "Add your date of birth" in page
    assert len(queries) <= 10, [q["sql"] for q in queries.captured_queries]
