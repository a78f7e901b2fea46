"""What a resident sees of advisors on /account/: upcoming appointments, who their advisor is and their plan,
and what advisors shared with them; in the same few queries however much of it there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisors.models import AppointmentStatus, SharedOpportunity, SupportAction
from tests.factories import AppointmentFactory, CaseFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grow(case, n):
    latest = case.resident.appointments.order_by("-starts_at").values_list("starts_at", flat=True).first()
    soon = latest + timedelta(hours=1) if latest else timezone.now() + timedelta(days=3)
    for number in range(n):
        AppointmentFactory(advisor=case.lead_advisor, resident=case.resident, starts_at=soon + timedelta(hours=number))
        SupportAction.objects.create(case=case, description=f"Action {number}", owner="resident")
        SharedOpportunity.objects.create(case=case, opportunity=OpportunityFactory(), message=f"Look at this {number}")


def test_the_account_page_shows_appointments_advisor_plan_and_shared_listings(client):
    case = CaseFactory(lead_advisor__user__full_name="Grace Mensah", next_step="Send your CV to Grace")
    _grow(case, 1)
    AppointmentFactory(
        advisor=case.lead_advisor,
        resident=case.resident,
        starts_at=timezone.now() + timedelta(days=4),
        status=AppointmentStatus.CANCELLED,
    )
    client.force_login(case.resident)
    page = client.get("/account/").content.decode()
    assert page.count("/appointments/") >= 2  # the one booked (not the cancelled one) and "Book an appointment"
    assert "Your advisor is Grace Mensah. Next step: Send your CV to Grace." in page
    assert "Your support plan (1 action)" in page and "Look at this 0" in page


def test_someone_without_an_advisor_is_offered_one(client):
    resident = UserFactory()
    client.force_login(resident)
    page = client.get("/account/").content.decode()
    assert "You have no appointments booked." in page and "/advisors/refer/" in page


def test_the_account_page_costs_the_same_however_much_support_there_is(client):
    case = CaseFactory()
    client.force_login(case.resident)
    _grow(case, 2)
    client.get("/account/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/account/").status_code == 200
    _grow(case, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/account/").status_code == 200
    assert len(many) == len(few)


def test_a_resident_never_sees_another_residents_advisor_plan_or_shared_listings(client):
    theirs = CaseFactory(lead_advisor__user__full_name="Grace Mensah", next_step="Ring about the interview")
    _grow(theirs, 1)
    client.force_login(UserFactory())
    for url in ("/account/", "/account/support/"):
        page = client.get(url).content.decode()
        assert "Grace Mensah" not in page and "Look at this 0" not in page and "Action 0" not in page, url
