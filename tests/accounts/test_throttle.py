"""Failed sign-ins: slowed, then locked, then free again; per email address and per IP; on every sign-in form."""

from datetime import timedelta

import pytest

from accounts.models import Role, SignInThrottle, User
from accounts.services import (
    sign_in_attempt_begin,
    sign_in_failure_record,
    sign_in_throttles_delete_old,
    throttle_key,
)
from tests.concurrency import at_once
from tests.factories import PASSWORD, UserFactory

from .conftest import page_problems

pytestmark = pytest.mark.django_db
WRONG = "wrong password"


@pytest.fixture
def sam(db):
    return UserFactory(email="sam@example.test", role=Role.RESIDENT)


@pytest.fixture
def password_checks(monkeypatch):
    """How many times a password was checked (a refused attempt must not get that far)."""
    calls = []
    original = User.check_password

    def counting(self, raw):
        calls.append(self.email)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    return calls


def _sign_in(client, password=WRONG, email="sam@example.test", ip="203.0.113.5"):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_failures_slow_down_then_lock_then_expire(client, sam, clock, password_checks):
    for _ in range(5):
        assert _sign_in(client).status_code == 400

    response = _sign_in(client, PASSWORD)  # even the right password waits
    assert response.status_code == 429 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Wait 5 seconds before trying again" in html
    assert page_problems(response, error=True) == []
    assert len(password_checks) == 5

    # Each further failure doubles the wait: 5, 10, 20, 40, 80 seconds.
    for wait in (5, 10, 20, 40):
        clock.advance(seconds=wait - 1)
        assert "Wait 1 second before trying again" in _sign_in(client).content.decode()
        clock.advance(seconds=1)
        assert _sign_in(client).status_code == 400
    clock.advance(seconds=80)
    assert _sign_in(client).status_code == 400  # the 10th failure locks the address

    locked_at = clock.now
    clock.advance(minutes=14, seconds=59)
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 429
    until = (locked_at + timedelta(minutes=15)).astimezone()
    expected = f"{until.hour % 12 or 12}:{until.minute:02d}{'am' if until.hour < 12 else 'pm'}"
    assert f"You can try again after {expected}, or reset your password now" in response.content.decode()
    assert len(password_checks) == 10
    assert "_auth_user_id" not in client.session

    clock.advance(seconds=1)
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert not SignInThrottle.objects.filter(key=throttle_key("email", "sam@example.test")).exists()


def test_a_success_forgets_the_address_failures_but_not_the_ip(client, sam, clock):
    for _ in range(4):
        _sign_in(client)
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    assert not SignInThrottle.objects.filter(key=throttle_key("email", "sam@example.test")).exists()
    assert SignInThrottle.objects.get(key=throttle_key("ip", "203.0.113.5")).failures == 4
    for _ in range(4):
        assert _sign_in(client).status_code == 400  # counting from 0 again: not slowed yet


def test_failures_far_apart_are_forgotten(client, sam, clock):
    for _ in range(4):
        _sign_in(client)
    clock.advance(minutes=15, seconds=1)
    for _ in range(4):
        assert _sign_in(client).status_code == 400
    assert SignInThrottle.objects.get(key=throttle_key("email", "sam@example.test")).failures == 4


def test_the_address_is_throttled_whatever_its_capitals_or_ip(client, sam, clock):
    for n in range(5):
        _sign_in(client, email="Sam@Example.test" if n % 2 else "sam@example.test", ip=f"198.51.100.{n}")
    assert _sign_in(client, email="SAM@EXAMPLE.TEST", ip="192.0.2.1").status_code == 429


def test_one_ip_guessing_many_addresses_is_slowed_and_others_are_not(client, db, clock):
    for n in range(20):
        assert _sign_in(client, email=f"person{n}@example.test").status_code == 400

    response = _sign_in(client, email="someone.new@example.test")
    assert response.status_code == 429
    assert "Wait 5 seconds before trying again" in response.content.decode()
    assert _sign_in(client, email="someone.new@example.test", ip="198.51.100.7").status_code == 400

    # Slowed to one attempt a minute at most, and never locked.
    for n in range(10):
        clock.advance(seconds=61)
        assert _sign_in(client, email=f"another{n}@example.test").status_code == 400
    assert SignInThrottle.objects.get(key=throttle_key("ip", "203.0.113.5")).locked_until is None


