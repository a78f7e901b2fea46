"""In Chromium: a resident on a phone books an initial assessment with an employment advisor and asks for an
advisor; the advisor, at a desk, sees the appointment in their diary, records that the resident came, takes on their
case from the referrals, assesses them, adds to their support plan, writes a note and records a job start with its
check-ins; the resident sees the plan and marks their action done. Axe finds nothing serious or critical on any page
either of them visits, at phone width and at desktop width."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from advisors.availability import LONDON
from advisors.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Assessment,
    Barrier,
    CaseNote,
    Mode,
    Outcome,
    OutcomeKind,
    Referral,
    SupportAction,
    WeeklyHours,
)
from govuk.dates import govuk_time
from tests.factories import PASSWORD, AdvisorFactory, UserFactory, WeeklyHoursFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RESIDENT_EMAIL = "kemi.adebayo@example.test"
ADVISOR_EMAIL = "grace.mensah@hackney.example"
ACTION = "Send your CV to two employers in Dalston"


def test_book_be_assessed_supported_and_into_work(live_server, page, browser, assert_accessible):
    advisor = AdvisorFactory(user__email=ADVISOR_EMAIL, user__full_name="Grace Mensah")
    # Every weekday, so there are free times whatever day the journey runs (the site skips bank holidays).
    for weekday in (day for day in WeeklyHours.Weekday if day < WeeklyHours.Weekday.SATURDAY):
        WeeklyHoursFactory(advisor=advisor, weekday=weekday, starts="09:00", ends="17:00")
    assert set(advisor.appointment_types) == set(AppointmentType.values)
    UserFactory(email=RESIDENT_EMAIL, full_name="Kemi Adebayo", role=Role.RESIDENT)

    def check(on, width, name):  # axe at the width the page is visited at, then at the other; `name` says which
        assert_accessible(on)
        on.set_viewport_size(DESKTOP if width is PHONE else PHONE)
        assert_accessible(on)
        on.set_viewport_size(width)

    def resident(name):
        check(page, PHONE, name)

    # The resident signs in on their phone.
    page.goto(live_server.url + "/accounts/login/")
    resident("sign in")
    page.get_by_label("Email address").fill(RESIDENT_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your account")
    assert page.url == live_server.url + "/account/"
    resident("account")

    # Book an initial assessment, in person, at the first free time.
    page.get_by_role("link", name="Book an appointment with an employment advisor").click()
    expect(page.locator("h1")).to_have_text("What would you like help with?")
    resident("what would you like help with")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what you would like help with")
    resident("what would you like help with, with errors")
    page.get_by_label("Initial assessment").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("How would you like to meet?")
    resident("how would you like to meet")
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Choose a time")
    resident("choose a time")
    # The times are by day, the first day with free times chosen (its times first; in bold in the days after).
    days = page.locator("#days + ul > li")
    expect(days.first.locator("strong")).to_have_count(1)
    expect(days.first).to_contain_text("shown above")
    expect(days.nth(1).get_by_role("link")).to_have_count(1)
    first_day = days.first.locator("strong").inner_text()
    times = page.get_by_role("group", name=re.compile(r"^Times on "))
    expect(times.locator("legend")).to_contain_text(f"Times on {first_day}")
    first_time = times.get_by_role("radio").first
    first_time_label = page.locator(f"label[for='{first_time.get_attribute('id')}']").inner_text()
    assert re.fullmatch(r"\d{1,2}:\d\d[ap]m at Hackney Works.*", first_time_label), first_time_label
    first_time.check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Anything we should know?")
    resident("anything we should know")
    page.get_by_label("What would you like help with? (optional)").fill("Finding work in a shop near Dalston.")
    page.get_by_label("Do you need any adjustments? (optional)").fill("Step-free access, please.")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before booking")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Finding work in a shop near Dalston.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Step-free access, please.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Grace Mensah")  # who she will see
    resident("check your answers")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Appointment booked")
    resident("appointment booked")

    appointment = Appointment.objects.get()
    assert (appointment.advisor, appointment.type, appointment.mode) == (
        advisor,
        AppointmentType.INITIAL_ASSESSMENT,
        Mode.IN_PERSON,
    )
    assert first_time_label.startswith(govuk_time(appointment.starts_at) + " at Hackney Works")
    assert appointment.starts_at > timezone.now()
    (confirmation,) = [m for m in mail.outbox if m.to == [RESIDENT_EMAIL]]
    assert any(name.endswith(".ics") for name, _content, _type in confirmation.attachments)

    page.get_by_role("link", name="Go to your account").click()
    expect(page.locator("#appointments + ul")).to_contain_text("Initial assessment")
    expect(page.locator("#appointments + ul")).to_contain_text("with Grace Mensah, in person")
    resident("account with the appointment")

    # Ask for an advisor, so the advisor can take on the case from the referrals.
    page.get_by_role("link", name="Ask for an advisor").click()
    expect(page.locator("h1")).to_have_text("Ask for an employment advisor")
    resident("ask for an advisor")
    page.get_by_label("What would you like help with?").fill("Finding part-time work in retail near Dalston.")
    page.get_by_label("Email").check()
    page.get_by_label("When is a good time to contact you? (optional)").fill("Weekday mornings")
    page.get_by_label("Is there anything we should do so you can take part? (optional)").fill("Step-free access")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    resident("ask for an advisor: check your answers")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    resident("request sent")
    assert Referral.objects.get().status == Referral.Status.WAITING

    # The advisor, at a desk, in their own browser.
    advisor_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    desk = advisor_context.new_page()
    desk.set_default_timeout(15_000)
    missing = []
    desk.on("response", lambda r: missing.append(r.url) if "/static/" in r.url and r.status >= 400 else None)

    def at_desk(name):
        check(desk, DESKTOP, name)

    desk.goto(live_server.url + "/accounts/login/")
    desk.get_by_label("Email address").fill(ADVISOR_EMAIL)
    desk.get_by_label("Password").fill(PASSWORD)
    at_desk("sign in")
    desk.get_by_role("button", name="Sign in").click()
    expect(desk.locator("h1")).to_have_text("Your account")
    at_desk("the advisor's account")
    desk.goto(live_server.url + "/advisors/")
    expect(desk.locator("h1")).to_have_text("Today")
    at_desk("today")

    day = appointment.starts_at.astimezone(LONDON).date()
    desk.goto(f"{live_server.url}/advisors/diary/?day={day.isoformat()}")
    card = desk.locator(".govuk-summary-card", has_text="Kemi Adebayo")
    expect(card).to_contain_text("Initial assessment")
    expect(card).to_contain_text("Finding work in a shop near Dalston.")
    expect(card).to_contain_text("Step-free access, please.")
    expect(card.get_by_role("button", name=re.compile("^Attended"))).to_have_count(0)  # it has not started yet
    at_desk("diary, the day of the appointment")

    # Attendance is recorded once an appointment has started, and the journey cannot wait for the clock: the
    # appointment is moved to an hour that has already begun.
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=30)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    desk.goto(f"{live_server.url}/advisors/diary/?day={starts_at.astimezone(LONDON).date().isoformat()}")
    at_desk("diary, the appointment under way")
    desk.get_by_role("button", name=re.compile(r"^Attended\s?: Kemi Adebayo$")).click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Kemi Adebayo attended their appointment")
    expect(desk.locator(".govuk-summary-card", has_text="Kemi Adebayo").locator(".govuk-tag")).to_have_text("Attended")
    at_desk("diary, attended")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ATTENDED

    # The advisor takes on the case from the referrals waiting.
    desk.get_by_role("navigation", name="Advisor workspace").get_by_role("link", name="Referrals").click()
    expect(desk.locator("h1")).to_have_text("Referrals waiting for an advisor")
    at_desk("referrals waiting")
    desk.get_by_role("link", name="Triage the referral of Kemi Adebayo").click()
    expect(desk.locator("h1")).to_have_text("Referral of Kemi Adebayo")
    at_desk("referral")
    expect(desk.get_by_label("Grace Mensah (you), Hackney Works advisor")).to_be_checked()
    desk.get_by_role("button", name="Assign").click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Grace Mensah now leads the case of Kemi")
    at_desk("referrals, assigned")

    desk.get_by_role("navigation", name="Advisor workspace").get_by_role("link", name="Caseload").click()
    expect(desk.locator("h1")).to_have_text("Your caseload")
    at_desk("caseload")
    desk.get_by_role("link", name="Kemi Adebayo").click()
    expect(desk.locator("h1")).to_have_text("Case summary")
    at_desk("case summary")
    sections = desk.get_by_role("navigation", name="Sections of this case")

    # The initial assessment.
    sections.get_by_role("link", name="Assessment").click()
    expect(desk.locator("h1")).to_have_text("Initial assessment")
    at_desk("assessment")
    desk.get_by_label("Aspirations").fill("A full-time job in retail, then a supervisor's role.")
    desk.get_by_label("Interests").fill("Fashion, and helping customers.")
    desk.get_by_label("Skills and experience").fill("Two years volunteering in a charity shop; till work.")
    desk.get_by_label("Childcare").check()
    desk.get_by_label("Transport").check()
    desk.get_by_role("button", name="Save assessment").click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Assessment saved")
    expect(desk.get_by_text("Barriers to work: Childcare, Transport.")).to_be_visible()
    at_desk("assessment saved")
    assert sorted(Assessment.objects.get().barriers) == sorted([Barrier.CHILDCARE, Barrier.TRANSPORT])

    # An action in the support plan, for the resident, with a due date.
    due = timezone.localdate() + timedelta(days=14)
    sections.get_by_role("link", name="Support plan").click()
    expect(desk.locator("h1")).to_have_text("Support plan")
    at_desk("support plan")
    desk.get_by_role("button", name="Add action").click()
    expect(desk.locator(".govuk-error-summary")).to_contain_text("Enter the action")
    at_desk("support plan, with errors")
    desk.get_by_label("Action", exact=True).fill(ACTION)
    desk.get_by_label("The resident").check()
    due_on = desk.get_by_role("group", name=re.compile("^Due date"))
    due_on.get_by_label("Day").fill(str(due.day))
    due_on.get_by_label("Month").fill(str(due.month))
    due_on.get_by_label("Year").fill(str(due.year))
    desk.get_by_role("button", name="Add action").click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Action added to the support plan")
    row = desk.locator("#actions tr", has_text=ACTION)
    expect(row).to_contain_text("Kemi Adebayo")
    expect(row).to_contain_text(f"{due.day} {due:%B %Y}")
    at_desk("support plan with the action")

    # A case note.
    sections.get_by_role("link", name="Case notes").click()
    expect(desk.locator("h1")).to_have_text("Case notes")
    at_desk("case notes")
    desk.get_by_label("Meeting").check()
    desk.get_by_role("textbox", name="Note").fill("Met at Hackney Works. Kemi will send her CV to two shops.")
    desk.get_by_role("button", name="Add note").click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Note added")
    expect(desk.locator(".govuk-summary-card")).to_contain_text("Kemi will send her CV to two shops.")
    at_desk("case notes with the note")
    assert CaseNote.objects.get().kind == CaseNote.Kind.MEETING

    # A job start, paying at least the London Living Wage, and the check-ins it schedules.
    sections.get_by_role("link", name="Outcomes and check-ins").click()
    expect(desk.locator("h1")).to_have_text("Outcomes and check-ins")
    at_desk("outcomes")
    desk.get_by_role("link", name="Record an outcome").click()
    expect(desk.locator("h1")).to_have_text("Record an outcome")
    at_desk("record an outcome")
    today = timezone.localdate()
    desk.get_by_label("Started a job").check()
    achieved_on = desk.get_by_role("group", name=re.compile("^Date achieved"))
    achieved_on.get_by_label("Day").fill(str(today.day))
    achieved_on.get_by_label("Month").fill(str(today.month))
    achieved_on.get_by_label("Year").fill(str(today.year))
    desk.get_by_label("Employer").fill("Dalston Books")
    desk.get_by_label("Job title (optional)").fill("Bookshop assistant")
    desk.get_by_label("Pay", exact=True).fill("15.00")
    desk.get_by_label("per hour").check()
    desk.get_by_label("Hours per week (optional)").fill("30")
    desk.get_by_role("button", name="Record outcome").click()
    expect(desk.locator(".govuk-notification-banner")).to_contain_text("Its in-work check-ins have been scheduled.")
    expect(desk.get_by_text("Pays the London Living Wage")).to_be_visible()
    check_ins = desk.get_by_role("table", name="Check-ins with Kemi Adebayo").locator("tbody tr")
    expect(check_ins).to_have_count(3)
    at_desk("outcomes with the job start")
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.employer, outcome.pays_llw) == (OutcomeKind.JOB_START, "Dalston Books", True)
    advisor_context.close()
    assert not missing, f"static files not served: {missing}"

    # Back on the resident's phone: who their advisor is, the plan, and their action marked done.
    page.goto(live_server.url + "/account/")
    expect(page.locator("#support + p")).to_have_text("Your advisor is Grace Mensah.")
    resident("account with an advisor")
    page.get_by_role("link", name="Your support plan (1 action)").click()
    expect(page.locator("h1")).to_have_text("Your support")
    assert page.url == live_server.url + "/account/support/"
    plan = page.locator(".govuk-task-list__item", has_text=ACTION)
    expect(plan).to_contain_text(f"For you to do, by {due.day} {due:%B %Y}")
    expect(plan.locator(".govuk-task-list__status")).to_have_text("To do")
    resident("your support")
    page.get_by_role("button", name=re.compile(rf"^Mark as done\s?: {ACTION}$")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"“{ACTION}” marked as done")
    expect(page.locator(".govuk-task-list__item", has_text=ACTION).locator(".govuk-task-list__status")).to_have_text(
        "Done"
    )
    resident("your support, action done")
    assert SupportAction.objects.get().done_at is not None
    told = [m.subject for m in mail.outbox if m.to == [RESIDENT_EMAIL]]
    assert "Grace Mensah has added an action to your support plan" in told
