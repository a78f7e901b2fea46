"""How delivery treats a real SMTP server's answers (aiosmtpd on loopback, delivery in this process)."""

import re

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_deliver, notify
from tests.factories import UserFactory
from tests.loopback import SmtpSink

from .conftest import LISTING_CONTEXT

Status = Notification.Status


@pytest.fixture
def sink(settings):
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    yield sink
    sink.stop()


def _pending(email, key, context=LISTING_CONTEXT):
    return notify(recipient=UserFactory(email=email), kind="listing_approved", context=context, key=key)


def test_a_timed_out_kept_connection_is_reopened_without_costing_an_attempt(db, sink):
    first = _pending("first@example.test", "first")
    assert notification_deliver(pk=first.pk) == "sent"
    sink.next_mail_reply = "421 4.4.2 Timeout waiting for data, closing connection"
    second = _pending("second@example.test", "second")
    assert notification_deliver(pk=second.pk) == "sent"
    second.refresh_from_db()
    assert (second.attempts, second.last_error) == (1, "")
    assert sink.count() == 2


def test_our_side_being_refused_is_retried_not_failed(db, sink):
    """A sender refused, a login refused: the mail settings are wrong, not the message; it waits for the fix."""
    notification = _pending("someone@example.test", "sender-refused")
    sink.next_mail_reply = "553 5.7.1 Sender address rejected: not owned by user"
    assert notification_deliver(pk=notification.pk) == "retry"
    notification.refresh_from_db()
    assert notification.status == Status.PENDING
    assert "553" in notification.last_error and "Sender address rejected" in notification.last_error
    assert notification_deliver(pk=notification.pk) == "sent"  # once fixed (here: the server accepts again)


def test_a_refused_recipient_fails_for_good(db, sink):
    sink.reject.add("gone@example.test")
    notification = _pending("gone@example.test", "gone")
    assert notification_deliver(pk=notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert "SMTPRecipientsRefused" in notification.last_error and "550" in notification.last_error


def test_partner_text_cannot_become_a_link_or_html_in_an_email(db, sink):
    context = {
        **LISTING_CONTEXT,
        "title": "[Verify your council login](https://evil.example/login) <a href='https://evil.example'>x</a>",
        "organisation": "Lea *Bridge* Builders\r\nBcc: everyone@example.test",
    }
    notification = _pending("staff@example.test", "injection", context=context)
    assert notification_deliver(pk=notification.pk) == "sent"
    message = sink.messages[0]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert not re.search(r"<a\s[^>]*evil\.example", html)  # shown as text, never as a link
    assert "&lt;a href=" in html
    assert "[Verify your council login](https://evil.example/login)" in text  # plain text shows it as typed
    assert "Lea *Bridge* Builders" in text
    assert message["Bcc"] is None
    assert "\r" not in message["Subject"] and "\n" not in message["Subject"]


@pytest.mark.django_db(transaction=True)
def test_notifications_written_by_a_commit_hook_and_by_the_transaction_are_all_queued(monkeypatch):
    from notifications import services

    queued = []
    monkeypatch.setattr(services, "enqueue", queued.extend)
    user = UserFactory()
    with transaction.atomic():
        transaction.on_commit(
            lambda: notify(recipient=user, kind="listing_approved", context=LISTING_CONTEXT, key="from-hook")
        )
        notify(recipient=user, kind="listing_approved", context=LISTING_CONTEXT, key="in-transaction")
    assert sorted(queued) == sorted(Notification.objects.values_list("pk", flat=True))
    assert len(queued) == 2


@pytest.fixture
def notify_service(settings):
    from tests.loopback import NotifyStandIn

    stand_in = NotifyStandIn()
    settings.EMAIL_BACKEND = "notifications.backends.NotifyEmailBackend"
    settings.GOVUK_NOTIFY_BASE_URL = stand_in.url
    settings.GOVUK_NOTIFY_API_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = "b7b6f6ea-4f4b-4c3e-9b8b-5ef1e0a4c0d1"
    yield stand_in
    stand_in.stop()


def test_gov_uk_notify_receives_the_subject_and_plain_text_body(db, notify_service):
    notification = _pending("partner@example.test", "notify-ok")
    assert notification_deliver(pk=notification.pk) == "sent"
    [request] = notify_service.requests
    assert request["path"] == "/v2/notifications/email"
    assert request["auth"].startswith("Bearer ")
    assert request["email_address"] == "partner@example.test"
    assert request["template_id"] == "b7b6f6ea-4f4b-4c3e-9b8b-5ef1e0a4c0d1"
    assert request["personalisation"]["subject"] == "Your listing is live: Trainee electrician"
    body = request["personalisation"]["body"]
    assert body.startswith('Council staff have checked "Trainee electrician"')
    assert "Stop emails like this one: http://127.0.0.1:8000/notifications/unsubscribe/" in body


@pytest.mark.parametrize(("status", "outcome"), [(400, "failed"), (403, "retry"), (429, "retry"), (500, "retry")])
def test_gov_uk_notify_refusals_fail_only_when_the_message_is_at_fault(db, notify_service, status, outcome):
    notify_service.status = status
    notification = _pending("partner@example.test", f"notify-{status}")
    assert notification_deliver(pk=notification.pk) == outcome
    notification.refresh_from_db()
    assert notification.status == (Status.FAILED if outcome == "failed" else Status.PENDING)
    assert str(status) in notification.last_error
