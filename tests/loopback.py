"""Real services on loopback for the outbox's tests and its benchmark: an SMTP server, a private Redis and a
Celery worker in its own process. Nothing here is a mock: each speaks its real protocol over TCP.
"""

import asyncio
import contextlib
import email
import email.policy
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"Timed out after {timeout}s waiting for {what}")


class SmtpSink:
    """An SMTP server (aiosmtpd) that keeps every message it accepts.

    `reject` holds addresses answered with a permanent 550; `stall_next_recipient()` makes the next RCPT
    hang until `release()` so a test can kill the client in the middle of a delivery.
    """

    def __init__(self, *, record_to: Path | None = None):
        self.messages: list[email.message.Message] = []
        self.record_to = record_to.open("a", buffering=1) if record_to else None
        self.reject: set[str] = set()
        self.next_mail_reply: str | None = None  # answer the next MAIL FROM with this instead of 250
        self._lock = threading.Lock()
        self._stall = False
        self.stalled = threading.Event()
        self._released = threading.Event()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release()
        self.controller.stop()

    def stall_next_recipient(self) -> None:
        self._stall, self._released = True, threading.Event()
        self.stalled.clear()

    def release(self) -> None:
        self._released.set()

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def received_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply, self.next_mail_reply = self.next_mail_reply, None
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 No such mailbox here"
        if self._stall:
            self._stall = False
            self.stalled.set()
            while not self._released.is_set():
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            if self.record_to:  # a long run keeps only the Message-IDs, one line each, for counting
                self.record_to.write(f"{message['Message-ID'].strip()}\n")
            else:
                self.messages.append(message)
        return "250 Message accepted for delivery"


class NotifyStandIn:
    """An HTTP server on loopback answering like GOV.UK Notify's API (`POST /v2/notifications/email`).

    It keeps each request's JSON; `answer` sets the next replies' status (201, or 400/403/500 with Notify's
    documented error body).
    """

    def __init__(self):
        import http.server
        import json

        stand_in = self
        self.requests: list[dict] = []
        self.status = 201

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append({"path": self.path, "auth": self.headers["Authorization"], **body})
                if stand_in.status == 201:
                    reply = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "content": {}, "template": {}}
                else:
                    reply = {"status_code": stand_in.status, "errors": [{"error": "Error", "message": "refused"}]}
                data = json.dumps(reply).encode()
                self.send_response(stand_in.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class RedisServer:
    """A private redis-server on a free port, which a test can stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._accepts, timeout=10, what="redis-server to accept connections")
        return self

    def _accepts(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
            return True
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class WorkerProcess:
    """`celery -A config worker` in its own process group, reading the given database, broker and SMTP server."""

    def __init__(
        self, *, database_url: str, redis_url: str, smtp_port: int, concurrency: int = 1, beat=False, extra_env=None
    ):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            "DEBUG": "true",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
        self.concurrency = concurrency
        self.beat = beat
        self.process = None
        self.output: list[str] = []

    def start(self) -> "WorkerProcess":
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"]
        command += ["--concurrency", str(self.concurrency), "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "--hostname", f"outbox-test-{os.getpid()}-{time.monotonic_ns()}@%h"]
        if self.beat:
            command += ["--beat", "--schedule", f"/tmp/hackney-outbox-beat-{os.getpid()}"]
        self.output, ready = [], threading.Event()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

        def read(stream):
            for line in stream:
                self.output.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=read, args=(self.process.stdout,), daemon=True).start()
        if not ready.wait(60):
            self.kill()
            raise TimeoutError("The Celery worker did not start:\n" + "".join(self.output[-40:]))
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as an out-of-memory kill would."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@contextlib.contextmanager
def celery_broker(url: str):
    """Point this process's Celery producer at another broker (and not eager) for the duration."""
    from config.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._pool, app.amqp._producer_pool = None, None
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool, app.amqp._producer_pool = None, None


def main() -> None:
    """`python -m tests.loopback smtp PORT FILE`: an SMTP sink in its own process, recording Message-IDs."""
    _, port, record_to = sys.argv[1:4]
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sink = SmtpSink(record_to=Path(record_to))
    sink.controller = Controller(sink, hostname="127.0.0.1", port=int(port))
    sink.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    sink.stop()


if __name__ == "__main__":
    main()