def test_the_staff_admin_sign_in_counts_and_honours_a_lockout(client, staff_user, clock):
    for _ in range(10):
        response = client.post("/admin/login/", {"username": staff_user.email, "password": "wrong password"})
        assert response.status_code == 200
    response = client.post("/admin/login/?next=/admin/", {"username": staff_user.email, "password": PASSWORD})
    assert response.status_code == 200  # refused: the form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, PASSWORD, email=staff_user.email).status_code == 429
    clock.advance(minutes=15)
    assert (
        client.post("/admin/login/?next=/admin/", {"username": staff_user.email, "password": PASSWORD}).status_code
        == 302
    )


def test_the_table_holds_no_addresses(client, sam):
    _sign_in(client)
    keys = list(SignInThrottle.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all("sam" not in key and "203.0.113" not in key for key in keys)


def test_attempts_at_the_same_moment_while_slowed_get_one_slot(db, clock):
    for _ in range(5):
        sign_in_failure_record(email="sam@example.test", ip=None)
    clock.advance(seconds=5)
    assert sign_in_attempt_begin(email="sam@example.test", ip=None) is None
    refusal = sign_in_attempt_begin(email="sam@example.test", ip=None)
    assert refusal is not None and refusal.wait_seconds == 5


def test_old_rows_are_deleted_but_not_a_lockout(db, clock):
    for _ in range(10):
        sign_in_failure_record(email="locked@example.test", ip="203.0.113.5")
    sign_in_failure_record(email="once@example.test", ip=None)
    assert sign_in_throttles_delete_old(now=clock.now + timedelta(minutes=10)) == 0
    assert sign_in_throttles_delete_old(now=clock.now + timedelta(days=2)) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_failures_recorded_at_the_same_time_are_all_counted():
    """Ten workers failing at once (the row is created by one, locked and updated by the rest)."""
    assert at_once(10, lambda: sign_in_failure_record(email="sam@example.test", ip="203.0.113.5")) == []
    rows = dict(SignInThrottle.objects.values_list("key", "failures"))
    assert rows == {throttle_key("email", "sam@example.test"): 10, throttle_key("ip", "203.0.113.5"): 10}
    assert SignInThrottle.objects.get(key=throttle_key("email", "sam@example.test")).locked_until is not None


def test_beat_forgets_old_failures_each_night(db, clock):
    from accounts.tasks import delete_old_sign_in_throttles
    from config.celery import app

    assert "accounts.tasks.delete_old_sign_in_throttles" in {e["task"] for e in app.conf.beat_schedule.values()}
    sign_in_failure_record(email="once@example.test", ip=None)
    clock.advance(days=2)
    assert delete_old_sign_in_throttles() == 1


def test_behind_a_proxy_the_clients_own_address_is_counted(client, db, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "nobody@example.test", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_REAL_IP="198.51.100.23",
        )
    assert SignInThrottle.objects.get(key=throttle_key("ip", "198.51.100.23")).failures == 3
    assert not SignInThrottle.objects.filter(key=throttle_key("ip", "10.0.0.2")).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_guesses_sent_at_the_same_moment_are_judged_one_after_another():
    """Four failures so far; ten guesses at once. Only the fifth has its password checked: the address's row is
    held from the check to the count, so each of the others sees it and must wait."""
    from django.contrib.auth import authenticate

    UserFactory(email="sam@example.test")
    for _ in range(4):
        assert authenticate(None, username="sam@example.test", password="wrong") is None
    assert at_once(10, lambda: authenticate(None, username="sam@example.test", password="still wrong")) == []
    assert SignInThrottle.objects.get(key=throttle_key("email", "sam@example.test")).failures == 5
