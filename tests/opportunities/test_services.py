"""The status services: who may do what, from which status, with history; the nightly closing sweep."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opportunities.models import Kind, Opportunity, Status, StatusChange
from opportunities.services import (
    opportunities_close_expired,
    opportunity_approve,
    opportunity_archive,
    opportunity_reject,
    opportunity_request_changes,
    opportunity_submit,
)
from opportunities.tasks import close_expired_opportunities
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def new_listing(organisation, **fields) -> Opportunity:
    defaults = {
        "kind": Kind.JOB,
        "title": "Kitchen porter",
        "summary": "Wash up in a busy kitchen.",
        "description": "Evenings and weekends.",
        "postcode": "E8 3RL",
        "organisation": organisation,
    }
    return Opportunity(**{**defaults, **fields})


def test_submit_records_history_and_slug(partner_a, organisation_a):
    listing = opportunity_submit(opportunity=new_listing(organisation_a), by=partner_a)
    assert listing.status == Status.SUBMITTED and listing.slug.startswith("kitchen-porter-")
    change = StatusChange.objects.get(opportunity=listing)
    assert (change.from_status, change.to_status, change.by) == ("", Status.SUBMITTED, partner_a)


def test_cannot_submit_for_another_organisation(partner_a, organisation_b):
    with pytest.raises(PermissionDenied):
        opportunity_submit(opportunity=new_listing(organisation_b), by=partner_a)
    assert not Opportunity.objects.exists()


def test_service_refuses_a_placement_without_plan_and_writes_nothing(partner_a, organisation_a):
    with pytest.raises(ValidationError, match="employment plan"):
        opportunity_submit(opportunity=new_listing(organisation_a, kind=Kind.WORK_PLACEMENT), by=partner_a)
    assert not Opportunity.objects.exists() and not StatusChange.objects.exists()


def test_invalid_level_for_kind_is_refused(partner_a, organisation_a):
    with pytest.raises(ValidationError) as error:
        opportunity_submit(opportunity=new_listing(organisation_a, level=3), by=partner_a)
    assert "level" in error.value.message_dict


def test_only_staff_moderate(partner_a, staff_user, organisation_a):
    listing = opportunity_submit(opportunity=new_listing(organisation_a), by=partner_a)
    with pytest.raises(PermissionDenied):
        opportunity_approve(opportunity=listing, by=partner_a)
    opportunity_approve(opportunity=listing, by=staff_user)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and listing.status_changed_by == staff_user


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED, Status.CLOSED])
def test_moderation_only_from_submitted(staff_user, status):
    listing = OpportunityFactory(status=status)
    for call in (
        lambda: opportunity_approve(opportunity=listing, by=staff_user),
        lambda: opportunity_reject(opportunity=listing, by=staff_user, reason="No"),
        lambda: opportunity_request_changes(opportunity=listing, by=staff_user, message="Fix"),
    ):
        with pytest.raises(ValidationError):
            call()
    listing.refresh_from_db()
    assert listing.status == status


def test_archived_listing_cannot_be_resubmitted(partner_a, organisation_a):
    listing = OpportunityFactory(organisation=organisation_a)
    opportunity_archive(opportunity=listing, by=partner_a)
    listing.refresh_from_db()
    with pytest.raises(ValidationError, match="archived"):
        opportunity_submit(opportunity=listing, by=partner_a)


def test_other_partner_cannot_archive(partner_b, organisation_a):
    listing = OpportunityFactory(organisation=organisation_a)
    with pytest.raises(PermissionDenied):
        opportunity_archive(opportunity=listing, by=partner_b)


def test_nightly_sweep_closes_expired_listings_once():
    today = timezone.localdate()
    expired = OpportunityFactory(closing_date=today - timedelta(days=1))
    open_today = OpportunityFactory(closing_date=today)
    no_date = OpportunityFactory(closing_date=None)
    draft_expired = OpportunityFactory(closing_date=today - timedelta(days=3), status=Status.DRAFT)
    assert close_expired_opportunities.apply().get() == 1
    assert opportunities_close_expired() == 0  # idempotent
    for listing, status in (
        (expired, Status.CLOSED),
        (open_today, Status.PUBLISHED),
        (no_date, Status.PUBLISHED),
        (draft_expired, Status.DRAFT),
    ):
        listing.refresh_from_db()
        assert listing.status == status
    change = StatusChange.objects.get(opportunity=expired)
    assert change.to_status == Status.CLOSED and change.message == "Closing date passed"


def test_beat_schedules_the_sweep():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "opportunities.tasks.close_expired_opportunities" in tasks
    assert "opportunities.tasks.close_expired_opportunities" in app.tasks
