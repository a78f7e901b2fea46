"""The outbox: recording notifications with the change they report, delivering them once, and preferences.

Any app calls `notify` inside its own transaction. Nothing is sent unless that transaction commits; after
commit a Celery task delivers the row, and `notifications_requeue_due` (every minute, from beat) picks up
any row still pending, so a broker outage or a killed worker delays a message but never loses it.
"""

import contextlib
import logging
import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.utils import timezone

from .kinds import Kind, kind_get, kinds_for
from .models import Channel, Notification, Preference
from .rendering import TemplateContextError, email_message, render, unsubscribe_token_read
from .selectors import channels_for, preferences_for

log = logging.getLogger(__name__)

Status = Notification.Status
BATCH_SIZE = 100


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATIONS_STALE_AFTER_SECONDS)


@transaction.atomic(savepoint=False)  # nested in the caller's transaction, as most calls are, it costs nothing
def notify(*, recipient, kind: str, context: dict, key: str, link: str = "") -> Notification | None:
    """Record a message for someone in the caller's transaction; it is delivered only once that commits.

    `key` makes it idempotent: a second call with the same key returns the first notification. Returns
    None if the recipient has turned this kind off. A context that can't write the kind's template, or an
    invalid email address, gives a failed notification (with the error) rather than an exception.
    """
    spec = kind_get(kind)
    existing = Notification.objects.filter(key=key).first()
    if existing is not None:
        return existing
    channel = preferences_for(user=recipient, kinds=[spec])[kind]
    if channel == Channel.OFF:
        return None
    notification = _written(spec, recipient, channel, key, context, link, now=timezone.now())
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # the same key written by a concurrent transaction that committed first
        return Notification.objects.get(key=key)
    if notification.status == Status.PENDING:
        _queue_after_commit(notification.pk)
    return notification


def _written(spec: Kind, recipient, channel, key: str, context: dict, link: str, *, now) -> Notification:
    """A new notification with its words written: pending for email, sent straight to the inbox, or failed (a
    context that can't write its template, an invalid address) with the error kept."""
    kept = context if spec.kept is None else {name: context[name] for name in spec.kept if name in context}
    notification = Notification(recipient=recipient, kind=spec.slug, channel=channel, key=key, context=kept, link=link)
    try:
        notification.subject, notification.body = render(spec, context)
    except TemplateContextError as error:
        _fail(notification, str(error))
    else:
        if channel == Channel.INBOX:
            notification.status, notification.sent_at = Status.SENT, now
        elif (problem := _address_problem(recipient.email)) is not None:
            _fail(notification, problem)
        else:
            notification.next_attempt_at = now + _stale_after()
    return notification


@dataclass(frozen=True)
class Message:
    """One message of a batch for `notify_many`: as `notify`'s arguments, for one kind."""

    recipient: object
    context: dict
    key: str
    link: str = ""


@transaction.atomic(savepoint=False)
def notify_many(*, kind: str, messages: list[Message]) -> list[int]:
    """`notify` for many people at once, in the caller's transaction: a few queries and one INSERT whatever the
    number (match alerts write thousands). Keys already written, and people who turned the kind off, are skipped;
    returns the ids written. The rows go to the worker after commit, as `notify`'s do."""
    return notifications_insert(notifications_prepared(kind=kind, messages=messages))


def notifications_prepared(*, kind: str, messages: list[Message], channels: dict | None = None) -> list[Notification]:
    """The rows `notify_many` would write (written out, not saved), leaving out people who turned the kind off;
    `channels`, each recipient's channel for the kind, when the caller has read them already."""
    spec = kind_get(kind)
    if not messages:
        return []
    chosen = channels or channels_for(users=[message.recipient for message in messages], kind=spec)
    now = timezone.now()
    return [
        _written(spec, message.recipient, channel, message.key, message.context, message.link, now=now)
        for message in messages
        if (channel := chosen[message.recipient.pk]) != Channel.OFF
    ]


