"""Faults a newcomer hit with the demo data: email links on another port, the search's back link, returning to a
listing after adding a date of birth, "Pay: Unpaid" on courses and events, signing out from the header, and a
confirmation message left unread. (The search page on a phone is tested in tests/browser/test_newcomer_phone.py.)"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


# 1. `make run` on another port: links in emails point at that port ------------------------------------------


def _make_dry_run(*args, site_url: str | None = None) -> dict[str, str]:
    """The last command `make -n` shows for seed_demo, runserver and honcho (nothing is run)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "HOST", "PORT", "MAKEFLAGS"}}
    if site_url is not None:
        env["SITE_URL"] = site_url
    output = subprocess.run(
        [make, "--no-print-directory", "-n", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout.replace("\\\n", " ")  # a command continued on the next line is one command
    lines = {}
    for step in ("seed_demo", "runserver", "honcho"):
        found = [line for line in output.splitlines() if step in line]
        if found:
            lines[step] = found[-1]
    return lines


def test_make_run_gives_the_server_and_the_seed_the_site_url_of_its_port():
    lines = _make_dry_run("run", "PORT=8123")
    assert "runserver 127.0.0.1:8123" in lines["runserver"]
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=http://127.0.0.1:8123 " in lines[step], lines[step]

    lines = _make_dry_run("run", "HOST=localhost", "PORT=8124")
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=http://localhost:8124 " in lines[step], lines[step]


def test_make_run_keeps_a_site_url_that_is_set():
    lines = _make_dry_run("run", "PORT=8123", site_url="https://opportunities.example.test")
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=https://opportunities.example.test " in lines[step], lines[step]

    lines = _make_dry_run("run", "PORT=8123", "SITE_URL=http://192.0.2.7:8123")
    assert "SITE_URL=http://192.0.2.7:8123 " in lines["runserver"]


def test_make_up_gives_its_processes_the_site_url_of_its_port():
    lines = _make_dry_run("up", "PORT=8125")
    for step in ("seed_demo", "honcho"):
        assert "SITE_URL=http://127.0.0.1:8125 " in lines[step], lines[step]
