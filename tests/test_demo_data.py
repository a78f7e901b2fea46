"""`seed_demo` (what `make run` loads): every role can sign in, and applications exist at every stage."""

import pytest
from django.core.management import call_command

from accounts.models import User
from applications.models import Application, ApplicationStatus
from demo import demo_data

pytestmark = pytest.mark.django_db


def test_demo_has_every_role_signed_in_and_applications_at_every_stage(client):
    call_command("seed_demo", verbosity=0)
    for account in demo_data.ACCOUNTS:
        assert client.login(username=account["email"], password=demo_data.PASSWORD), account["email"]
    resident = User.objects.get(email="resident@demo.test")
    statuses = set(Application.objects.filter(resident=resident).values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    partner = User.objects.get(email="partner.a@demo.test")
    assert Application.objects.for_partner(partner).count() >= len(demo_data.APPLICANTS)
    assert Application.objects.exclude(cv="").exists()

    before = Application.objects.count()
    call_command("seed_demo", verbosity=0)  # safe to run again: nothing new
    assert Application.objects.count() == before