@transaction.atomic(savepoint=False)  # the temporary table's rows live until the transaction ends
def notifications_insert(rows: list[Notification]) -> list[int]:
    """Save prepared rows in the caller's transaction, skipping keys already written (before or concurrently), and
    queue the pending ones for after commit; the ids written."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        written = _copied(rows)  # ON CONFLICT (key) DO NOTHING RETURNING: only the rows it wrote
    else:
        done = set(Notification.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True))
        rows = [row for row in rows if row.key not in done]
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        written = Notification.objects.filter(key__in=[row.key for row in rows]).values_list("pk", "status")
    ids, pending = [], []
    for pk, status in written:
        ids.append(pk)
        if status == Status.PENDING:
            pending.append(pk)
    _queue_after_commit(*pending)
    return ids


_FIELDS = [field for field in Notification._meta.concrete_fields if not field.primary_key]
_COLUMNS = ", ".join(connection.ops.quote_name(field.column) for field in _FIELDS)
# What COPY sends of each field: the JSON context and the creation time go through Django's preparation (an adapter,
# `auto_now_add`); every other value is sent as it is, as Django's own preparation would leave it.
_PREPARED = [(field, isinstance(field, models.JSONField) or getattr(field, "auto_now_add", False)) for field in _FIELDS]


def _copied(rows: list[Notification]) -> list[tuple[int, str]]:
    """PostgreSQL: the rows COPYed into a session's temporary table, then inserted from it with ON CONFLICT DO
    NOTHING; (id, status) of those inserted. COPY sends the values as one stream: a bulk INSERT's tens of thousands
    of parameters, each quoted on its own, took longer than the database took to write the rows."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy `connection`, looked up again on every use
    with database.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS notification_incoming ON COMMIT DELETE ROWS "  # noqa: S608 - names are ours
            f"AS SELECT {_COLUMNS} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY notification_incoming ({_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(row, True), database)
                        if prepared
                        else getattr(row, field.attname)
                        for field, prepared in _PREPARED
                    ]
                )
        cursor.execute(
            f"INSERT INTO {table} ({_COLUMNS}) SELECT {_COLUMNS} FROM notification_incoming "  # noqa: S608
            "ON CONFLICT (key) DO NOTHING RETURNING id, status"
        )
        written = cursor.fetchall()
        cursor.execute("TRUNCATE notification_incoming")
    return written


def _fail(notification: Notification, error: str) -> None:
    notification.status, notification.last_error, notification.next_attempt_at = Status.FAILED, error, None
    log.warning("Notification %s failed: %s", notification.key, error)


def _address_problem(address: str) -> str | None:
    try:
        validate_email(address)
    except ValidationError:
        return f"Invalid email address: {address!r}"
    return None


class _Batch(list):
    """The ids of the notifications one transaction wrote, queued together once it commits."""

    flushed = False


# The batch the current transaction is filling, per thread (as Django's database connections are).
_batches = threading.local()


def _queue_after_commit(*pks: int) -> None:
    """Queue these notifications once the outermost transaction commits, with every other written in it.

    All the notifications of one transaction share one list, so they go to the worker as one task (a
    transaction that tells 200 people costs 2 tasks, not 200). Each registers a callback, and the first to
    run after commit sends the whole list. A list whose transaction rolled back is never sent by it; the next
    transaction's list carries on from it, and the ids of rows that were never committed are dropped when it
    is sent.
    """
    batch = getattr(_batches, "current", None)
    if batch is None or batch.flushed:
        batch = _batches.current = _Batch()
    batch.extend(pks)
    transaction.on_commit(partial(_flush, batch))


def _flush(batch: _Batch) -> None:
    if not batch.flushed:
        batch.flushed = True
        # Only the rows that exist: ids left by a rolled-back transaction or savepoint are dropped here.
        enqueue(sorted(Notification.objects.filter(pk__in=batch).values_list("pk", flat=True)))


