"""Resetting a password: a link through the outbox, once, within an hour, never saying whether an address exists."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

from accounts.models import SignInThrottle, User
from accounts.services import EMAILS_PER_HOUR, sign_in_failure_record
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory

from .conftest import link_in, page_problems, without_tokens

pytestmark = pytest.mark.django_db

NEW = "three quiet herons"


@pytest.fixture
def sam(db):
    return UserFactory(email="sam@example.test")


def _ask(client, email="sam@example.test"):
    return client.post("/accounts/password-reset/", {"email": email})


@pytest.mark.usefixtures("eager_tasks")
def test_a_reset_link_from_the_email_sets_a_new_password_once(client, sam, django_capture_on_commit_callbacks):
    page = client.get("/accounts/password-reset/")
    assert page.status_code == 200 and page_problems(page, error=False) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, " SAM@Example.test ")

    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/check-your-email/"
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (sam, "password_reset")
    link = link_in(notification)
    uidb64, token = link.strip("/").split("/")[-2:]
    assert notification.key == f"password_reset:{sam.pk}:{token}"
    assert mail.outbox[0].to == ["sam@example.test"] and link in mail.outbox[0].body

    response = client.get(link)  # Django moves the token into the session, out of the address bar
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url == f"/accounts/reset/{uidb64}/set-password/"
    page = client.get(form_url)
    assert page.status_code == 200 and page_problems(page, error=False) == []
    assert "Choose a new password" in page.content.decode()

    response = client.post(form_url, {"new_password1": NEW, "new_password2": "something else"})
    assert response.status_code == 400
    assert "The passwords do not match" in response.content.decode()
    assert page_problems(response, error=True) == []

    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/done/"
    done = client.get("/accounts/reset/done/")
    assert done.status_code == 200 and page_problems(done, error=False) == []
    sam.refresh_from_db()
    assert sam.check_password(NEW) and sam.password.startswith("argon2")

    assert client.get(link).status_code == 400  # used once: the password it was made from has changed
    assert client.post("/accounts/login/", {"username": "sam@example.test", "password": NEW}).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter a password"),
        ("short one", "Password must be 10 characters or more"),
        ("password123", "Password is too easy to guess"),
        ("5550102938", "Password must include letters or symbols, not only numbers"),
        ("samexampletest", "Password must not be like your email address"),
    ],
)
def test_a_weak_new_password_is_explained_and_changes_nothing(client, sam, password, message):
    _ask(client)
    form_url = client.get(link_in(Notification.objects.get()))["Location"]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert page_problems(response, error=True) == []
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_known_and_unknown_addresses_get_the_same_pages(client, sam):
    def pages(email):
        response = _ask(client, email)
        done = client.get(response["Location"])
        html = without_tokens(done.content.decode()).replace(email, "ADDRESS")
        return response.status_code, response["Location"], done.status_code, html

    assert pages("sam@example.test") == pages("nobody@example.test")
    UserFactory(email="gone@example.test", is_active=False)
    assert pages("gone@example.test") == pages("nobody@example.test")
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == ["sam@example.test"]


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address"), ("sam@", "Enter an email address in the correct format")],
)
def test_asking_without_an_address_is_explained(client, sam, email, message):
    response = _ask(client, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert page_problems(response, error=True) == []
    assert not Notification.objects.exists()


def test_reset_emails_are_limited_per_hour(client, sam, clock, monkeypatch):
    # Reset tokens carry Django's own clock; follow ours, so each request makes a new token (and key).
    monkeypatch.setattr(default_token_generator, "_now", lambda: clock.now.replace(tzinfo=None))
    for _ in range(EMAILS_PER_HOUR + 2):
        clock.advance(minutes=1)
        assert _ask(client).status_code == 302
    assert Notification.objects.count() == EMAILS_PER_HOUR


def test_an_expired_or_forged_reset_link_is_refused(client, sam, monkeypatch):
    _ask(client)
    link = link_in(Notification.objects.get())
    uidb64, token = link.strip("/").split("/")[-2:]

    for bad in [
        f"/accounts/reset/{uidb64}/{token[:-2]}xx/",
        f"/accounts/reset/MTIzNDU2/{token}/",
        "/accounts/reset/!!/x/",
    ]:
        response = client.get(bad)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert page_problems(response, error=False) == []

    later = datetime.now() + timedelta(hours=1, seconds=5)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert client.get(link).status_code == 400
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_resetting_confirms_the_address_and_lifts_a_lockout(client, db):
    person = UserFactory(email="amara@example.test", email_confirmed_at=None)
    for _ in range(10):
        sign_in_failure_record(email="amara@example.test", ip="10.0.0.9")
    response = client.post("/accounts/login/", {"username": "amara@example.test", "password": PASSWORD})
    assert response.status_code == 429

    _ask(client, "amara@example.test")
    form_url = client.get(link_in(Notification.objects.get()))["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    person.refresh_from_db()
    assert person.email_confirmed_at is not None
    assert SignInThrottle.objects.filter(key__startswith="email:").count() == 0
    response = client.post("/accounts/login/", {"username": "amara@example.test", "password": NEW})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert int(client.session["_auth_user_id"]) == person.pk


def test_the_sign_in_page_links_to_reset_and_sign_up(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in html
    assert 'href="/accounts/signup/"' in html
    assert "contact us" not in html.split("<main", 1)[1].split("</main>")[0]
    assert User.objects.count() == 0
