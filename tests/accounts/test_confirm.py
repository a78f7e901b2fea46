"""Confirming an email address: the link from the email, once, within 3 days; a new link on request, rate-limited."""

import pytest
from django.core import mail
from django.core.signing import Signer

from accounts.models import User
from accounts.services import EMAILS_PER_HOUR, email_confirm_token
from notifications.models import Notification
from notifications.rendering import unsubscribe_token
from tests.factories import PASSWORD, UserFactory

from .conftest import link_in, page_problems, without_tokens

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "full_name": "Amara Okoye",
    "email": "amara@example.test",
    "password1": "kingsland market rain",
    "password2": "kingsland market rain",
}


def _confirm_link() -> str:
    return link_in(Notification.objects.filter(kind="account_confirm_email").latest("id"))


@pytest.mark.usefixtures("eager_tasks")
def test_the_emailed_link_confirms_the_address_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGN_UP)
    (email,) = mail.outbox
    assert email.to == ["amara@example.test"] and email.subject == "Confirm your email address"
    link = _confirm_link()
    assert link in email.body

    page = client.get(link)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200
    assert page_problems(page, error=False) == []
    assert "Confirm and sign in" in page.content.decode()
    assert User.objects.get().email_confirmed_at is None

    response = client.post(link, follow=True)

    assert response.redirect_chain == [("/account/", 302)]
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Your email address is confirmed and your account is ready" in html
    user = User.objects.get()
    assert user.email_confirmed_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_link_signs_in_only_once(client, db):
    client.post("/accounts/signup/", SIGN_UP)
    link = _confirm_link()
    client.post(link)
    client.logout()

    assert client.post(link).status_code == 400  # another browser: the password is asked for first
    response = client.post(link, {"password": SIGN_UP["password1"]}, follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "Your email address is already confirmed. Sign in to continue" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_link_offers_a_new_one(client, clock):
    client.post("/accounts/signup/", SIGN_UP)
    link = _confirm_link()
    clock.advance(days=3, seconds=1)

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert page_problems(response, error=False) == []
        html = response.content.decode()
        assert "This link has expired" in html
        assert 'value="amara@example.test"' in html  # the new-link form knows the address
        assert 'action="/accounts/confirm/new-link/"' in html
    assert User.objects.get().email_confirmed_at is None

    response = client.post("/accounts/confirm/new-link/", {"email": "amara@example.test"})
    assert response.status_code == 302
    client.post(_confirm_link())
    assert User.objects.get().email_confirmed_at == clock.now


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "eyJ1IjoxLCJlIjoiYUBleGFtcGxlLnRlc3QiLCJ0IjoxfQ:wrongsignature",
        Signer(salt="another.purpose").sign_object({"u": 1, "e": "amara@example.test", "t": 2_000_000_000}),
    ],
)
def test_a_forged_link_does_nothing(client, token):
    client.post("/accounts/signup/", SIGN_UP)
    for response in (client.get(f"/accounts/confirm/{token}/"), client.post(f"/accounts/confirm/{token}/")):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert User.objects.get().email_confirmed_at is None
    assert "_auth_user_id" not in client.session


def test_an_unsubscribe_token_is_not_a_confirmation_link(client):
    client.post("/accounts/signup/", SIGN_UP)
    user = User.objects.get()
    response = client.post(f"/accounts/confirm/{unsubscribe_token(user, 'listing_approved')}/")
    assert response.status_code == 400
    assert User.objects.get().email_confirmed_at is None


def test_a_link_for_an_address_since_changed_does_not_work(client, db):
    user = UserFactory(email="old@example.test", email_confirmed_at=None)
    token = email_confirm_token(user=user)
    User.objects.filter(pk=user.pk).update(email="new@example.test")
    assert client.post(f"/accounts/confirm/{token}/").status_code == 400
    assert User.objects.get().email_confirmed_at is None


