"""`matching.background.Background`: database jobs on a second thread, in order, with errors brought back."""

import sys
import threading
import time

import pytest

from accounts.models import User
from matching.background import Background
from tests.factories import UserFactory


def where(n):
    return lambda: (n, threading.current_thread().name, User.objects.count())


@pytest.mark.django_db
def test_inside_a_transaction_the_jobs_run_inline_and_see_its_work():
    UserFactory()
    with Background() as background:
        assert not background.threaded
        for n in range(3):
            background.submit(where(n))
    assert background.results == [(0, "MainThread", 1), (1, "MainThread", 1), (2, "MainThread", 1)]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_jobs_run_in_order_on_a_thread_with_its_own_connection():
    UserFactory()
    interval = sys.getswitchinterval()
    with Background(ahead=1) as background:
        assert background.threaded
        for n in range(5):
            background.submit(where(n))
    assert background.results == [(n, "matching-background", 1) for n in range(5)]
    assert not background.thread.is_alive() and sys.getswitchinterval() == interval


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_stops_the_ones_after_it_and_is_raised_in_the_caller():
    ran = []

    def job(n):
        def run():
            ran.append(n)
            if n == 1:
                raise RuntimeError("chunk 1 failed")

        return run

    with pytest.raises(RuntimeError, match="chunk 1 failed"), Background() as background:
        for n in range(4):
            try:
                background.submit(job(n))
            except RuntimeError:
                break  # seen early, when the caller submits again
    assert ran == [0, 1]


@pytest.mark.django_db(transaction=True)
def test_when_the_caller_fails_the_jobs_not_begun_are_not_run():
    ran, begun = [], threading.Event()

    def first():
        begun.set()
        deadline = time.monotonic() + 5
        while background.error is None and time.monotonic() < deadline:  # until the caller has failed
            time.sleep(0.01)
        ran.append("first")

    with pytest.raises(ValueError), Background(ahead=3) as background:
        background.submit(first)
        background.submit(lambda: ran.append("second"))
        begun.wait(5)
        raise ValueError("preparing the next chunk failed")
    assert ran == ["first"]
