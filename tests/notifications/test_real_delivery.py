"""The outbox on the real thing: PostgreSQL, a private Redis, a Celery worker process and an SMTP server.

Each test commits for real (transactional database), so the worker in its own process sees the rows.
"""

import os
import shutil
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notifications_requeue_due, notify
from notifications.tasks import deliver_notifications
from tests.factories import UserFactory
from tests.loopback import RedisServer, SmtpSink, WorkerProcess, celery_broker, free_port, wait_until

from .conftest import LISTING_CONTEXT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

if not shutil.which("redis-server") and os.environ.get("CI", "").lower() != "true":
    pytest.skip("redis-server is not installed (CI requires it)", allow_module_level=True)

Status = Notification.Status


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, sink, redis_server):
    with django_db_blocker.unblock():
        worker = WorkerProcess(database_url=_database_url(), redis_url=redis_server.url, smtp_port=sink.port).start()
    yield worker
    worker.stop()


@pytest.fixture
def outbox(worker, sink, redis_server):
    """A running worker, an empty SMTP sink and this process queueing to the same private Redis."""
    if not worker.alive:
        worker.start()
    sink.messages.clear()
    sink.reject.clear()
    with celery_broker(redis_server.url):
        yield sink


def _notify(user, key):
    return notify(recipient=user, kind="listing_approved", context=LISTING_CONTEXT, key=key, link="/partners/")


def _sweep():
    """What beat does every minute, run as if the rows' time had come."""
    return notifications_requeue_due(now=timezone.now() + timedelta(minutes=10))


def _settle(sink, expected: int, *, timeout=30):
    wait_until(lambda: sink.count() >= expected, timeout=timeout, what=f"{expected} email(s) at the SMTP server")
    time.sleep(1.0)  # long enough for a duplicate, if there were one, to arrive too


def _restart_sweep_and_expect_one_email(worker, outbox, notification):
    """Start the worker, let the sweeper find the stranded row: it is sent, once, at its first counted attempt."""
    worker.start()
    assert _sweep() == 1
    _settle(outbox, 1)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    assert outbox.count() == 1


def test_committed_notification_is_emailed_exactly_once(outbox):
    user = UserFactory(email="committed@example.test")
    with transaction.atomic():
        notification = _notify(user, "real-commit")
    _settle(outbox, 1)

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)
    message = outbox.messages[0]
    assert message["To"] == "committed@example.test"
    assert message["Subject"] == "Your listing is live: Trainee electrician"
    assert message["List-Unsubscribe"].strip().startswith("<http://")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sorted(part.get_content_type() for part in message.walk() if not part.is_multipart()) == [
        "text/html",
        "text/plain",
    ]

    # The same notification queued again (a duplicate task, the sweeper) is not sent again.
    deliver_notifications.delay([notification.pk])
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert _sweep() == 0
    _settle(outbox, 1)
    assert outbox.count() == 1


def test_rolled_back_notification_is_never_sent(outbox):
    user = UserFactory(email="rolled-back@example.test")
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(user, "real-rollback")
        raise RuntimeError("the change being reported failed")
    assert not Notification.objects.filter(key="real-rollback").exists()
    assert _sweep() == 0
    # A committed one afterwards arrives, and it is the only one.
    with transaction.atomic():
        _notify(user, "real-after-rollback")
    _settle(outbox, 1)
    assert outbox.count() == 1
    assert outbox.messages[0]["Subject"].startswith("Your listing is live")


def test_written_while_redis_is_down_is_sent_once_redis_is_back(outbox, redis_server, worker):
    user = UserFactory(email="redis-down@example.test")
    redis_server.stop()
    worker.kill()  # it would only spend the outage reconnecting
    try:
        with transaction.atomic():
            notification = _notify(user, "real-redis-down")  # the change itself commits; queueing fails quietly
    finally:
        redis_server.start()
    notification.refresh_from_db()
    assert notification.status == Status.PENDING
    time.sleep(0.5)
    assert outbox.count() == 0

    _restart_sweep_and_expect_one_email(worker, outbox, notification)


def test_worker_killed_mid_delivery_is_sent_once_after_restart(outbox, worker):
    user = UserFactory(email="killed@example.test")
    outbox.stall_next_recipient()
    with transaction.atomic():
        notification = _notify(user, "real-killed")
    assert outbox.stalled.wait(30), "the worker never reached the SMTP server"
    worker.kill()  # SIGKILL while the SMTP conversation is half done
    outbox.release()

    # The killed worker's transaction is rolled back: the row is pending again and no longer locked.
    def unlocked_and_pending():
        with transaction.atomic():
            row = Notification.objects.select_for_update(nowait=False).get(pk=notification.pk)
            return row.status == Status.PENDING

    wait_until(unlocked_and_pending, timeout=10, what="the killed worker's lock to be released")
    assert outbox.count() == 0

    _restart_sweep_and_expect_one_email(worker, outbox, notification)


def test_refused_address_fails_with_its_error_and_the_worker_goes_on(outbox, worker):
    refused = UserFactory(email="nobody@example.test")
    fine = UserFactory(email="somebody@example.test")
    outbox.reject.add("nobody@example.test")
    with transaction.atomic():
        bad = _notify(refused, "real-refused")
    deliver_notifications.delay(["not-an-id"])  # bad task arguments: the task fails, the worker does not
    with transaction.atomic():
        _notify(fine, "real-fine")
    _settle(outbox, 1)

    bad.refresh_from_db()
    assert bad.status == Status.FAILED
    assert "550" in bad.last_error and "No such mailbox" in bad.last_error
    assert worker.alive
    assert [m["To"] for m in outbox.messages] == ["somebody@example.test"]


def test_unreachable_smtp_server_ends_as_failed_with_the_error():
    """A worker whose mail server refuses connections records each attempt, then gives up, and keeps running."""
    closed_port = free_port()
    redis_server = RedisServer().start()  # its own broker, so no other test worker takes these tasks
    worker = WorkerProcess(
        database_url=_database_url(),
        redis_url=redis_server.url,
        smtp_port=closed_port,
        extra_env={"NOTIFICATIONS_MAX_ATTEMPTS": "2", "NOTIFICATIONS_RETRY_SECONDS": "0"},
    ).start()
    try:
        user = UserFactory(email="unreachable@example.test")
        with celery_broker(redis_server.url):
            with transaction.atomic():
                notification = _notify(user, "real-unreachable")
            wait_until(
                lambda: Notification.objects.filter(pk=notification.pk, attempts=1).exists(),
                timeout=30,
                what="the first attempt",
            )
            notification.refresh_from_db()
            assert notification.status == Status.PENDING
            assert "ConnectionRefusedError" in notification.last_error
            assert _sweep() == 1
            wait_until(
                lambda: Notification.objects.filter(pk=notification.pk, status=Status.FAILED).exists(),
                timeout=30,
                what="the notification to fail",
            )
        notification.refresh_from_db()
        assert notification.attempts == 2
        assert "ConnectionRefusedError" in notification.last_error
        assert worker.alive
    finally:
        worker.stop()
        redis_server.stop()
