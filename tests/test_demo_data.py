"""`seed_demo` (what `make run` loads): every account it prints signs in and leads somewhere, applications exist
at every stage, the demo advisor has a diary and a caseload at every stage, a re-run adds nothing, and every
app's part is run, lowest layer first."""

import importlib.util
import re
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from advisors.models import (
    Appointment,
    AppointmentStatus,
    Case,
    CheckIn,
    Outcome,
    OutcomeKind,
    Referral,
    ReferralSource,
)
from applications.models import Application, ApplicationStatus
from demo.management.commands.seed_demo import PARTS
from residents.demo import OTHER_RESIDENTS

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def seed() -> str:
    """Run the command as `make run` does and return what it printed."""
    out = StringIO()
    call_command("seed_demo", not_production=True, stdout=out)
    return out.getvalue()


def row_counts() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_every_printed_account_signs_in_and_applications_exist_at_every_stage(client):
    output = seed()
    password = re.search(r"Password: (\S+)", output).group(1)
    printed = re.findall(r"\S+@\S+", output)
    assert {"resident@demo.test", "partner.a@demo.test", "partner.b@demo.test", "staff@demo.test"} <= set(printed)
    assert "advisor@demo.test" in printed
    for email in printed:
        assert client.login(username=email, password=password), email
    resident = User.objects.get(email="resident@demo.test")
    statuses = set(Application.objects.filter(resident=resident).values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    partner = User.objects.get(email="partner.a@demo.test")
    assert Application.objects.for_partner(partner).count() >= len(OTHER_RESIDENTS)
    assert Application.objects.exclude(cv="").exists()

    before = row_counts()
    call_command("seed_demo", not_production=True, verbosity=0)  # safe to run again: nothing new
    assert row_counts() == before


@pytest.mark.django_db
def test_the_demo_advisor_has_a_diary_and_a_caseload_at_every_stage(client):
    output = seed()
    assert "advisor@demo.test" in output and "/advisors/" in output
    grace = User.objects.get(email="advisor@demo.test")
    client.force_login(grace)
    for page in ("/advisors/", "/advisors/diary/", "/advisors/caseload/", "/advisors/referrals/"):
        assert client.get(page).status_code == 200, page
    advisor = grace.advisor_profile
    assert advisor.weekly_hours.exists() and advisor.exceptions.exists()
    statuses = set(Appointment.objects.filter(advisor=advisor).values_list("status", flat=True))
    assert statuses >= {AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.MISSED}
    waiting = Referral.objects.filter(status=Referral.Status.WAITING)
    assert {ReferralSource.SELF, ReferralSource.PARTNER} <= set(waiting.values_list("source", flat=True))
    cases = Case.objects.for_advisor(grace)
    assert cases.filter(assessment__isnull=True).exists() and cases.filter(assessment__isnull=False).exists()
    quiet = cases.filter(resident__email="hannah.goldberg@residents.example", last_contact_at__isnull=True)
    assert quiet.exists()  # someone nobody has been in touch with for weeks
    kinds = set(Outcome.objects.filter(case__in=cases).values_list("kind", flat=True))
    assert kinds >= {OutcomeKind.JOB_START, OutcomeKind.SUSTAINED_13}
    assert Outcome.objects.filter(kind=OutcomeKind.COURSE_COMPLETION).exists()
    assert CheckIn.objects.filter(done_at__isnull=True).exists() and CheckIn.objects.exclude(done_at=None).exists()
    # The demo resident sees her advisor and her plan.
    client.force_login(User.objects.get(email="resident@demo.test"))
    support = client.get("/account/support/").content.decode()
    assert "Grace Mensah" in support and "spreadsheets course" in support


def test_every_app_with_demo_data_is_a_part_listed_lowest_layer_first():
    linter = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    layers = next(contract["layers"] for contract in linter["contracts"] if contract["type"] == "layers")
    depth = {app.strip(): number for number, layer in enumerate(reversed(layers)) for app in layer.split("|")}
    parts = [name.removesuffix(".demo") for name in PARTS]
    assert [depth[app] for app in parts] == sorted(depth[app] for app in parts)
    assert all(depth[app] < depth["demo"] for app in parts)  # demo runs them, so they are below it
    with_demo_data = {app for app in linter["root_packages"] if importlib.util.find_spec(f"{app}.demo")}
    assert sorted(with_demo_data) == sorted(parts)


def test_it_refuses_to_run_with_debug_off_unless_told_this_is_not_production(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="Never run it on production"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_courses_have_dates_and_the_demo_resident_takes_part_at_every_stage(client):
    from courses.models import CourseRun, Delivery, Enrolment, EnrolmentStatus, RunStatus

    seed()
    amara = User.objects.get(email="resident@demo.test")
    mine = {e.status: e for e in Enrolment.objects.filter(resident=amara).select_related("run__opportunity")}
    assert set(mine) == {EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED}
    assert {run.delivery for run in CourseRun.objects.all()} == set(Delivery.values)
    assert CourseRun.objects.filter(starts_on__isnull=True).exists() and CourseRun.objects.filter(cost__gt=0).exists()
    assert CourseRun.objects.filter(status=RunStatus.CANCELLED).exists()
    online = mine[EnrolmentStatus.ENROLLED].run
    client.force_login(amara)
    page = client.get(f"/courses/{online.opportunity.slug}/").content.decode()
    assert online.delivery == Delivery.ONLINE and online.joining_link in page
    assert (
        "Take up this place"
        in client.get(f"/courses/{mine[EnrolmentStatus.OFFERED].run.opportunity.slug}/").content.decode()
    )


@pytest.mark.django_db
def test_a_demo_date_has_run_with_its_registers_and_completions():
    from courses.models import Attendance, Enrolment, EnrolmentStatus

    seed()
    completed = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    assert completed.count() == 4
    assert Attendance.objects.filter(present=True).exists() and Attendance.objects.filter(present=False).exists()
