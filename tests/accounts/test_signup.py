"""Signing up through the Django test client: the account, its role, its password hash and the outbox row."""

import pytest
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory

from .conftest import page_problems, without_tokens

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Amara Okoye",
    "email": " Amara.Okoye@Example.TEST ",
    "password1": "kingsland market rain",
    "password2": "kingsland market rain",
}


def test_sign_up_makes_a_resident_and_emails_a_confirmation_link(client):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert page_problems(page, error=False) == []

    response = client.post("/accounts/signup/", GOOD)

    assert response.status_code == 302 and response["Location"] == "/accounts/signup/check-your-email/"
    user = User.objects.get()
    assert (user.email, user.full_name) == ("amara.okoye@example.test", "Amara Okoye")
    assert user.has_role(Role.RESIDENT)
    assert user.email_confirmed_at is None
    assert user.password.startswith("argon2")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (user, "account_confirm_email")
    assert notification.link.startswith("/accounts/confirm/")
    assert "The link works for 3 days" in notification.body

    check = client.get(response["Location"])
    assert check.status_code == 200
    assert page_problems(check, error=False) == []
    html = check.content.decode()
    assert '<h1 class="govuk-heading-l">Check your email</h1>' in html
    assert "amara.okoye@example.test" in html
    assert "Send the email again" in html
    # Signed up, not signed in: that waits for the link.
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter your full name"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "amara@"}, "email", "Enter an email address in the correct format, like name@example.com"),
        ({"password1": "", "password2": ""}, "password1", "Enter a password"),
        ({"password1": "short one", "password2": "short one"}, "password1", "Password must be 10 characters or more"),
        (
            {"password1": "password123", "password2": "password123"},
            "password1",
            "Password is too easy to guess. Choose one that is not a common password",
        ),
        (
            {"password1": "8402716593", "password2": "8402716593"},
            "password1",
            "Password must include letters or symbols, not only numbers",
        ),
        (
            {"email": "kingslandmarket@example.test", "password1": "kingslandmarket", "password2": "kingslandmarket"},
            "password1",
            "Password must not be like your email address",
        ),
        ({"password2": "kingsland market sun"}, "password2", "The passwords do not match"),
        ({"password2": ""}, "password2", "Enter the password again"),
    ],
)
def test_bad_sign_up_is_explained_and_writes_nothing(client, change, field, message):
    response = client.post("/accounts/signup/", {**GOOD, **change})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#id_{field}">{message}</a>' in html  # in the error summary, linked to the field
    assert f'id="id_{field}-error"' in html
    assert page_problems(response, error=True) == []
    assert not User.objects.exists()
    assert not Notification.objects.exists()


def test_a_failure_part_way_leaves_no_account(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr("accounts.services.notify", broken)
    with pytest.raises(RuntimeError):
        client.post("/accounts/signup/", GOOD)
    assert not User.objects.exists()


def _sign_up_page(client, data) -> tuple[int, str, str]:
    response = client.post("/accounts/signup/", data)
    page = client.get(response["Location"])
    return response.status_code, response["Location"], without_tokens(page.content.decode())


def test_a_registered_address_gets_the_same_page_and_its_owner_gets_a_reset_link(client):
    owner = UserFactory(email="amara.okoye@example.test")
    before = owner.password
    known = _sign_up_page(client, {**GOOD, "full_name": "Someone Else"})
    client.logout()
    User.objects.filter(pk=owner.pk).update(email="moved@example.test")  # the same address, now unknown
    unknown = _sign_up_page(client, GOOD)

    assert known == unknown
    owner.refresh_from_db()
    assert owner.password == before and owner.full_name != "Someone Else"
    told = Notification.objects.get(recipient=owner)
    assert told.kind == "password_reset"  # a way back in for someone who forgot they had an account
    assert told.subject == "You already have an account" and "Choose a new password" in told.body


def test_an_unconfirmed_registered_address_gets_a_link_to_choose_a_password_not_to_confirm(client):
    """The unconfirmed account's password may be someone else's choice: its owner gets to choose their own."""
    owner = UserFactory(email="amara.okoye@example.test", email_confirmed_at=None)
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/check-your-email/"
    assert User.objects.count() == 1
    assert list(Notification.objects.values_list("recipient", "kind")) == [(owner.pk, "password_reset")]


def test_a_signed_in_person_is_sent_to_their_account(client, resident):
    client.force_login(resident)
    response = client.get("/accounts/signup/")
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_passwords_are_hashed_with_argon2_and_older_hashes_upgraded_at_sign_in(client):
    client.post("/accounts/signup/", GOOD)
    assert User.objects.get().password.startswith("argon2$argon2id$")

    old = UserFactory(email="older@example.test")
    User.objects.filter(pk=old.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert User.objects.get(pk=old.pk).password.startswith("pbkdf2_sha256$")

    response = client.post("/accounts/login/", {"username": "older@example.test", "password": PASSWORD})

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.password.startswith("argon2$argon2id$")
    assert old.check_password(PASSWORD)


def test_an_empty_form_lists_every_missing_answer(client):
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("Enter your full name", "Enter your email address", "Enter a password", "Enter the password again"):
        assert message in html
    assert not User.objects.exists()
