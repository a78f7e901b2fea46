"""Courses' part of the demo data (`manage.py seed_demo`): dates for the demo's published courses and events, in
classrooms across Hackney and online, some free and some with concessions, a flexible start or two, one full with
a waiting list, one that has run (a register each week, most people completed it) and one cancelled. Amara, the
demo resident, is enrolled on an online course (so she sees how to get ready and its joining link), waiting for a
full one, and has a place offered to her on another.

Everything goes through the real services, on the first run only (a re-run finds the dates).
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from notifications.demo import DemoContext
from opportunities.models import Attendance, Kind, Opportunity

from . import services
from .models import CourseRun, Delivery, Enrolment

VENUES = [
    "Hackney Central Library, 1 Reading Lane, London E8 1GQ",
    "CLR James Library, Dalston Square, London E8 3BQ",
    "Stoke Newington Library, 184 Church Street, London N16 0JS",
    "Homerton Library, Homerton High Street, London E9 6AS",
    "Shoreditch Library, 80 Hoxton Street, London N1 6LP",
    "Hackney Service Centre, 1 Hillman Street, London E8 1DY",
]
COURSE_TIMES = [
    ("Tuesdays and Thursdays, 10am to 12:30pm, for 8 weeks", "daytime"),
    ("Wednesdays, 6pm to 8:30pm, for 10 weeks", "evening"),
    ("Saturdays, 10am to 1pm, for 6 weeks", "weekend"),
    ("Mondays, 1pm to 3pm, for 12 weeks", "daytime"),
]
EVENT_TIMES = [
    ("10am to 3pm, drop in at any time", "daytime"),
    ("5:30pm to 8pm", "evening"),
    ("11am to 4pm", "weekend"),
]
TOOLS = [
    ("Zoom", "https://zoom.us/test"),
    ("Microsoft Teams", "https://www.microsoft.com/microsoft-teams/join-a-meeting"),
]
ONLINE_NEEDS = "A laptop, tablet or smartphone with a camera and microphone, and an email address."
LEARN = {
    Kind.COURSE: "The skills in the course description, with practice in every session and a certificate at the end.",
    Kind.EVENT: "Who is hiring in Hackney, what they look for, and how to get help with applications.",
}


def build(ctx: DemoContext) -> None:
    if CourseRun.objects.exists():
        return  # made once
    rng = random.Random(ctx.seed)
    today = timezone.localdate(ctx.now)
    listings = list(
        Opportunity.objects.filter(kind__in=[Kind.COURSE, Kind.EVENT])
        .published()
        .open_on(today)
        .select_related("organisation")
        .order_by("id")[:60]
    )
    runs = [run for number, listing in enumerate(listings) for run in _runs(listing, number, rng, today)]
    _taking_part(ctx, runs)
    enrolments = Enrolment.objects.count()
    ctx.summary.append(
        f"Courses and events: {len(runs)} dates of {len(listings)} courses and events, {enrolments} enrolments "
        "and waiting-list entries."
    )


def _runs(listing: Opportunity, number: int, rng: random.Random, today) -> list[CourseRun]:
    course = listing.kind == Kind.COURSE
    made = []
    for index in range(1 if not course else 1 + number % 3):
        online = listing.attendance == Attendance.ONLINE or (course and index == 1)
        delivery = (
            Delivery.ONLINE if online else Delivery.BLENDED if listing.attendance == "hybrid" else Delivery.CLASSROOM
        )
        times, when = rng.choice(COURSE_TIMES if course else EVENT_TIMES)
        flexible = course and online and number % 5 == 0
        starts = None if flexible else today + timedelta(days=rng.randint(9, 80) + 28 * index)
        tool, test_link = rng.choice(TOOLS) if delivery != Delivery.CLASSROOM else ("", "")
        paid = course and number % 4 == 3
        made.append(
            CourseRun.objects.create(
                opportunity=listing,
                starts_on=starts,
                ends_on=None if starts is None else starts + timedelta(days=70 if course else 0),
                days_and_times="Start any week; about 3 hours a week, when it suits you" if flexible else times,
                daytime=when == "daytime",
                evening=when == "evening",
                weekend=when == "weekend",
                delivery=delivery,
                online_tool=tool,
                test_link=test_link,
                joining_link=f"https://meet.example.org/hackney/{listing.slug}-{index + 1}" if tool else "",
                venue="" if delivery == Delivery.ONLINE else rng.choice(VENUES),
                places=rng.choice([12, 15, 16, 20]) if course else rng.choice([40, 60, 120]),
                enrolment_deadline=None if starts is None or number % 3 else starts - timedelta(days=3),
                cost=Decimal("45.00") if paid else Decimal("0"),
                concessions="Free if you get Universal Credit, Pension Credit or a disability benefit." if paid else "",
                level=listing.level if course else None,
                entry_requirements="None. Everyone is welcome, whatever their level of English or maths."
                if course
                else "",
                what_you_will_learn=LEARN[listing.kind],
                what_you_need=ONLINE_NEEDS if tool else "Nothing: we provide everything on the day.",
            )
        )
    return made


def _taking_part(ctx: DemoContext, runs: list[CourseRun]) -> None:
    """Amara enrolled online, waiting for a full course and offered a place; a full date with its waiting list; a
    date that has run, with its registers and completions; a cancelled one."""
    amara, others = ctx.people["resident"], ctx.other_residents
    courses = [run for run in runs if run.opportunity.kind == Kind.COURSE and run.starts_on is not None]
    online = next(run for run in courses if run.delivery == Delivery.ONLINE)
    services.enrolment_create(run=online, resident=amara)
    # A small date, full, with a waiting list Amara is on.
    full = next(run for run in courses if run.delivery == Delivery.CLASSROOM)
    staff = ctx.people["staff"]  # council staff may change any listing's dates, as its members may
    full.places = 3
    services.run_save(run=full, by=staff)
    for resident in [*others[:3], others[3], amara, others[4]]:
        services.enrolment_create(run=full, resident=resident)
    # Another, where a place came up for Amara when someone gave theirs up.
    offered = next(run for run in courses if run not in (online, full) and run.delivery != Delivery.ONLINE)
    offered.places = 2
    services.run_save(run=offered, by=staff)
    for resident in [*others[5:7], amara]:
        services.enrolment_create(run=offered, resident=resident)
    leaver = Enrolment.objects.get(run=offered, resident=others[5])
    services.enrolment_cancel(enrolment=leaver, by=others[5])
    # A date that has run: its register for each week, and who completed it (an outcome on any open case).
    ran = next(run for run in courses if run not in (online, full, offered) and run.delivery == Delivery.CLASSROOM)
    for resident in others[:5]:
        services.enrolment_create(run=ran, resident=resident)
    today = timezone.localdate(ctx.now)
    CourseRun.objects.filter(pk=ran.pk).update(starts_on=today - timedelta(days=63), ends_on=today - timedelta(days=7))
    ran.refresh_from_db()
    entries = list(ran.enrolments.order_by("pk"))
    for week in range(8):
        came = [e.pk for number, e in enumerate(entries) if (number + week) % 5]  # most weeks, most people
        services.attendance_record(run=ran, on=ran.starts_on + timedelta(weeks=week), present_ids=came, by=staff)
    services.enrolments_complete(run=ran, enrolment_ids=[e.pk for e in entries[:4]], by=staff)
    # A date cancelled by its organisation, with the people who had enrolled told why.
    cancelled = next(run for run in runs if run.opportunity.kind == Kind.EVENT and run.starts_on is not None)
    for resident in others[:4]:
        services.enrolment_create(run=cancelled, resident=resident)
    reason = "The venue is closed for repairs that day. We will add a new date soon."
    services.run_cancel(run=cancelled, by=staff, reason=reason)