def test_signing_in_before_confirming_explains_and_offers_a_new_link(client, db):
    user = UserFactory(email="amara@example.test", email_confirmed_at=None)

    response = client.post("/accounts/login/", {"username": "amara@example.test", "password": PASSWORD})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Confirm your email address before you sign in" in html
    assert page_problems(response, error=True) == []
    assert '<form method="post" action="/accounts/confirm/new-link/"' in html
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/confirm/new-link/", {"email": "amara@example.test"})
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/check-your-email/"
    assert Notification.objects.get().recipient == user
    client.post(_confirm_link(), {"password": PASSWORD})  # not the browser that signed up: the password too
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_for_an_unconfirmed_account_says_only_that(client, db):
    UserFactory(email="amara@example.test", email_confirmed_at=None)
    response = client.post("/accounts/login/", {"username": "amara@example.test", "password": "not it at all"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a correct email address and password" in html
    assert "confirm/new-link" not in html


def test_new_links_are_limited_per_hour_and_the_page_never_changes(client, clock):
    client.post("/accounts/signup/", SIGN_UP)  # the first email
    pages = set()
    for _ in range(EMAILS_PER_HOUR + 2):
        clock.advance(minutes=1)
        response = client.post("/accounts/confirm/new-link/", {"email": "amara@example.test"}, follow=True)
        pages.add((response.status_code, without_tokens(response.content.decode())))
    assert len(pages) == 1
    assert Notification.objects.count() == EMAILS_PER_HOUR

    clock.advance(hours=1)
    client.post("/accounts/confirm/new-link/", {"email": "amara@example.test"})
    assert Notification.objects.count() == EMAILS_PER_HOUR + 1


def test_a_new_link_for_an_unknown_or_confirmed_address_sends_nothing_and_looks_the_same(client, db):
    UserFactory(email="confirmed@example.test")
    UserFactory(email="waiting@example.test", email_confirmed_at=None)

    def page(email):
        response = client.post("/accounts/confirm/new-link/", {"email": email}, follow=True)
        return response.status_code, without_tokens(response.content.decode()).replace(email, "ADDRESS")

    assert page("waiting@example.test") == page("confirmed@example.test") == page("nobody@example.test")
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == ["waiting@example.test"]


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address"), ("not an address", "Enter an email address in the correct format")],
)
def test_asking_for_a_new_link_without_an_address_is_explained(client, db, email, message):
    page = client.get("/accounts/confirm/new-link/")
    assert page.status_code == 200 and page_problems(page, error=False) == []
    response = client.post("/accounts/confirm/new-link/", {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert page_problems(response, error=True) == []
    assert not Notification.objects.exists()


def test_someone_who_signed_up_from_a_listing_goes_back_to_it(client):
    page = client.get("/accounts/signup/?next=/opportunities/trainee-gardener/apply/")
    assert 'name="next" value="/opportunities/trainee-gardener/apply/"' in page.content.decode()
    client.post("/accounts/signup/", {**SIGN_UP, "next": "/opportunities/trainee-gardener/apply/"})
    response = client.post(_confirm_link())
    assert response.status_code == 302 and response["Location"] == "/opportunities/trainee-gardener/apply/"


def test_another_site_as_next_is_ignored(client):
    client.post("/accounts/signup/", {**SIGN_UP, "next": "https://evil.example/phish"})
    response = client.post(_confirm_link())
    assert response["Location"] == "/account/"


def test_confirming_someone_elses_account_on_your_address_needs_its_password(client, db):
    """Someone signs up with Amara's address and a password of their own. Amara opening the link (in her own
    browser) can't confirm that account without its password, so she never confirms an account someone else
    can sign in to; signing up herself gets her a link to choose her own password instead."""
    from django.test import Client

    intruder = Client()
    intruder.post("/accounts/signup/", SIGN_UP | {"email": "amara@example.test"})
    link = _confirm_link()

    page = client.get(link)
    assert page.status_code == 200 and 'type="password"' in page.content.decode()
    assert page_problems(page, error=False) == []
    response = client.post(link, {"password": "a guess at it"})
    assert response.status_code == 400 and "Enter the password you chose for this account" in response.content.decode()
    assert page_problems(response, error=True) == []
    assert User.objects.get(email="amara@example.test").email_confirmed_at is None
    assert "_auth_user_id" not in client.session

    client.post("/accounts/signup/", SIGN_UP | {"email": "amara@example.test", "password1": "her-own-pass-2026",
                                               "password2": "her-own-pass-2026"})  # fmt: skip
    assert Notification.objects.order_by("-id").first().kind == "password_reset"
    assert client.post(link).status_code == 400  # still not her browser's account: no password, no confirming


def test_the_link_does_not_carry_the_address(db):
    import base64

    user = UserFactory(email="amara@example.test", email_confirmed_at=None)
    token = email_confirm_token(user=user)
    readable = base64.urlsafe_b64decode(token.split(":")[0] + "==")
    assert b"amara" not in readable and "amara" not in token
