"""Accounts made by other routes than sign-up: by staff in the admin; and lifting a sign-in lockout."""

import pytest

from accounts.models import SignInThrottle, User
from accounts.services import sign_in_failure_record
from tests.factories import PASSWORD

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