def enqueue(ids: list[int]) -> None:
    """Ask a worker to deliver these notifications; if the broker is down, the sweeper re-queues them later."""
    from .tasks import deliver_notifications

    for start in range(0, len(ids), BATCH_SIZE):
        try:
            deliver_notifications.delay(ids[start : start + BATCH_SIZE])
        except Exception:
            log.warning(
                "Could not queue notifications %s; the sweeper will retry them",
                ids[start : start + BATCH_SIZE],
                exc_info=True,
            )
            return


# One mail connection per worker process (and thread), opened on first use and kept for the next messages.
_local = threading.local()


def _mail_connection():
    if getattr(_local, "connection", None) is None:
        _local.connection = get_connection()
    return _local.connection


def mail_connection_forget() -> None:
    """Close the kept mail connection; the next message opens a new one (with the settings of that moment)."""
    connection, _local.connection = getattr(_local, "connection", None), None
    if connection is not None:
        with contextlib.suppress(Exception):  # a connection that is already broken needs no closing
            connection.close()


def _build(notification: Notification) -> EmailMultiAlternatives:
    """The email, with its addresses checked: what fails here fails for good (permanent)."""
    message = email_message(notification)
    for address in message.recipients():
        sanitize_address(address, message.encoding or settings.DEFAULT_CHARSET)  # ValueError if invalid
    return message


def _send(message: EmailMultiAlternatives) -> None:
    connection = _mail_connection()
    connection.open()
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException) as error:
        if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code != 421:
            raise
        # A kept connection the server has since closed (or timed out, 421): nothing was accepted, so open a
        # new connection and send once more.
        mail_connection_forget()
        connection = _mail_connection()
        connection.open()
        message.connection = connection
        message.send()


def _is_permanent(error: Exception) -> bool:
    """Errors about this message that sending again won't fix: its recipient refused, its content refused.

    Errors about our side (connection, TLS, login, sender, GOV.UK Notify's key or rate) are transient: once
    the mail settings are put right, waiting messages go out by themselves.
    """
    if isinstance(error, BadHeaderError):  # raised while the message is put together, before anything is sent
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    status = getattr(getattr(error, "response", None), "status_code", None)  # GOV.UK Notify's HTTP errors
    return status == 400


def _describe(error: Exception) -> str:
    """The error as staff read it in the admin: the mail server's code and words, not a Python repr."""

    def text(value) -> str:
        return value.decode(errors="replace") if isinstance(value, bytes) else str(value)

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(f"{address}: {code} {text(reply)}" for address, (code, reply) in error.recipients.items())
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = f"{error.smtp_code} {text(error.smtp_error)}"
    else:
        detail = str(error)
    return f"{type(error).__name__}: {detail}"[:2000]


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** (attempts - 1), 3600))


