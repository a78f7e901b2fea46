"""In Chromium, at 375 and at 1280 pixels wide: residents, a partner member and an advisor sign in and open every
page of the advisors' part they use (booking, appointments, support, asking for an advisor, referring someone, the
workspace and every page of a case), and each form's error state; every page has exactly one <h1>, and axe finds
nothing serious or critical on it."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from advisors.availability import LONDON
from advisors.models import OutcomeKind, SupportAction, SupportGiven, WeeklyHours
from advisors.services import cases as case_services
from advisors.services import casework as casework_services
from opportunities.models import PriorityGroup
from tests.factories import (
    PASSWORD,
    AdvisorFactory,
    ApplicationFactory,
    AppointmentFactory,
    CaseFactory,
    MembershipFactory,
    OpportunityFactory,
    ReferralFactory,
    UserFactory,
    WeeklyHoursFactory,
    attach_cv,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

WIDTHS = (375, 1280)


class Visitor:
    """One person's browser tab: signs in, opens pages and checks each at both widths, keeping every failure so
    that one run names all the pages that need fixing."""

    def __init__(self, page, live_server, assert_accessible):
        self.page, self.base, self.assert_accessible = page, live_server.url, assert_accessible
        self.failures = []

    def sign_in(self, user):
        self.open("/accounts/login/", name="sign in")
        self.page.get_by_label("Email address").fill(user.email)
        self.page.get_by_label("Password").fill(PASSWORD)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign in").click()
        assert self.page.url == self.base + "/account/", f"{user.email} did not sign in: {self.page.url}"

    def open(self, path, *, name, status=200):
        response = self.page.goto(self.base + path)
        if response.status != status:
            self.failures.append(f"{name} ({path}): HTTP {response.status}, expected {status}")
        self.check(name)

    def submit(self, button, *, name, status=200):
        """Press a form's button; a status of 400 is a form sent back with its errors, which must say so."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        path = self.page.url.removeprefix(self.base)
        if navigation.value.status != status:
            self.failures.append(f"{name} ({path}): HTTP {navigation.value.status}, expected {status}")
        if status == 400:
            if not self.page.locator(".govuk-error-summary").is_visible():
                self.failures.append(f"{name} ({path}): no GOV.UK error summary")
            if not self.page.title().startswith("Error: "):
                self.failures.append(f"{name} ({path}): the title {self.page.title()!r} does not start “Error: ”")
        self.check(name)

    def check(self, name):
        path = self.page.url.removeprefix(self.base)
        headings = self.page.locator("h1")
        if headings.count() != 1:
            self.failures.append(f"{name} ({path}): {headings.count()} <h1> elements {headings.all_inner_texts()}")
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            try:
                self.assert_accessible(self.page)
            except AssertionError as error:  # every page is checked; the failure names them all
                self.failures.append(f"{name} ({path}) at {width}px: {error}")

    def assert_all_passed(self):
        assert not self.failures, "\n".join(self.failures)


@pytest.fixture
def visitor(live_server, page, assert_accessible):
    return Visitor(page, live_server, assert_accessible)


def _weekday_from(day):
    while day.weekday() >= WeeklyHours.Weekday.SATURDAY:
        day += timedelta(days=1)
    return day


