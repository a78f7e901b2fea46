"""The outbox service and its pages, through the Django test client, with tasks run eagerly after commit."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.kinds import EVERYONE, KINDS, Kind, kinds_for
from notifications.models import Channel, Notification, Preference
from notifications.rendering import unsubscribe_token
from notifications.services import (
    notification_deliver,
    notifications_requeue_due,
    notify,
    preference_set,
)
from tests.factories import PASSWORD, UserFactory
from tests.loopback import free_port

from .conftest import LISTING_CONTEXT

pytestmark = pytest.mark.usefixtures("eager_tasks")
Status = Notification.Status


def _notify(user, key="k-1", kind="listing_approved", context=LISTING_CONTEXT, **kwargs):
    return notify(recipient=user, kind=kind, context=context, key=key, link="/partners/", **kwargs)


@pytest.fixture
def person(db):
    return UserFactory(email="sam@example.test")


def test_rolled_back_transaction_leaves_no_notification_and_sends_nothing(person, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(person)
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_committed_notification_is_emailed_once_and_kept_in_the_inbox(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (Status.SENT, 1, "")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam@example.test"]
    assert email.subject == "Your listing is live: Trainee electrician"
    assert '"Trainee electrician" for Lea Bridge Builders' in email.body
    assert email.alternatives[0].mimetype == "text/html"
    assert "Hackney Opportunities</a>" in email.alternatives[0].content
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].strip("<>") in email.body

    # Delivering it again (a duplicate task) sends nothing more.
    assert notification_deliver(pk=notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_same_key_gives_one_notification(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(person)
        second = _notify(person)
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_one_transaction_is_one_task_however_many_it_tells(person, django_capture_on_commit_callbacks, monkeypatch):
    from notifications import services

    batches = []
    monkeypatch.setattr(services, "enqueue", batches.append)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            _notify(person, key=f"batch-{n}")
    assert len(batches) == 1
    assert sorted(batches[0]) == sorted(Notification.objects.values_list("pk", flat=True))


def test_inbox_only_sends_no_email_but_shows_the_message(person, client, django_capture_on_commit_callbacks):
    preference_set(user=person, kind="listing_approved", channel=Channel.INBOX)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    assert (notification.channel, notification.status) == (Channel.INBOX, Status.SENT)
    assert mail.outbox == []
    client.force_login(person)
    assert "Your listing is live: Trainee electrician" in client.get("/account/").content.decode()


def test_turned_off_kind_records_nothing(person):
    preference_set(user=person, kind="listing_approved", channel=Channel.OFF)
    assert _notify(person) is None
    assert not Notification.objects.exists()


def test_a_kind_that_must_stay_on_cannot_be_turned_off(person):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        preference_set(user=person, kind="listing_changes_requested", channel=Channel.OFF)
    assert not Preference.objects.exists()


def test_missing_context_ends_as_a_failed_notification_with_the_error(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person, context={"title": "Trainee electrician"})
    assert notification.status == Status.FAILED
    assert notification.last_error == "Missing from the context: listing_url, manage_url, organisation"
    assert mail.outbox == []


def test_a_template_that_fails_ends_as_a_failed_notification(person, monkeypatch):
    monkeypatch.setitem(KINDS, "no_template", Kind("no_template", "Test", "", EVERYONE))
    notification = _notify(person, kind="no_template", context={})
    assert notification.status == Status.FAILED
    assert "TemplateDoesNotExist" in notification.last_error


def test_an_invalid_address_ends_as_a_failed_notification(db, django_capture_on_commit_callbacks):
    broken = UserFactory(email="not an address")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(broken)
    assert notification.status == Status.FAILED
    assert notification.last_error == "Invalid email address: 'not an address'"
    assert mail.outbox == []


def test_unreachable_mail_server_retries_with_backoff_then_fails(person, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.PENDING, 1)
    assert notification.last_error.startswith("ConnectionRefusedError")
    assert notification.next_attempt_at > timezone.now() + timedelta(seconds=50)

    assert notifications_requeue_due(now=timezone.now()) == 0  # not due yet
    assert notifications_requeue_due(now=timezone.now() + timedelta(minutes=2)) == 1  # runs eagerly
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, 2)
    assert notification.last_error.startswith("ConnectionRefusedError")


def test_sweeper_sends_what_was_never_queued(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # as if the broker was down at commit
        notification = _notify(person)
    assert mail.outbox == []
    assert notifications_requeue_due() == 0  # a fresh row is left to its own task for a while
    assert notifications_requeue_due(now=timezone.now() + timedelta(minutes=3)) == 1
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert len(mail.outbox) == 1
    assert notifications_requeue_due(now=timezone.now() + timedelta(minutes=30)) == 0


# The inbox ---------------------------------------------------------------------------------------------------


def test_account_pages_need_signing_in(client):
    for url in [
        "/account/",
        "/account/notifications/",
        "/account/notifications/1/",
        "/account/notifications/settings/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_inbox_shows_only_your_own_and_another_persons_message_is_a_404(person, client):
    other = UserFactory(email="alex@example.test")
    mine = _notify(person, key="mine")
    theirs = _notify(other, key="theirs", context={**LISTING_CONTEXT, "title": "Their secret listing"})
    client.force_login(person)
    page = client.get("/account/notifications/").content.decode()
    assert "Trainee electrician" in page
    assert "Their secret listing" not in page
    assert client.get(f"/account/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/account/notifications/{mine.pk}/").status_code == 200


def test_opening_a_message_marks_it_read_and_links_to_what_it_is_about(person, client):
    notification = _notify(person)
    client.force_login(person)
    assert "Unread" in client.get("/account/").content.decode()
    page = client.get(f"/account/notifications/{notification.pk}/").content.decode()
    assert 'href="/partners/">Manage the listing</a>' in page
    assert '<p class="govuk-body">Council staff have checked' in page  # the body in GOV.UK prose
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "Unread" not in client.get("/account/").content.decode()


def test_mark_all_read(person, client):
    for n in range(3):
        _notify(person, key=f"k-{n}")
    other = _notify(UserFactory(), key="someone-else")
    client.force_login(person)
    assert client.get("/account/notifications/read/").status_code == 405
    response = client.post("/account/notifications/read/", follow=True)
    assert "3 messages marked as read" in response.content.decode()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_inbox_query_count_does_not_grow_with_messages(person, client, django_assert_max_num_queries):
    client.force_login(person)
    _notify(person, key="first")
    with CaptureQueriesContext(transaction.get_connection()) as few:
        client.get("/account/notifications/")
    for n in range(40):
        _notify(person, key=f"more-{n}")
    with CaptureQueriesContext(transaction.get_connection()) as many:
        response = client.get("/account/notifications/")
    assert len(many) == len(few)
    assert "Older messages" in response.content.decode()
    with CaptureQueriesContext(transaction.get_connection()) as home:
        client.get("/account/")
    # and one query each for the applications, saved listings, appointments, an open case and shared listings; and
    # for residents, the role, the profile recommendations start from (nothing more without one) and saved searches
    assert len(home) <= len(few) + 8


# Preferences -------------------------------------------------------------------------------------------------


def test_partner_chooses_per_kind(partner_person, client):
    client.force_login(partner_person)
    page = client.get("/account/notifications/settings/").content.decode()
    for label in ["A listing is approved", "A listing needs changes", "A listing is rejected", "closes in a week"]:
        assert label in page
    assert "Listings waiting for review" not in page
    # Kinds that must stay on offer no "Off".
    assert 'name="listing_rejected" value="off"' not in page
    assert 'name="listing_approved" value="off"' in page

    response = client.post(
        "/account/notifications/settings/",
        {
            "listing_approved": "off",
            "listing_changes_requested": "inbox",
            "listing_rejected": "email",
            "listing_closing_soon": "inbox",
            "application_received": "off",
            "applications_digest": "email",
        },
    )
    assert response.status_code == 302
    chosen = dict(Preference.objects.filter(user=partner_person).values_list("kind", "channel"))
    assert chosen == {
        "listing_approved": "off",
        "listing_changes_requested": "inbox",
        "listing_rejected": "email",
        "listing_closing_soon": "inbox",
        "application_received": "off",
        "applications_digest": "email",
    }


def test_preferences_refuse_bad_values_with_a_message(partner_person, client):
    client.force_login(partner_person)
    response = client.post(
        "/account/notifications/settings/",
        {"listing_approved": "carrier-pigeon", "listing_changes_requested": "off", "listing_rejected": "email"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select one of the options for “a listing is approved”" in page
    assert "Select one of the options for “a listing needs changes”" in page
    assert "Select how you want to hear that “a listing closes in a week”" in page
    assert 'href="#id_listing_approved_0"' in page
    assert not Preference.objects.exists()


def test_staff_choose_the_digest_and_residents_choose_only_their_own(staff_user, resident, client):
    client.force_login(staff_user)
    assert "Listings waiting for review" in client.get("/account/notifications/settings/").content.decode()
    client.force_login(resident)
    page = client.get("/account/notifications/settings/").content.decode()
    assert "You send an application" in page and "News about an application" in page
    assert "Listings waiting for review" not in page and "A new application arrives" not in page
    assert 'name="application_moved" value="off"' not in page  # news about an application can't be turned off
    # Every other kind a resident can get (appointments, advisors' messages, ...) left by email.
    others = {kind.slug: "email" for kind in kinds_for(resident)} | {"application_sent": "off"}
    others.pop("application_moved")
    response = client.post(
        "/account/notifications/settings/",
        {
            "application_sent": "off",
            "application_moved": "inbox",
            "moderation_digest": "off",
            **others,
        },
    )
    assert response.status_code == 302
    assert dict(Preference.objects.values_list("kind", "channel")) == {
        "application_sent": "off",
        "application_moved": "inbox",
        **others,
    }


# One-click unsubscribe ---------------------------------------------------------------------------------------


def test_unsubscribe_link_shows_a_button_and_the_post_turns_the_kind_off(person, client):
    with_csrf = type(client)(enforce_csrf_checks=True)
    token = unsubscribe_token(person.pk, "listing_approved")
    page = with_csrf.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200
    assert not Preference.objects.exists()  # a mail scanner following the link changes nothing
    response = with_csrf.post(f"/notifications/unsubscribe/{token}/")  # no session, no CSRF token: RFC 8058
    assert response.status_code == 200
    assert "You have been unsubscribed" in response.content.decode()
    assert Preference.objects.get(user=person, kind="listing_approved").channel == Channel.OFF
    assert _notify(person) is None


def test_unsubscribing_from_a_kind_that_must_stay_moves_it_to_the_inbox(person, client):
    token = unsubscribe_token(person.pk, "listing_rejected")
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert "still appear in your messages" in response.content.decode()
    assert Preference.objects.get(user=person, kind="listing_rejected").channel == Channel.INBOX


def test_the_email_unsubscribe_header_works_end_to_end(person, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = re.sub(r"^https?://[^/]+", "", url)
    assert client.post(path).status_code == 200
    assert Preference.objects.get(user=person).channel == Channel.OFF


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1.listing_approved:forged-signature", "SIGNED-UNKNOWN-KIND", "SIGNED-MISSING-USER"],
)
def test_forged_or_broken_unsubscribe_links_change_nothing(person, client, token):
    token = {
        "SIGNED-UNKNOWN-KIND": unsubscribe_token(person.pk, "no_such_kind"),
        "SIGNED-MISSING-USER": unsubscribe_token(987654, "listing_approved"),
    }.get(token, token)
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400
    if token != unsubscribe_token(987654, "listing_approved"):
        assert client.get(f"/notifications/unsubscribe/{token}/").status_code == 400
    assert not Preference.objects.exists()


# Staff see failures ------------------------------------------------------------------------------------------


def test_staff_see_failed_notifications_and_their_errors_and_can_send_again(
    staff_user, client, settings, django_capture_on_commit_callbacks
):
    from tests.loopback import SmtpSink

    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    sink.reject.add("moved@example.test")
    try:
        bad_context = _notify(UserFactory(email="context@example.test"), key="ctx", context={"title": "Electrician"})
        with django_capture_on_commit_callbacks(execute=True):
            refused = _notify(UserFactory(email="moved@example.test"), key="refused")
        refused.refresh_from_db()
        assert refused.status == Status.FAILED

        client.force_login(staff_user)
        page = client.get("/admin/notifications/notification/?status__exact=failed").content.decode()
        assert "context@example.test" in page and "Missing from the context: listing_url" in page
        assert "moved@example.test" in page and "550 5.1.1 No such mailbox here" in page
        detail = client.get(f"/admin/notifications/notification/{refused.pk}/change/").content.decode()
        assert "SMTPRecipientsRefused" in detail

        # The address is put right; staff send both again. The one whose words could not be written stays failed.
        sink.reject.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/notifications/notification/",
                {"action": "send_again", "_selected_action": [refused.pk, bad_context.pk]},
                follow=True,
            )
        assert "1 notification(s) queued to send again" in response.content.decode()
        refused.refresh_from_db()
        bad_context.refresh_from_db()
        assert (refused.status, refused.attempts) == (Status.SENT, 1)
        assert bad_context.status == Status.FAILED
        assert sink.count() == 1
    finally:
        sink.stop()


def test_partners_and_residents_cannot_see_the_notifications_admin(partner_person, resident, client):
    notification = _notify(partner_person)
    for user in (partner_person, resident):
        client.force_login(user)
        for url in [
            "/admin/notifications/notification/",
            f"/admin/notifications/notification/{notification.pk}/change/",
        ]:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(partner_person)
    assert client.get("/partners/notifications/notification/").status_code == 404  # not in the partner admin


# Signing in --------------------------------------------------------------------------------------------------


def test_sign_in_goes_to_your_account_and_wrong_details_are_explained(client, person):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"username": "sam@example.test", "password": "wrong"})
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "Enter your email address" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "SAM@example.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_signed_in_login_page_with_itself_as_next_goes_to_the_account(client, person):
    client.force_login(person)
    response = client.get("/accounts/login/?next=/accounts/login/")
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_an_empty_settings_form_is_explained(partner_person, client):
    client.force_login(partner_person)
    response = client.post("/account/notifications/settings/", {})
    assert response.status_code == 400
    assert "Select how you want to hear that “a listing is approved”" in response.content.decode()


def test_notifications_older_than_the_retention_period_are_deleted(person, settings):
    from notifications.services import notifications_delete_old

    settings.NOTIFICATIONS_KEEP_DAYS = 730
    old, recent = _notify(person, key="old"), _notify(person, key="recent")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=731))
    Notification.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=729))
    assert notifications_delete_old(batch=1) == 1
    assert list(Notification.objects.values_list("key", flat=True)) == ["recent"]
