"""Accounts made by other routes than sign-up: by staff in the admin, and before sign-up existed (the migration)."""

import importlib

import pytest
from django.apps import apps as django_apps

from accounts.models import SignInThrottle, User
from accounts.services import sign_in_failure_record
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@hackney.example", PASSWORD)


def test_a_superuser_made_on_the_command_line_is_confirmed(superuser):
    assert superuser.email_confirmed


def test_an_account_staff_add_in_the_admin_is_confirmed(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Partner@Example.test",
            "full_name": "Nia Partner",
            "password1": "river lea barges",
            "password2": "river lea barges",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="new.partner@example.test").email_confirmed


def test_staff_find_a_lockout_by_the_whole_address_and_lift_it(client, superuser):
    for _ in range(10):
        sign_in_failure_record(email="sam@example.test", ip="203.0.113.5")
    client.force_login(superuser)
    found = client.get("/admin/accounts/signinthrottle/", {"q": "Sam@example.test"})
    assert found.status_code == 200
    assert found.context["cl"].result_count == 1
    assert client.get("/admin/accounts/signinthrottle/", {"q": "sam@"}).context["cl"].result_count == 0
    row = found.context["cl"].result_list[0]
    response = client.post(f"/admin/accounts/signinthrottle/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert SignInThrottle.objects.count() == 1  # the IP's count stays


def test_the_migration_counts_existing_accounts_as_confirmed(db):
    migration = importlib.import_module("accounts.migrations.0002_email_confirmed_and_sign_in_throttle")
    before = UserFactory(email="before@example.test", email_confirmed_at=None)
    already = UserFactory(email="already@example.test")
    confirmed_at = already.email_confirmed_at

    migration.existing_accounts_confirmed(django_apps, None)

    before.refresh_from_db()
    already.refresh_from_db()
    assert before.email_confirmed_at == before.date_joined
    assert already.email_confirmed_at == confirmed_at