def notification_deliver(*, pk: int) -> str:
    """Send one pending email notification, at most once: "sent", "retry", "failed" or "skipped".

    The row is locked, and already marked sent, before the mail server sees the message; when the server
    accepts it only the COMMIT is left to send. A worker that dies before then leaves the row pending (its
    transaction rolls back), and the sweeper queues it again. See docs/decisions.md on the one small window.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=pk, status=Status.PENDING)
            .first()
        )
        if notification is None:  # already sent or failed, or another worker holds it right now
            return "skipped"
        notification.attempts += 1
        try:
            message = _build(notification)
        except Exception as error:  # noqa: BLE001 - a message that can't be built never will be
            _fail(notification, f"{type(error).__name__}: {error}"[:2000])
            notification.save(update_fields=_DELIVERY_FIELDS)
            return "failed"
        notification.status, notification.sent_at = Status.SENT, timezone.now()
        notification.next_attempt_at, notification.last_error = None, ""
        notification.save(update_fields=_DELIVERY_FIELDS)
        try:
            _send(message)
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row, none crashes the worker
            mail_connection_forget()
            notification.status, notification.sent_at = Status.PENDING, None
            notification.last_error = _describe(error)
            if _is_permanent(error) or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                _fail(notification, notification.last_error)
                outcome = "failed"
            else:
                notification.next_attempt_at = timezone.now() + _backoff(notification.attempts)
                outcome = "retry"
            notification.save(update_fields=_DELIVERY_FIELDS)
            return outcome
    return "sent"


_DELIVERY_FIELDS = ["status", "attempts", "last_error", "next_attempt_at", "sent_at"]


def notifications_deliver(*, ids: list[int]) -> dict:
    """Deliver a batch (one task's worth), each in its own transaction; returns how many of each outcome.

    Ids already dealt with (a batch queued twice, by a commit and by the sweeper) are dropped in one query.
    """
    pending = set(Notification.objects.filter(pk__in=ids, status=Status.PENDING).values_list("pk", flat=True))
    outcomes = {"skipped": len(set(ids) - pending)} if len(pending) < len(set(ids)) else {}
    for pk in sorted(pending):
        outcome = notification_deliver(pk=pk)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def notifications_requeue_due(*, now=None, limit: int = 10_000) -> int:
    """Queue again every email still pending whose time has come (written while the broker was down, held by
    a worker that died, or waiting to retry). Each row is pushed back a few minutes so it is queued once."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(next_attempt_at=now + _stale_after())
    enqueue(ids)
    return len(ids)


@transaction.atomic
def notifications_retry(*, notifications, by) -> int:
    """Council staff send failed notifications again (after fixing an address or the mail settings)."""
    if not (by.is_staff and by.has_perm("notifications.change_notification")):
        raise PermissionDenied("Only council staff can send notifications again.")
    ids = list(
        notifications.select_for_update()
        .filter(status=Status.FAILED, channel=Channel.EMAIL)
        .exclude(subject="")
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(status=Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    transaction.on_commit(partial(enqueue, ids))
    return len(ids)


@transaction.atomic
def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of someone's own notifications as read."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied("This is not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_kind_read(*, user, kind: str, now=None) -> int:
    """Mark someone's unread notifications of one kind as read: those a change has settled (a confirmed address
    leaves nothing to do in the messages that asked for it)."""
    return Notification.objects.filter(recipient=user, kind=kind).unread().update(read_at=now or timezone.now())


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark all of someone's notifications as read."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, kind: str, channel: str) -> Preference:
    """Choose how one kind of notification reaches someone."""
    spec = kind_get(kind)
    if Channel(channel) not in spec.choices:
        raise ValidationError(f"You can't turn off “{spec.label}”.")
    preference, _ = Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})
    return preference


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> None:
    """Save a whole preferences form: only kinds this person can receive."""
    allowed = {kind.slug for kind in kinds_for(user)}
    for kind, channel in choices.items():
        if kind not in allowed:
            raise PermissionDenied(f"{kind} is not a notification you receive.")
        preference_set(user=user, kind=kind, channel=channel)


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Kind, Preference]:
    """One-click unsubscribe from a signed link: stop emails of that kind (off, or inbox only if it must stay)."""
    try:
        user_id, kind = unsubscribe_token_read(token)
        spec = kind_get(kind)
        user = get_user_model().objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, ValueError, ObjectDoesNotExist):
        raise ValidationError("This unsubscribe link is not valid.") from None
    channel = Channel.OFF if spec.can_turn_off else Channel.INBOX
    return spec, preference_set(user=user, kind=kind, channel=channel)


def notifications_delete_old(*, now=None, batch: int = 5_000) -> int:
    """Delete notifications older than NOTIFICATIONS_KEEP_DAYS (the privacy notice's 2 years), a batch at a time."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    deleted = 0
    while True:
        ids = list(Notification.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        with transaction.atomic():
            deleted += Notification.objects.filter(pk__in=ids).delete()[0]
