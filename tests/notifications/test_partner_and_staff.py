"""The first users of the outbox: partners hear about their listings, council staff about the review queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from notifications.models import Channel, Notification
from notifications.services import preference_set
from opportunities.models import Status
from opportunities.services import (
    moderation_digest_send,
    opportunities_remind_closing,
    opportunity_approve,
    opportunity_reject,
    opportunity_request_changes,
)
from tests.factories import MembershipFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.usefixtures("eager_tasks")


@pytest.fixture
def submitted(organisation_a):
    return OpportunityFactory(organisation=organisation_a, status=Status.SUBMITTED, title="Trainee electrician")


def _emails_to(address):
    return [email for email in mail.outbox if email.to == [address]]


def test_approval_tells_every_member_of_the_organisation_by_email_and_inbox(
    submitted, partner_a, partner_person, partner_b, staff_user, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_approve(opportunity=submitted, by=staff_user)
    assert sorted(email.to[0] for email in mail.outbox) == sorted([partner_a.email, partner_person.email])
    email = _emails_to(partner_person.email)[0]
    assert email.subject == "Your listing is live: Trainee electrician"
    listing_url = f"http://127.0.0.1:8000/opportunities/{submitted.slug}/"
    assert f"See it as residents do: {listing_url}" in email.body  # a link reads as words and address
    assert f'<a href="{listing_url}" rel="noopener noreferrer nofollow">See it as residents do</a>' in (
        email.alternatives[0].content
    )
    assert not _emails_to(partner_b.email)  # another organisation's member hears nothing
    assert not _emails_to(staff_user.email)

    client.force_login(partner_person)
    inbox = client.get("/account/").content.decode()
    assert "Your listing is live: Trainee electrician" in inbox
    notification = Notification.objects.get(recipient=partner_person)
    assert notification.link == f"/partners/opportunities/opportunity/{submitted.pk}/change/"


def test_changes_requested_carries_the_message(
    submitted, partner_person, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_request_changes(
            opportunity=submitted, by=staff_user, message="Add the hourly pay and the closing date."
        )
    email = _emails_to(partner_person.email)[0]
    assert email.subject == 'Changes needed before "Trainee electrician" can go live'
    assert "Add the hourly pay and the closing date." in email.body
    assert "Add the hourly pay and the closing date." in email.alternatives[0].content


def test_rejection_carries_the_reason_and_html_in_it_is_made_safe(
    submitted, partner_person, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_reject(opportunity=submitted, by=staff_user, reason="Not based in Hackney <script>x()</script>")
    email = _emails_to(partner_person.email)[0]
    assert email.subject == "Your listing was not published: Trainee electrician"
    assert "Not based in Hackney" in email.body
    assert "<script>" not in email.alternatives[0].content


def test_a_partner_who_chose_the_inbox_gets_no_email(
    submitted, partner_person, staff_user, django_capture_on_commit_callbacks
):
    preference_set(user=partner_person, kind="listing_approved", channel=Channel.INBOX)
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_approve(opportunity=submitted, by=staff_user)
    assert not _emails_to(partner_person.email)
    assert Notification.objects.get(recipient=partner_person).channel == Channel.INBOX


def test_a_failed_moderation_sends_nothing(submitted, partner_person, partner_a, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        opportunity_approve(opportunity=submitted, by=partner_a)  # partners can't moderate
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_partners_are_reminded_once_a_week_before_closing(
    organisation_a, partner_person, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    closing = OpportunityFactory(organisation=organisation_a, title="Kitchen porter", closing_date=today + timedelta(7))
    OpportunityFactory(organisation=organisation_a, title="Later listing", closing_date=today + timedelta(days=12))
    OpportunityFactory(
        organisation=organisation_a, title="Draft", status=Status.SUBMITTED, closing_date=today + timedelta(7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert opportunities_remind_closing(today=today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        opportunities_remind_closing(today=today + timedelta(days=1))  # still in the window: not sent again
    emails = _emails_to(partner_person.email)
    assert [email.subject for email in emails] == [f'"Kitchen porter" closes on {closing.closing_date:%-d %B %Y}']

    # A new closing date is a new reminder.
    closing.closing_date = today + timedelta(days=9)
    closing.save()
    with django_capture_on_commit_callbacks(execute=True):
        opportunities_remind_closing(today=today + timedelta(days=2))
    assert len(_emails_to(partner_person.email)) == 2


def test_staff_get_one_digest_a_day_of_listings_waiting(
    organisation_a, staff_user, partner_person, django_capture_on_commit_callbacks
):
    other_staff = UserFactory(email="second.moderator@hackney.example", role=Role.STAFF)
    UserFactory(email="ex.moderator@hackney.example", role=Role.STAFF, is_active=False)
    for title in ["Trainee electrician", "Youth worker", "Barista"]:
        OpportunityFactory(organisation=organisation_a, status=Status.SUBMITTED, title=title)
    OpportunityFactory(organisation=organisation_a, title="Already live")
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        moderation_digest_send()  # beat running twice on the same day sends nothing more
    recipients = sorted(email.to[0] for email in mail.outbox)
    assert recipients == sorted([staff_user.email, other_staff.email])
    email = _emails_to(staff_user.email)[0]
    assert email.subject == "Three listings waiting for review"
    for title in ["Trainee electrician", "Youth worker", "Barista"]:
        assert f"- {title} (Lea Bridge Builders), waiting 0 days" in email.body
    assert "Already live" not in email.body
    assert "/admin/opportunities/opportunity/?status__exact=submitted" in email.body


def test_no_digest_when_nothing_is_waiting(staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest_send() == 0
    assert mail.outbox == []


def test_digest_lists_the_oldest_twenty_and_counts_the_rest(organisation_a, staff_user):
    membership = MembershipFactory(organisation=organisation_a)
    assert membership  # partners' presence changes nothing for the digest
    for n in range(23):
        OpportunityFactory(organisation=organisation_a, status=Status.SUBMITTED, title=f"Listing {n}")
    moderation_digest_send()
    body = Notification.objects.get(recipient=staff_user).body
    assert body.count("\n- Listing") + body.startswith("- Listing") == 20
    assert "- and 3 more" in body


def test_beat_runs_the_sweeper_the_reminders_and_the_digest():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "notifications.tasks.requeue_due_notifications",
        "notifications.tasks.delete_old_notifications",
        "opportunities.tasks.remind_closing_listings",
        "opportunities.tasks.send_moderation_digest",
    } <= tasks