@pytest.fixture
def world(db):
    """An advisor bookable every weekday; a resident on their caseload with an appointment next week, and a case
    with something on every page (assessment, plan, note, shared listing, application with a CV, support given,
    a job start with its check-ins); a resident with no advisor; a referral waiting; a partner member."""
    advisor = AdvisorFactory(user__email="grace.mensah@hackney.example", user__full_name="Grace Mensah")
    # Every weekday, so there are free times whatever day the test runs (the site skips bank holidays).
    for weekday in (day for day in WeeklyHours.Weekday if day < WeeklyHours.Weekday.SATURDAY):
        WeeklyHoursFactory(advisor=advisor, weekday=weekday, starts="09:00", ends="17:00")
    AdvisorFactory(user__full_name="Priya Shah")  # someone to add to the case
    by = advisor.user
    today = timezone.localdate()

    kemi = UserFactory(email="kemi.adebayo@example.test", full_name="Kemi Adebayo", role=Role.RESIDENT)
    # Far enough ahead that she may still change or cancel it online.
    day = _weekday_from(today + timedelta(days=7))
    appointment = AppointmentFactory(
        advisor=advisor, resident=kemi, starts_at=datetime.combine(day, time(10), tzinfo=LONDON)
    )

    case = CaseFactory(resident=kemi, lead_advisor=advisor)
    groups = [
        PriorityGroup.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("care-experienced", "Care-experienced"), ("aged-16-to-24", "Aged 16 to 24"))
    ]
    case_services.case_priority_groups_set(case=case, groups=groups[:1], by=by)
    case_services.case_next_step_set(case=case, next_step="Call about the shop interview", due=day, by=by)
    case_services.assessment_save(
        case=case,
        by=by,
        aspirations="A full-time job in retail.",
        interests="Fashion, and helping customers.",
        skills="Two years volunteering in a charity shop.",
        barriers=["childcare"],
        barrier_notes="",
    )
    action = case_services.support_action_add(
        case=case,
        by=by,
        description="Send your CV to two employers in Dalston",
        owner=SupportAction.Owner.RESIDENT,
        due_on=today + timedelta(days=14),
    )
    note = case_services.case_note_add(case=case, by=by, kind="meeting", body="Met at Hackney Works.")
    casework_services.opportunity_share(
        case=case, opportunity=OpportunityFactory(title="Trainee barista"), message="This one suits you.", by=by
    )
    OpportunityFactory(title="Bookshop assistant")  # found by the search for a listing to share
    attach_cv(ApplicationFactory(resident=kemi, opportunity__title="Warehouse operative"))
    support = casework_services.support_given_record(
        case=case,
        kind=SupportGiven.Kind.TRAVEL,
        description="Oyster card top-up for interviews",
        amount=Decimal("20.00"),
        given_on=today,
        by=by,
    )
    outcome = casework_services.outcome_record(
        case=case,
        kind=OutcomeKind.JOB_START,
        achieved_on=today,
        by=by,
        employer="Dalston Books",
        job_title="Bookshop assistant",
        pay=Decimal("15.00"),
        pay_period="hour",
        hours_per_week=Decimal("30"),
    )

    return {
        "advisor": advisor,
        "kemi": kemi,
        "appointment": appointment,
        "case": case,
        "action": action,
        "note": note,
        "support": support,
        "check_in": outcome.check_ins.first(),
        "sam": UserFactory(email="sam.okoro@example.test", full_name="Sam Okoro", role=Role.RESIDENT),
        "referral": ReferralFactory(resident__full_name="Tunde Bakare"),
        "partner": MembershipFactory(user__email="ada@leabridge.example", user__full_name="Ada Osei").user,
    }


def test_resident_booking_appointment_and_support_pages(visitor, world):
    page = visitor.page
    visitor.sign_in(world["kemi"])

    # Booking, each step empty first (its error state), then answered.
    visitor.open(reverse("appointments:book"), name="booking: what would you like help with")
    visitor.submit("Continue", name="booking: what would you like help with, with errors", status=400)
    page.get_by_label("Initial assessment").check()
    visitor.submit("Continue", name="booking: how would you like to meet")
    visitor.submit("Continue", name="booking: how would you like to meet, with errors", status=400)
    page.get_by_label("In person").check()
    visitor.submit("Continue", name="booking: choose a time")
    visitor.submit("Continue", name="booking: choose a time, with errors", status=400)
    page.get_by_role("group", name=re.compile(r"^Times on ")).get_by_role("radio").first.check()
    # Both questions are optional: sent empty, the page moves on (there is no error state to see).
    visitor.submit("Continue", name="booking: anything we should know")
    page.get_by_label("What would you like help with? (optional)").fill("Finding work in a shop near Dalston.")
    visitor.submit("Continue", name="booking: check your answers")
    expect(page.locator("h1")).to_have_text("Check your answers before booking")

    # Her appointment next week.
    pk = world["appointment"].pk
    visitor.open(reverse("appointments:detail", args=[pk]), name="appointment")
    visitor.open(reverse("appointments:change", args=[pk]), name="change appointment: choose a new time")
    visitor.submit("Continue", name="change appointment, with errors", status=400)
    visitor.open(reverse("appointments:cancel", args=[pk]), name="cancel appointment")

    # Her support, and asking for an advisor when she has one.
    visitor.open(reverse("support:home"), name="your support")
    visitor.open(reverse("support:sharing"), name="what your advisors can see")
    visitor.open(reverse("advisors:refer"), name="ask for an advisor, having one")
    expect(page.locator("h1")).to_have_text("You already have an advisor")
    visitor.assert_all_passed()


