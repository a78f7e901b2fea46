"""Benchmark: 10,000 notifications through the outbox, Redis and a real Celery worker to an SMTP server.

In one run, against an SMTP server on loopback in its own process (aiosmtpd, recording Message-IDs):
1. the limit: Django's SMTP backend sending the same 10,000 messages in one loop on one connection;
2. the outbox: 10,000 notifications written with `notify` (100 per transaction), queued to Redis after
   each commit, delivered by `celery worker` (the Procfile's command, 2 processes);
3. the same again with the worker SIGKILLed half way and started again (with beat, sweeping for rows the
   dead worker left pending).
Counts duplicates and losses at the SMTP server and in the database, and writes docs/benchmarks.md.
Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, create_database, manage, write_section
from tests.loopback import RedisServer, WorkerProcess, free_port, wait_until

DATABASE_URL = os.environ.get(
    "BENCH_OUTBOX_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities_bench_outbox"
)
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "10000"))
CONCURRENCY = int(os.environ.get("BENCH_WORKER_CONCURRENCY", "2"))
PER_TRANSACTION = 100
# The kill run sweeps often so that the rows a killed worker held are picked up within seconds, not minutes.
KILL_RUN_SETTINGS = {"NOTIFICATIONS_STALE_AFTER_SECONDS": "10", "NOTIFICATIONS_SWEEP_SECONDS": "2"}


class Sink:
    """The SMTP server process and the file of Message-IDs it has accepted."""

    def __init__(self):
        self.port = free_port()
        self.record = Path(tempfile.mkstemp(prefix="outbox-sink-", suffix=".txt")[1])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.loopback", "smtp", str(self.port), str(self.record)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def reset(self) -> None:
        self.record.write_text("")

    def ids(self) -> list[str]:
        return [line for line in self.record.read_text().splitlines() if line]

    def count(self) -> int:
        with self.record.open("rb") as record:
            return sum(1 for _ in record)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.record.unlink(missing_ok=True)


def setup_django(redis_url: str, smtp_port: int) -> None:
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DJANGO_SETTINGS_MODULE="config.settings",
        **KILL_RUN_SETTINGS,  # only the kill run's beat sweeps; rows written here get the short stale time
    )
    import django

    django.setup()


def reset_tables() -> None:
    from notifications.models import Notification

    Notification.objects.all().delete()


def recipients(count: int = 200) -> list:
    from accounts.models import User

    users = list(User.objects.filter(email__startswith="bench-").order_by("pk")[:count])
    for n in range(len(users), count):
        users.append(User.objects.create_user(f"bench-{n}@example.test", full_name=f"Bench Partner {n}"))
    return users


def write_notifications(run: str, users: list) -> float:
    """Write MESSAGES notifications, PER_TRANSACTION per transaction, each queued after its commit."""
    from django.db import transaction

    from notifications.services import notify

    started = time.perf_counter()
    for start in range(0, MESSAGES, PER_TRANSACTION):
        with transaction.atomic():
            for n in range(start, min(start + PER_TRANSACTION, MESSAGES)):
                notify(
                    recipient=users[n % len(users)],
                    kind="listing_approved",
                    context={
                        "title": f"Trainee electrician {n}",
                        "organisation": "Lea Bridge Builders",
                        "manage_url": f"/partners/opportunities/opportunity/{n}/change/",
                        "listing_url": f"/opportunities/trainee-electrician-{n}/",
                    },
                    key=f"bench-{run}-{n}",
                    link=f"/partners/opportunities/opportunity/{n}/change/",
                )
    return time.perf_counter() - started


def raw_smtp_loop(sink: Sink) -> float:
    """Django's SMTP backend sending the outbox's own messages, one connection, one loop: the limit."""
    from django.core.mail import get_connection

    from notifications.models import Notification
    from notifications.rendering import email_message

    notifications = list(Notification.objects.select_related("recipient").order_by("pk"))
    messages = [email_message(n) for n in notifications]
    sink.reset()
    connection = get_connection()
    started = time.perf_counter()
    connection.open()
    for message in messages:
        connection.send_messages([message])
    connection.close()
    elapsed = time.perf_counter() - started
    wait_until(lambda: sink.count() >= len(messages), timeout=60, what="the raw loop's messages")
    return elapsed


def outcome(sink: Sink) -> dict:
    from notifications.models import Notification

    received = Counter(sink.ids())
    statuses = Counter(Notification.objects.values_list("status", flat=True))
    return {
        "received": sum(received.values()),
        "distinct": len(received),
        "duplicates": sum(c - 1 for c in received.values() if c > 1),
        "lost": MESSAGES - len(received),
        "sent": statuses.get("sent", 0),
        "pending": statuses.get("pending", 0),
        "failed": statuses.get("failed", 0),
        "max_attempts": max(Notification.objects.values_list("attempts", flat=True)),
    }


def outbox_run(sink: Sink, redis: RedisServer, users: list, *, kill: bool) -> dict:
    from notifications.models import Notification

    reset_tables()
    sink.reset()
    redis.stop()
    redis.start()  # an empty queue
    write_seconds = write_notifications("kill" if kill else "plain", users)
    worker = WorkerProcess(
        database_url=DATABASE_URL,
        redis_url=redis.url,
        smtp_port=sink.port,
        concurrency=CONCURRENCY,
        beat=kill,
        extra_env={"DEBUG": "false", "SECRET_KEY": "bench-only-" + "x" * 40, **(KILL_RUN_SETTINGS if kill else {})},
    )
    started = time.perf_counter()
    worker.start()
    killed_at = None
    if kill:
        wait_until(lambda: sink.count() >= MESSAGES // 2, timeout=600, interval=0.01, what="half the messages")
        worker.kill()
        killed_at = sink.count()
        worker.start()
    wait_until(
        lambda: not Notification.objects.filter(status="pending").exists(),
        timeout=900,
        interval=0.1,
        what="every notification to be delivered",
    )
    elapsed = time.perf_counter() - started
    time.sleep(2)  # anything sent twice would arrive now
    worker.stop()
    return {"seconds": elapsed, "write_seconds": write_seconds, "killed_at": killed_at, **outcome(sink)}


def main() -> None:
    create_database(DATABASE_URL)
    manage("migrate", "--no-input", "-v", "0", env={**os.environ, "DATABASE_URL": DATABASE_URL, "REDIS_URL": ""})
    sink, redis = Sink(), RedisServer().start()
    try:
        setup_django(redis.url, sink.port)
        users = recipients()
        reset_tables()
        write_notifications("raw", users)  # the rows whose messages the raw loop sends (queued nowhere)
        raw = raw_smtp_loop(sink)
        plain = outbox_run(sink, redis, users, kill=False)
        killed = outbox_run(sink, redis, users, kill=True)
    finally:
        sink.stop()
        redis.stop()
    report(raw, plain, killed)


def report(raw: float, plain: dict, killed: dict) -> None:
    raw_rate = MESSAGES / raw
    rows = []
    for name, run in (("Outbox, worker left alone", plain), ("Outbox, worker SIGKILLed half way", killed)):
        rate = MESSAGES / run["seconds"]
        rows.append(
            f"| {name} | {run['seconds']:.1f} s | {rate:,.0f}/s | {rate / raw_rate:.0%} | {run['received']:,} "
            f"| {run['duplicates']} | {run['lost']} | {run['sent']:,} sent, {run['pending']} pending, "
            f"{run['failed']} failed |"
        )
    print("\n".join(rows))
    write_rates = " and ".join(f"{MESSAGES / run['write_seconds']:,.0f}" for run in (plain, killed))
    write_section(
        "notifications",
        f"""
