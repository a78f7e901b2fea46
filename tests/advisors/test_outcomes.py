"""Outcomes of a case and the in-work check-ins a work start schedules: recording them through the case's pages,
pay against the London Living Wage, work that lasted 13 and 26 weeks (once per start), and bad input refused with
nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisors.models import CheckIn, Outcome, OutcomeKind
from advisors.services.casework import check_in_record, opportunity_share, outcome_record
from tests.concurrency import at_once
from tests.factories import ApplicationFactory, CaseFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def case(db):
    return CaseFactory(resident__full_name="Amara Okafor")


@pytest.fixture
def advisor(case):
    return case.lead_advisor.user


@pytest.fixture
def signed_in(client, advisor):
    client.force_login(advisor)
    return client


def outcomes_url(case, *rest):
    return "/".join([f"/advisors/cases/{case.pk}/outcomes", *rest, ""])


def check_in_url(case, check_in):
    return f"/advisors/cases/{case.pk}/check-ins/{check_in.pk}/"


def achieved(day) -> dict:
    return {"achieved_on_day": day.day, "achieved_on_month": day.month, "achieved_on_year": day.year}


def job_start(**fields) -> dict:
    return {"kind": "job_start", **achieved(TODAY()), "employer": "Hackney Council", "job_title": "Porter"} | fields


def start_on(case, advisor, day, kind="job_start", **details):
    return outcome_record(case=case, kind=kind, achieved_on=day, employer="Hackney Council", by=advisor, **details)


# Work starts, pay and the check-ins they schedule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "period", "hours", "pays_llw"),
    [
        ("£15.00", "hour", "37.5", True),
        ("14.80", "hour", "", True),
        ("£400", "week", "37.5 hours", False),  # £10.67 an hour
        ("£32,000", "year", "37.5", True),  # £16.41 an hour
        ("£32,000", "year", "", None),  # no hours to work it out
        ("", "", "20", None),  # no pay given
    ],
)
def test_a_job_start_with_its_pay_against_the_london_living_wage(
    signed_in, case, advisor, settings, pay, period, hours, pays_llw
):
    settings.LONDON_LIVING_WAGE_HOURLY = "14.80"

    response = signed_in.post(outcomes_url(case, "record"), job_start(pay=pay, pay_period=period, hours_per_week=hours))

    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.case, outcome.kind, outcome.employer, outcome.recorded_by) == (
        case,
        "job_start",
        "Hackney Council",
        advisor,
    )
    assert outcome.pays_llw is pays_llw
    assert outcome.pay_period == period


def test_a_work_start_schedules_its_three_check_ins_once(signed_in, case):
    started = TODAY() - timedelta(days=3)

    signed_in.post(outcomes_url(case, "record"), job_start(**achieved(started), kind="apprenticeship_start"))

    start = Outcome.objects.get()
    check_ins = {c.due: c.due_on for c in CheckIn.objects.filter(outcome=start, case=case)}
    assert check_ins == {
        "first_week": started + timedelta(days=7),
        "week_13": started + timedelta(days=91),
        "week_26": started + timedelta(days=182),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(case=case, outcome=start, due="week_13", due_on=TODAY())


def test_a_course_completed_keeps_provider_and_title_and_schedules_nothing(signed_in, case):
    response = signed_in.post(
        outcomes_url(case, "record"),
        {
            "kind": "course_completion",
            **achieved(TODAY()),
            "provider": "Hackney Adult Learning",
            "course_title": "ESOL",
        },
    )

    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.employer, outcome.job_title, outcome.pays_llw) == ("Hackney Adult Learning", "ESOL", None)
    assert not CheckIn.objects.exists()


def test_an_outcome_can_come_from_a_listing_shared_or_applied_for(signed_in, case, advisor):
    shared, applied = OpportunityFactory(title="Porter"), OpportunityFactory(title="Cleaner")
    opportunity_share(case=case, opportunity=shared, message="", by=advisor)
    ApplicationFactory(opportunity=applied, resident=case.resident)

    page = signed_in.get(outcomes_url(case, "record")).content.decode()
    assert "Porter" in page and "Cleaner" in page

    for listing in (shared, applied):
        assert signed_in.post(outcomes_url(case, "record"), job_start(opportunity=listing.pk)).status_code == 302
    assert set(Outcome.objects.values_list("opportunity", flat=True)) == {shared.pk, applied.pk}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "promotion"}, "Select what the resident achieved"),
        ({"kind": ""}, "Select what the resident achieved"),
        (achieved(TODAY() + timedelta(days=1)), "Date achieved must be today or in the past"),
        ({"achieved_on_day": "", "achieved_on_month": "", "achieved_on_year": ""}, "Enter the date it was achieved"),
        ({"achieved_on_day": "30", "achieved_on_month": "2"}, "Date achieved must be a real date"),
        ({"employer": "  "}, "Enter the employer"),
        ({"pay": "abc", "pay_period": "hour"}, "Pay must be an amount of money"),
        ({"pay": "1e3", "pay_period": "hour"}, "Pay must be an amount of money"),
        ({"pay": "-15", "pay_period": "hour"}, "Pay must be £0 or more"),
        ({"pay": "0", "pay_period": "hour"}, "Pay must be more than £0"),
        ({"pay": "15.123", "pay_period": "hour"}, "not have more than 2 numbers after the decimal point"),
        ({"pay": "15"}, "Select how often the pay is given"),
        ({"pay": "15", "pay_period": "fortnight"}, "Select how often the pay is given"),
        ({"pay_period": "hour"}, "Enter the pay, or leave how often it is paid empty"),
        ({"hours_per_week": "lots"}, "Hours per week must be a number"),
        ({"hours_per_week": "0"}, "Hours per week must be between 0.5 and 100"),
        ({"hours_per_week": "168"}, "Hours per week must be between 0.5 and 100"),
        ({"hours_per_week": "37.25"}, "Hours per week can only have 1 number after the decimal point"),
        ({"opportunity": "987654321"}, "Select an opportunity shared with or applied for by Amara Okafor"),
        ({"kind": "course_completion", "course_title": ""}, "Enter the title of the course"),
        ({"kind": "sustained_13"}, "Select the job, apprenticeship or placement start that lasted"),
        ({"employer": "x" * 201}, "Employer must be 200 characters or fewer"),
    ],
)
def test_bad_outcomes_are_refused_and_write_nothing(signed_in, case, fields, message):
    response = signed_in.post(outcomes_url(case, "record"), job_start(**fields))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "<title>Error: " in page
    assert not Outcome.objects.exists() and not CheckIn.objects.exists()


def test_a_listing_not_shared_nor_applied_for_cant_be_named(signed_in, case):
    elsewhere = OpportunityFactory()
    response = signed_in.post(outcomes_url(case, "record"), job_start(opportunity=elsewhere.pk))
    assert response.status_code == 400 and not Outcome.objects.exists()


# Work that lasted --------------------------------------------------------------------------------------------


def test_recording_work_that_lasted_13_weeks_once(signed_in, case, advisor):
    start = start_on(case, advisor, TODAY() - timedelta(weeks=14))
    sustained = {"kind": "sustained_13", **achieved(TODAY()), "start": start.pk}

    assert signed_in.post(outcomes_url(case, "record"), sustained).status_code == 302
    again = signed_in.post(outcomes_url(case, "record"), sustained)

    assert again.status_code == 400
    assert "You have already recorded that this start lasted" in again.content.decode()
    lasted = Outcome.objects.get(kind="sustained_13")
    assert lasted.start == start and not lasted.check_ins.exists()
    assert CheckIn.objects.count() == 3


def test_work_that_lasted_names_a_start_of_this_case(signed_in, case, advisor):
    other_case = CaseFactory()
    other_start = start_on(other_case, other_case.lead_advisor.user, TODAY() - timedelta(weeks=30))
    course = outcome_record(
        case=case, kind="course_completion", achieved_on=TODAY() - timedelta(weeks=30), job_title="ESOL", by=advisor
    )

    for start in (other_start, course):
        response = signed_in.post(
            outcomes_url(case, "record"), {"kind": "sustained_26", **achieved(TODAY()), "start": start.pk}
        )
        assert response.status_code == 400
        assert "Select the job, apprenticeship or placement start that lasted" in response.content.decode()
        with pytest.raises(ValidationError, match="Select the job, apprenticeship or placement start"):
            outcome_record(case=case, kind="sustained_26", achieved_on=TODAY(), start=start, by=advisor)
    assert not Outcome.objects.filter(kind__in=["sustained_13", "sustained_26"]).exists()


def test_work_cant_have_lasted_before_its_weeks_are_up(signed_in, case, advisor):
    start = start_on(case, advisor, TODAY() - timedelta(weeks=20))
    response = signed_in.post(
        outcomes_url(case, "record"), {"kind": "sustained_26", **achieved(TODAY()), "start": start.pk}
    )
    assert response.status_code == 400
    assert "Still in work after 26 weeks can only be recorded from" in response.content.decode()
    assert not Outcome.objects.filter(kind="sustained_26").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_work_that_lasted_is_recorded_once_when_two_advisors_record_it_at_once():
    case = CaseFactory()
    advisor = case.lead_advisor.user
    start = start_on(case, advisor, TODAY() - timedelta(weeks=27))

    errors = at_once(
        8, lambda: outcome_record(case=case, kind="sustained_26", achieved_on=TODAY(), start=start, by=advisor)
    )

    assert Outcome.objects.filter(kind="sustained_26", start=start).count() == 1
    assert len(errors) == 7
    assert all(isinstance(error, ValidationError) and "already recorded" in str(error) for error in errors)


# Check-ins ----------------------------------------------------------------------------------------------------


def test_the_check_ins_list_says_what_is_done_due_and_overdue(signed_in, case, advisor):
    start_on(case, advisor, TODAY() - timedelta(weeks=13, days=-3))  # week 13 due in 3 days
    old = start_on(case, advisor, TODAY() - timedelta(weeks=30), kind="placement_start")
    check_in_record(check_in=old.check_ins.get(due="first_week"), notes="Settling in well", by=advisor)

    page = signed_in.get(outcomes_url(case)).content.decode()

    assert page.count(">Done<") == 1
    assert page.count(">Overdue<") == 3  # the first week of the new start, weeks 13 and 26 of the old one
    assert page.count(">Due</strong>") == 1 and page.count(">Not due yet<") == 1


def test_recording_a_check_in_moves_the_last_contact_on(signed_in, case, advisor):
    start = start_on(case, advisor, TODAY() - timedelta(days=8))
    check_in = start.check_ins.get(due="first_week")
    case.last_contact_at = timezone.now() - timedelta(days=30)
    case.save()

    response = signed_in.post(check_in_url(case, check_in), {"notes": "Enjoying it; needs steel-toe boots."})

    assert response.status_code == 302
    check_in.refresh_from_db()
    case.refresh_from_db()
    assert check_in.done_by == advisor and check_in.notes == "Enjoying it; needs steel-toe boots."
    assert case.last_contact_at == check_in.done_at
    too_early = start.check_ins.get(due="week_26")  # work can't have lasted 26 weeks yet: nothing to offer
    assert "still in work" not in signed_in.get(check_in_url(case, too_early)).content.decode()


def test_a_check_in_needs_notes_and_is_recorded_once(signed_in, case, advisor):
    check_in = start_on(case, advisor, TODAY()).check_ins.get(due="first_week")

    assert signed_in.post(check_in_url(case, check_in), {"notes": " "}).status_code == 400
    assert signed_in.post(check_in_url(case, check_in), {"notes": "x" * 5001}).status_code == 400
    check_in.refresh_from_db()
    assert check_in.done_at is None

    signed_in.post(check_in_url(case, check_in), {"notes": "Fine"})
    again = signed_in.post(check_in_url(case, check_in), {"notes": "Fine again"})
    assert again.status_code == 400 and "already recorded" in again.content.decode()
    check_in.refresh_from_db()
    assert check_in.notes == "Fine"


@pytest.mark.parametrize(("due", "kind", "weeks"), [("week_13", "sustained_13", 13), ("week_26", "sustained_26", 26)])
def test_the_13_and_26_week_check_ins_record_that_work_lasted(signed_in, case, advisor, due, kind, weeks):
    start = start_on(case, advisor, TODAY() - timedelta(weeks=weeks, days=2))
    check_in = start.check_ins.get(due=due)
    assert "still in work" in signed_in.get(check_in_url(case, check_in)).content.decode()

    response = signed_in.post(check_in_url(case, check_in), {"notes": "Still there", "still_in_work": "on"})

    assert response.status_code == 302
    lasted = Outcome.objects.get(kind=kind)
    assert (lasted.start, lasted.achieved_on, lasted.recorded_by) == (start, TODAY(), advisor)


def test_a_check_in_refuses_work_that_lasted_twice_and_writes_nothing(signed_in, case, advisor):
    start = start_on(case, advisor, TODAY() - timedelta(weeks=14))
    outcome_record(case=case, kind="sustained_13", achieved_on=TODAY(), start=start, by=advisor)
    check_in = start.check_ins.get(due="week_13")
    assert "still in work" not in signed_in.get(check_in_url(case, check_in)).content.decode()

    with pytest.raises(ValidationError, match="already recorded that this start lasted"):
        check_in_record(check_in=check_in, notes="Still there", still_in_work=True, by=advisor)

    check_in.refresh_from_db()
    assert check_in.done_at is None and Outcome.objects.filter(kind="sustained_13").count() == 1


def test_a_check_in_too_early_for_work_that_lasted_writes_nothing(case, advisor):
    check_in = start_on(case, advisor, TODAY() - timedelta(weeks=12)).check_ins.get(due="week_13")

    with pytest.raises(ValidationError, match="can only be recorded from"):
        check_in_record(check_in=check_in, notes="Going well", still_in_work=True, by=advisor)

    check_in.refresh_from_db()
    assert check_in.done_at is None and not Outcome.objects.filter(kind="sustained_13").exists()


def test_another_cases_check_in_is_not_found_through_this_case(signed_in, case):
    other = CaseFactory()
    elsewhere = start_on(other, other.lead_advisor.user, TODAY()).check_ins.first()

    assert signed_in.get(check_in_url(case, elsewhere)).status_code == 404
    assert signed_in.post(check_in_url(case, elsewhere), {"notes": "Guessed"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.done_at is None


def test_an_advisor_not_on_the_case_can_record_nothing(case):
    outsider = CaseFactory().lead_advisor.user
    with pytest.raises(PermissionDenied, match="Only the advisors on a case"):
        outcome_record(case=case, kind="job_start", achieved_on=TODAY(), employer="Hackney Council", by=outsider)
    assert not Outcome.objects.exists()


# Query counts -------------------------------------------------------------------------------------------------


def test_outcomes_page_queries_stay_constant(signed_in, case, advisor):
    def grow(n):
        for _ in range(n):
            start = start_on(case, advisor, TODAY() - timedelta(weeks=27), opportunity=None)
            check_in_record(check_in=start.check_ins.get(due="first_week"), notes="Fine", by=advisor)
            outcome_record(case=case, kind=OutcomeKind.SUSTAINED_26, achieved_on=TODAY(), start=start, by=advisor)

    counts = []
    for size in (2, 10):
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(outcomes_url(case))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert Outcome.objects.filter(kind="job_start").count() == 12
