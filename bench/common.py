"""Shared helpers for the benchmarks: a PostgreSQL database, a gunicorn server, timing and the report."""

import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPORT = ROOT / "docs" / "benchmarks.md"


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def database_env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "REDIS_URL": ""}


def create_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict, *, workers: int = 2):
    """Serve bench.wsgi (the portal plus the bare baseline view) with gunicorn sync workers."""
    port = free_port()
    server_env = {**env, "SECRET_KEY": secrets.token_urlsafe(32), "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "60"}
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def get(port: int, path: str) -> tuple[int, float]:
    """One GET; returns the status and the seconds from sending the request to reading the whole body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def request(port: int, method: str, path: str, *, cookies: dict, body: str = "") -> tuple[int, float, dict, bytes]:
    """One request with cookies; returns the status, seconds to the whole body, the Set-Cookie values, the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        content = response.read()
        seconds = time.perf_counter() - started
        jar = SimpleCookie()
        for value in response.msg.get_all("Set-Cookie") or []:
            jar.load(value)
        return response.status, seconds, {k: m.value for k, m in jar.items()}, content
    finally:
        connection.close()


def sign_in(port: int, login_path: str, email: str, password: str, *, next_page: str) -> dict:
    """Through a sign-in page, as a person would (CSRF token and all); returns the cookies."""
    status, _, cookies, page = request(port, "GET", login_path, cookies={})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
    status, _, more, _ = request(port, "POST", f"{login_path}?next={next_page}", cookies=cookies, body=form)
    cookies |= more
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in at {login_path} answered {status}")
    return cookies


def timed(port: int, paths: list[str], cookies: dict, rounds: int) -> dict[str, list[float]]:
    """Each path `rounds` times with these cookies, one request at a time, after one warm-up pass; every answer
    must be a 200."""
    for path in paths:
        request(port, "GET", path, cookies=cookies)
    timings: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            status, seconds, _, _ = request(port, "GET", path, cookies=cookies)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            timings[path].append(seconds)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def latencies(port: int, paths: list[str], rounds: int) -> dict[str, list[float]]:
    """Each path `rounds` times, one request at a time (after one warm-up pass)."""
    for path in paths:
        get(port, path)
    timings: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            status, seconds = get(port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            timings[path].append(seconds)
    return timings


def throughput(port: int, paths: list[str], *, seconds: float = 10.0, clients: int = 4) -> float:
    """Requests per second with `clients` concurrent clients cycling through `paths` for `seconds`; every answer
    must be a 200 (an error page would count as fast)."""
    done = [0] * clients
    failed: list[tuple[str, int]] = []
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        position = index
        while time.monotonic() < stop:
            path = paths[position % len(paths)]
            status, _ = get(port, path)
            if status != 200:
                failed.append((path, status))
            done[index] += 1
            position += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failed:
        path, status = failed[0]
        raise RuntimeError(f"{path} answered {status} ({len(failed)} answers were not a 200)")
    return sum(done) / elapsed


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), percentile(values, 0.95), max(values)


def write_section(name: str, markdown: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md (between its markers), keeping the others."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n\nFigures written by `make bench`.\n"
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    REPORT.write_text(text)
