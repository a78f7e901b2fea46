"""The advisors' part of the demo data (`manage.py seed_demo`): the demo advisor, Grace Mensah, and a job coach,
with weekly hours, a day of leave, training and an extra Saturday session; a week of appointments booked,
attended and missed; and a caseload with someone at every stage: waiting in the triage queue (referred by
themselves and by a partner), just assigned, assessed with a plan, out of touch for weeks, started work with
check-ins due, still in work at 13 weeks, finished a course. The demo resident, Amara, has Grace as her advisor,
a plan she can see at /account/support/, a listing Grace shared with her and an appointment coming up.

Everything goes through the real services, on the first run only (a re-run finds the demo advisor's cases and
adds nothing). Times in the past are made by telling the services it is then (their `now` and `today`).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.demo import sign_in_account
from accounts.models import Role
from notifications.demo import DemoContext
from opportunities import demo as opportunities_demo
from opportunities.models import Kind, Opportunity, PriorityGroup, Status

from .availability import LONDON, free_slots
from .models import (
    AdvisorProfile,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    Barrier,
    Case,
    CaseNote,
    CheckIn,
    ContactMethod,
    Mode,
    OutcomeKind,
    Referral,
    ReferralSource,
    SupportGiven,
)
from .services import availability, booking, cases, casework, referrals

HACKNEY_WORKS = "Hackney Works, 1 Hillman Street, London E8 1DY"
DALSTON_LIBRARY = "Dalston CLR James Library, Dalston Square, London E8 3BQ"
STOKE_NEWINGTON_LIBRARY = "Stoke Newington Library, 184 Stoke Newington Church Street, London N16 0JS"
SHOREDITCH_LIBRARY = "Shoreditch Library, 80 Hoxton Street, London N1 6LP"

ADVISOR = {
    "email": "advisor@demo.test",
    "full_name": "Grace Mensah",
    "job_title": "Hackney Works employment advisor",
    # weekday, starts, ends, mode, venue
    "hours": [
        *((day, "09:30", "12:30", Mode.IN_PERSON, HACKNEY_WORKS) for day in range(4)),
        (1, "13:30", "16:30", Mode.PHONE, ""),
        (2, "13:30", "16:00", Mode.VIDEO, ""),
        (3, "13:30", "16:30", Mode.PHONE, ""),
        (4, "10:00", "13:00", Mode.IN_PERSON, DALSTON_LIBRARY),
    ],
}
JOB_COACH = {
    "email": "job.coach@demo.test",
    "full_name": "Tomasz Nowak",
    "job_title": "Job coach, supported internships",
    "hours": [
        (0, "10:00", "15:00", Mode.IN_PERSON, SHOREDITCH_LIBRARY),
        (2, "10:00", "15:00", Mode.IN_PERSON, SHOREDITCH_LIBRARY),
        (4, "10:00", "13:00", Mode.VIDEO, ""),
    ],
}

HELP = {
    "kwame.asante@residents.example": "I left school two years ago and have not worked since. I would like to find "
    "out about apprenticeships in electrics or plumbing.",
    "jordan.clarke@residents.example": "I want to get back into work after a long time off with my mental health. "
    "Part-time to start with, somewhere not too busy.",
    "hannah.goldberg@residents.example": "I need help with my CV and applying online: I am not confident with "
    "computers.",
    "tunde.bakare@residents.example": "Looking for warehouse or driving work. I have a forklift licence.",
    "meilin.chen@residents.example": "I would like a job in a kitchen or café. My English is getting better.",
    "ryan.oconnor@residents.example": "I want to get my CSCS card and start on a building site.",
    "fatima.hussain@residents.example": "I care for my mum in the mornings and want afternoon work in an office.",
    "resident@demo.test": "Help finding a business administration apprenticeship, and practising for interviews.",
}


def build(ctx: DemoContext) -> None:
    advisor = _advisor(ctx, ADVISOR, label="Employment advisor", signs_in_at="/advisors/ (today, diary, caseload)")
    coach = _advisor(ctx, JOB_COACH, label="Job coach", signs_in_at="/advisors/")
    ctx.people["advisor"] = advisor.user
    if Case.objects.filter(lead_advisor=advisor).exists() or Referral.objects.filter(resident__in=_residents(ctx)):
        return  # the caseload and diary are made once
    _time_off(advisor, coach, ctx.now)
    people = {person.email: person for person in _residents(ctx)}
    _caseload(ctx, advisor, coach, people)
    _diary(ctx, advisor, coach, people)
    ctx.summary.append("Advisors: Grace Mensah's diary and caseload, with someone at every stage.")


def _residents(ctx: DemoContext) -> list:
    return [ctx.people["resident"], *ctx.other_residents]


def _advisor(ctx: DemoContext, spec: dict, *, label: str, signs_in_at: str) -> AdvisorProfile:
    user = sign_in_account(
        ctx, email=spec["email"], full_name=spec["full_name"], role=Role.ADVISOR, label=label, signs_in_at=signs_in_at
    )
    profile = AdvisorProfile.objects.filter(user=user).first()
    if profile is None:
        profile = availability.advisor_profile_create(user=user, job_title=spec["job_title"], slot_minutes=45)
        for weekday, starts, ends, mode, venue in spec["hours"]:
            availability.availability_hours_add(
                advisor=profile,
                by=user,
                weekday=weekday,
                starts=time.fromisoformat(starts),
                ends=time.fromisoformat(ends),
                mode=mode,
                venue=venue,
            )
    return profile


def _weekday_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _time_off(advisor: AdvisorProfile, coach: AdvisorProfile, now: datetime) -> None:
    today = now.astimezone(LONDON).date()
    availability.availability_exception_add(
        advisor=advisor,
        by=advisor.user,
        date=_weekday_after(today + timedelta(days=14), 4),
        kind=AvailabilityException.Kind.UNAVAILABLE,
        reason="Annual leave",
        now=now,
    )
    availability.availability_exception_add(
        advisor=advisor,
        by=advisor.user,
        date=_weekday_after(today + timedelta(days=7), 2),
        kind=AvailabilityException.Kind.UNAVAILABLE,
        starts=time(13, 30),
        ends=time(16, 0),
        reason="Safeguarding training",
        now=now,
    )
    availability.availability_exception_add(
        advisor=coach,
        by=coach.user,
        date=_weekday_after(today + timedelta(days=3), 5),
        kind=AvailabilityException.Kind.EXTRA,
        starts=time(10, 0),
        ends=time(13, 0),
        mode=Mode.IN_PERSON,
        venue=STOKE_NEWINGTON_LIBRARY,
        reason="Saturday drop-in at the library",
        now=now,
    )


def _refer_and_assign(person, *, advisor, by, when: datetime, shares_profile=True) -> Case:
    referral = referrals.referral_self_create(
        resident=person,
        help_wanted=HELP[person.email],
        contact_method=ContactMethod.EMAIL,
        contact_times="Weekday afternoons",
        shares_profile=shares_profile,
        now=when,
    )
    return referrals.referral_assign(referral=referral, lead_advisor=advisor, by=by, now=when + timedelta(hours=3))


def _open_listing(kind: str) -> Opportunity | None:
    return (
        Opportunity.objects.filter(status=Status.PUBLISHED, kind=kind)
        .exclude(closing_date__lt=timezone.localdate())
        .order_by("pk")
        .first()
    )


def _caseload(ctx: DemoContext, advisor: AdvisorProfile, coach: AdvisorProfile, people: dict) -> None:
    now = ctx.now
    today = now.astimezone(LONDON).date()
    grace = advisor.user

    # Waiting in the triage queue: one asked themselves this morning, one was referred by a partner yesterday.
    referrals.referral_self_create(
        resident=people["kwame.asante@residents.example"],
        help_wanted=HELP["kwame.asante@residents.example"],
        contact_method=ContactMethod.TEXT,
        contact_times="Any time after 11am",
        adjustments="I am dyslexic: please send things in writing as well.",
        phone="07700 900101",
        now=now - timedelta(hours=3),
    )
    partner = ctx.partners["b"]
    referrals.referral_on_behalf_create(
        by=partner,
        organisation=partner.memberships.get().organisation,
        source=ReferralSource.PARTNER,
        full_name="Leon Campbell",
        email="leon.campbell@residents.example",
        help_wanted="Leon is 19 and has just finished our construction skills course. He would like help finding "
        "a labouring job or an apprenticeship, and with travel costs to interviews.",
        contact_method=ContactMethod.PHONE,
        phone="07700 900109",
        contact_times="Tuesdays and Thursdays",
        consent_given=True,
        consent_how="in_person",
        now=now - timedelta(days=1),
    )

    # The demo resident: assessed, with a plan, a listing shared, a note and a next step.
    amara = ctx.people["resident"]
    case = _refer_and_assign(amara, advisor=advisor, by=grace, when=now - timedelta(days=21))
    cases.assessment_save(
        case=case,
        by=grace,
        aspirations="A Level 3 business administration apprenticeship, then a permanent office job in Hackney.",
        interests="Organising events; helping at her church's youth club; fashion.",
        skills="Customer service, cash handling, first aid, fluent English and Igbo.",
        barriers=[Barrier.CONFIDENCE, Barrier.DIGITAL_SKILLS],
        barrier_notes="Nervous in interviews. Has not used spreadsheets before.",
    )
    cases.support_action_add(
        case=case, by=grace, description="Finish the free online spreadsheets course", owner="resident",
        due_on=today + timedelta(days=14),
    )  # fmt: skip
    cases.support_action_add(
        case=case, by=grace, description="Book a mock interview with Grace", owner="resident",
        due_on=today + timedelta(days=7),
    )  # fmt: skip
    cases.support_action_add(
        case=case, by=grace, description="Send Amara the council apprenticeship open day dates", owner="advisor",
        due_on=today + timedelta(days=3),
    )  # fmt: skip
    cases.case_next_step_set(
        case=case, next_step="Mock interview for the apprenticeship", due=today + timedelta(days=7), by=grace
    )
    cases.case_note_add(
        case=case, by=grace, kind=CaseNote.Kind.MEETING,
        body="First meeting at Hackney Works. Amara is keen on business administration and has applied for two "
        "apprenticeships already. Agreed to work on interview confidence.",
    )  # fmt: skip
    if listing := _open_listing(Kind.APPRENTICESHIP):
        casework.opportunity_share(
            case=case, opportunity=listing, by=grace,
            message="This one starts in September and the team is lovely. Shall we go through the questions?",
        )  # fmt: skip
    young = PriorityGroup.objects.filter(name=opportunities_demo.YOUNG_PEOPLE)
    cases.case_priority_groups_set(case=case, groups=list(young), by=grace)

    # Just assigned, nothing recorded yet (their initial assessment is in the diary).
    _refer_and_assign(
        people["jordan.clarke@residents.example"], advisor=advisor, by=grace, when=now - timedelta(days=2)
    )

    # Assessed six weeks ago, and nobody has been in touch since: the caseload's "no contact in 4 weeks".
    hannah = _refer_and_assign(
        people["hannah.goldberg@residents.example"], advisor=advisor, by=grace, when=now - timedelta(days=45)
    )
    cases.assessment_save(
        case=hannah, by=grace, aspirations="Office or reception work, part time.", interests="Reading, baking.",
        skills="Twenty years running a household budget; fluent Hebrew and English.",
        barriers=[Barrier.DIGITAL_SKILLS, Barrier.CARING], barrier_notes="Cares for her father three days a week.",
    )  # fmt: skip
    cases.support_action_add(
        case=hannah, by=grace, description="Come to the Tuesday computer basics class at Dalston Library",
        owner="resident", due_on=today,
    )  # fmt: skip
    cases.case_next_step_set(case=hannah, next_step="Call Hannah about the computer class", due=today, by=grace)

    # Started work three weeks ago: support given, the first-week check-in done, 13 and 26 weeks to come.
    tunde = _refer_and_assign(
        people["tunde.bakare@residents.example"], advisor=advisor, by=grace, when=now - timedelta(days=70)
    )
    started = today - timedelta(days=21)
    casework.support_given_record(
        case=tunde, kind=SupportGiven.Kind.INTERVIEW_CLOTHING, description="Steel toe-cap boots and a hi-vis jacket",
        amount=Decimal("45.00"), given_on=started - timedelta(days=10), by=grace,
    )  # fmt: skip
    casework.support_given_record(
        case=tunde, kind=SupportGiven.Kind.TRAVEL, description="Two weeks' travel until the first pay day",
        amount=Decimal("36.80"), given_on=started, by=grace,
    )  # fmt: skip
    job = casework.outcome_record(
        case=tunde, kind=OutcomeKind.JOB_START, achieved_on=started, by=grace, employer="Eastway Freight and Logistics",
        job_title="Warehouse operative", pay=Decimal("15.10"), pay_period="hour", hours_per_week=Decimal("37.5"),
    )  # fmt: skip
    first_week = CheckIn.objects.get(outcome=job, due=CheckIn.Due.FIRST_WEEK)
    casework.check_in_record(
        check_in=first_week, by=grace, now=now - timedelta(days=13),
        notes="Settling in well; early shifts are hard with the bus times. Talked about a cycle to work scheme.",
    )  # fmt: skip

    # Still in work at 13 weeks, with the job coach on the case too.
    mei = _refer_and_assign(
        people["meilin.chen@residents.example"], advisor=advisor, by=grace, when=now - timedelta(days=130)
    )
    cases.case_advisor_add(case=mei, advisor=coach, by=grace)
    kitchen = casework.outcome_record(
        case=mei, kind=OutcomeKind.JOB_START, achieved_on=today - timedelta(days=95), by=grace,
        employer="Dalston Rise Bakery", job_title="Kitchen assistant", pay=Decimal("14.80"), pay_period="hour",
        hours_per_week=Decimal("24"),
    )  # fmt: skip
    for check_in in CheckIn.objects.filter(outcome=kitchen).exclude(due=CheckIn.Due.WEEK_26).order_by("due_on"):
        casework.check_in_record(
            check_in=check_in, by=grace, still_in_work=check_in.due == CheckIn.Due.WEEK_13,
            notes="Going well: the manager has offered more hours from next month.",
            now=datetime.combine(check_in.due_on, time(11, 0), tzinfo=LONDON),
        )  # fmt: skip

    # Finished a course.
    ryan = _refer_and_assign(
        people["ryan.oconnor@residents.example"], advisor=coach, by=grace, when=now - timedelta(days=60)
    )
    casework.outcome_record(
        case=ryan, kind=OutcomeKind.COURSE_COMPLETION, achieved_on=today - timedelta(days=9), by=coach.user,
        employer="Hackney Riverside College", job_title="Health and safety in construction (CSCS)",
    )  # fmt: skip

    # Missed her initial assessment (in the diary): asked to book again.
    _refer_and_assign(
        people["fatima.hussain@residents.example"], advisor=advisor, by=grace, when=now - timedelta(days=6)
    )


def _diary(ctx: DemoContext, advisor: AdvisorProfile, coach: AdvisorProfile, people: dict) -> None:
    """A week of appointments around today: those already past are attended or missed (one missed initial
    assessment), today's and the coming week's are booked; Amara has one coming up. Hannah has none: she is the
    caseload's "no contact in 4 weeks"."""
    now = ctx.now
    today = now.astimezone(LONDON).date()
    # Booked as if a week ago (the notice and horizon count from then), so today's appointments exist too.
    then = now - timedelta(days=7)
    first, last = today - timedelta(days=3), today + timedelta(days=7)
    slots = free_slots(advisors=[advisor], first_day=first, last_day=last, now=then)[advisor.pk]
    plan = [
        ("jordan.clarke@residents.example", AppointmentType.INITIAL_ASSESSMENT, "Getting back into work, part time"),
        ("fatima.hussain@residents.example", AppointmentType.INITIAL_ASSESSMENT, "Afternoon office work"),
        ("tunde.bakare@residents.example", AppointmentType.IN_WORK_SUPPORT, "Shift patterns and the bus"),
        ("kwame.asante@residents.example", AppointmentType.CAREERS_GUIDANCE, "Apprenticeships in electrics"),
        ("meilin.chen@residents.example", AppointmentType.IN_WORK_SUPPORT, "More hours at the bakery"),
        ("ryan.oconnor@residents.example", AppointmentType.CAREERS_GUIDANCE, "What to do after the CSCS course"),
        ("jordan.clarke@residents.example", AppointmentType.BETTER_OFF_CALCULATION, "Will I be better off working?"),
    ]
    # Two or three a day, spread over the days that have free times.
    by_day: dict[date, list] = {}
    for slot in slots:
        by_day.setdefault(slot.day, []).append(slot)
    chosen = [day_slots[index] for day_slots in by_day.values() for index in (0, 2) if index < len(day_slots)]
    for (email, kind, help_wanted), slot in zip(plan * 3, chosen, strict=False):
        appointment = booking.appointment_book(
            resident=people[email], advisor=advisor, appointment_type=kind, mode=slot.mode,
            starts_at=slot.starts_at, help_wanted=help_wanted, now=then,
        )  # fmt: skip
        if appointment.starts_at < now:
            missed = email == "fatima.hussain@residents.example" and kind == AppointmentType.INITIAL_ASSESSMENT
            availability.appointment_attendance_record(
                appointment=appointment,
                status=AppointmentStatus.MISSED if missed else AppointmentStatus.ATTENDED,
                by=advisor.user,
                now=now,
            )
    # Amara books her mock interview herself, as she would today.
    amara_slots = free_slots(advisors=[advisor], first_day=today, last_day=today + timedelta(days=14), now=now)
    if amara_slots[advisor.pk]:
        slot = amara_slots[advisor.pk][0]
        booking.appointment_book(
            resident=ctx.people["resident"], advisor=advisor, appointment_type=AppointmentType.MOCK_INTERVIEW,
            mode=slot.mode, starts_at=slot.starts_at, help_wanted="Practising for the apprenticeship interview",
            adjustments="I get nervous: could we start with an easy question?",
        )  # fmt: skip