def test_resident_asking_for_an_advisor_pages(visitor, world):
    page = visitor.page
    visitor.sign_in(world["sam"])
    visitor.open(reverse("advisors:refer"), name="ask for an advisor")
    visitor.submit("Continue", name="ask for an advisor, with errors", status=400)
    page.get_by_label("What would you like help with?").fill("Finding part-time work in retail near Dalston.")
    page.get_by_label("Email").check()
    visitor.submit("Continue", name="ask for an advisor: check your answers")
    expect(page.locator("h1")).to_have_text("Check your answers")
    visitor.assert_all_passed()


def test_partner_member_referring_someone_pages(visitor, world):
    visitor.sign_in(world["partner"])
    visitor.open(reverse("advisors:refer_someone"), name="refer someone")
    visitor.submit("Send referral", name="refer someone, with errors", status=400)
    visitor.assert_all_passed()


def test_advisor_workspace_and_case_pages(visitor, world):
    visitor.sign_in(world["advisor"].user)
    day = world["appointment"].starts_at.astimezone(LONDON).date().isoformat()
    case = world["case"].pk
    pages = [
        ("today", reverse("advisors:home")),
        ("diary, today", reverse("advisors:diary")),
        ("diary, the day of an appointment", f"{reverse('advisors:diary')}?day={day}"),
        ("diary, its week", f"{reverse('advisors:diary')}?week={day}"),
        ("availability", reverse("advisors:availability")),
        ("add weekly hours", reverse("advisors:availability_hours_add")),
        ("add time off or an extra session", reverse("advisors:availability_exception_add")),
        ("cancel an appointment", reverse("advisors:appointment_cancel", args=[world["appointment"].pk])),
        ("referrals waiting", reverse("advisors:triage")),
        ("a referral", reverse("advisors:referral", args=[world["referral"].pk])),
        ("caseload", reverse("advisors:caseload")),
        ("caseload, filtered", f"{reverse('advisors:caseload')}?q=Kemi&mine=yes"),
        ("case summary", reverse("advisors:case", args=[case])),
        ("priority groups", reverse("advisors:case_priority_groups", args=[case])),
        ("next step", reverse("advisors:case_next_step", args=[case])),
        ("add an advisor", reverse("advisors:case_advisor_add", args=[case])),
        ("assessment", reverse("advisors:case_assessment", args=[case])),
        ("support plan", reverse("advisors:case_plan", args=[case])),
        ("remove an action", reverse("advisors:case_action_remove", args=[case, world["action"].pk])),
        ("case notes", reverse("advisors:case_notes", args=[case])),
        ("add a note", reverse("advisors:case_note_add", args=[case])),
        ("change a note", reverse("advisors:case_note_change", args=[case, world["note"].pk])),
        ("shared opportunities", reverse("advisors:case_opportunities", args=[case])),
        ("applications", reverse("advisors:case_applications", args=[case])),
        ("support given", reverse("advisors:case_support", args=[case])),
        ("remove support given", reverse("advisors:case_support_remove", args=[case, world["support"].pk])),
        ("outcomes and check-ins", reverse("advisors:case_outcomes", args=[case])),
        ("record an outcome", reverse("advisors:case_outcome_record", args=[case])),
        ("a check-in", reverse("advisors:case_check_in", args=[case, world["check_in"].pk])),
    ]
    for name, path in pages:
        visitor.open(path, name=name)
    visitor.open(f"{reverse('advisors:case_opportunities', args=[case])}?q=bookshop", name="search for a listing")
    expect(visitor.page.locator("main")).to_contain_text("Bookshop assistant")  # the search found the listing
    visitor.assert_all_passed()