## Notifications: 10,000 through the outbox ({date.today().isoformat()})

`make bench` → `bench/notifications.py`. {MESSAGES:,} `listing_approved` notifications to 200 recipients, written
with `notify` ({PER_TRANSACTION} per transaction, each queued to Redis after its commit), delivered by
`celery -A config worker --concurrency {CONCURRENCY}` to an SMTP server on loopback (aiosmtpd in its own process,
recording each Message-ID). The limit is Django's SMTP backend sending the same {MESSAGES:,} messages (built
beforehand) in one loop on one connection, measured in the same run. Throughput counts from the worker being
started to the last row marked sent; writing the rows is reported apart. Machine: {platform.machine()},
{os.cpu_count()} cores; PostgreSQL, Redis, the SMTP server, the worker and this script share them.

| run | time | throughput | of the limit | received | duplicates | lost | rows afterwards |
|---|---|---|---|---|---|---|---|
| Django SMTP backend, one loop (the limit) | {raw:.1f} s | {raw_rate:,.0f}/s | 100% | {MESSAGES:,} | – | – | – |
{chr(10).join(rows)}

Writing the rows took {plain["write_seconds"]:.1f} s and {killed["write_seconds"]:.1f} s ({write_rates}
notifications/s, words rendered included). In the kill run the worker
(all its processes) got SIGKILL when the server had received {killed["killed_at"]:,} messages and was started
again, with beat sweeping every {KILL_RUN_SETTINGS["NOTIFICATIONS_SWEEP_SECONDS"]} s for rows pending longer than
{KILL_RUN_SETTINGS["NOTIFICATIONS_STALE_AFTER_SECONDS"]} s (production: 60 s and 120 s); the most attempts any row
needed was {killed["max_attempts"]}. Duplicates are Message-IDs the server received more than once (a
notification's Message-ID comes from its idempotency key); lost are notifications it never received.

Both figures are bounded by the SMTP server, which is Python on the same two cores: the raw loop waits on
its replies one message at a time; the worker's two processes keep two connections busy but also share the
cores with PostgreSQL, Redis and the server. Against a real mail relay both would be faster; the ratio is
what this benchmark watches.
""",
    )


if __name__ == "__main__":
    main()
