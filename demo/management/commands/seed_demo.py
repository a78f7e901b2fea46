"""`manage.py seed_demo`: demo partners, one account per role, and as many listings as you ask for.

Safe to run again: organisations and accounts are found by their natural keys, and listings are only topped
up to --opportunities (listings partners made in the demo organisations count towards it and are never
touched). The content is built from opportunities/demo_data.py.
"""

import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from accounts.models import Role
from accounts.roles import role_grant
from applications import services as applying
from applications.models import Application, ApplicationEvent
from demo import demo_data as data
from notifications.models import Notification
from opportunities import search
from opportunities.models import (
    ApplyMethod,
    Attendance,
    ContractType,
    Kind,
    Opportunity,
    PayPeriod,
    PriorityGroup,
    Programme,
    Sector,
    Status,
    StatusChange,
    Ward,
    WorkingPattern,
)
from opportunities.services import (
    MODERATION_NOTIFICATIONS,
    moderation_decision_notify,
    moderation_digest_send,
    opportunities_remind_closing,
)
from organisations.models import Membership, Organisation, OrganisationType
from residents.models import ResidentProfile

BATCH_SIZE = 2000
ORGANISATION_FIELDS = (
    "name",
    "type",
    "website",
    "hackney_based",
    "disability_confident",
    "charity_number",
    "company_number",
)
PENNY = Decimal("0.01")
LONDON_LIVING_WAGE = Decimal(settings.LONDON_LIVING_WAGE_HOURLY)
# The National Living Wage and the apprentice rate from April 2026.
NATIONAL_LIVING_WAGE = Decimal("12.71")
APPRENTICE_RATE = Decimal("8.00")

# Hourly pay ranges per band of job: entry roles straddle the London Living Wage on purpose.
PAY_BANDS = {
    "entry": (NATIONAL_LIVING_WAGE, Decimal("16.00")),
    "skilled": (Decimal("14.50"), Decimal("21.00")),
    "senior": (Decimal("21.00"), Decimal("32.00")),
}

# How residents take part, per kind: weights for in person, hybrid and online.
ATTENDANCE_WEIGHTS = {
    Kind.JOB: (85, 10, 5),
    Kind.APPRENTICESHIP: (85, 15, 0),
    Kind.WORK_PLACEMENT: (90, 10, 0),
    Kind.SUPPORTED_INTERNSHIP: (100, 0, 0),
    Kind.VOLUNTEERING: (85, 5, 10),
    Kind.WORK_EXPERIENCE: (95, 5, 0),
}
ONLINE_COURSE_WEIGHTS = (55, 15, 30)
PROGRAMME_PRIORITY_GROUPS = {
    data.HACKNEY_100: [data.YOUNG_PEOPLE],
    data.SUPPORTED_INTERNSHIPS: [data.SEND],
    data.FULL_POTENTIAL: [data.CARE_EXPERIENCED],
    data.SUPPORTED_EMPLOYMENT: [data.OUT_OF_WORK],
}
PAID_KINDS = {Kind.JOB, Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT}
COMMUNITY_KINDS = {Kind.COURSE, Kind.EVENT, Kind.VOLUNTEERING}
WORKPLACE_KINDS = {Kind.JOB, Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP, Kind.WORK_EXPERIENCE}


@dataclass
class Content:
    """What a kind-specific filler decided that the description and summary need."""

    role: str
    tasks: list
    benefits: list
    programmes: list


@dataclass
class NewListing:
    """One listing ready to insert, with its many-to-many links and status history."""

    listing: Opportunity
    programme_ids: list
    priority_group_ids: list
    history: list


def weighted(rng: random.Random, weights: dict):
    """Pick a key of `weights` with probability in proportion to its value."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def money(value, step: str) -> Decimal:
    """Round pay to a step people write in adverts (0.05 an hour, 500 a year, ...)."""
    step = Decimal(step)
    return ((Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(PENNY)


def in_sentence(role: str) -> str:
    """A title as it reads mid-sentence: lower-case first letter unless it starts with an acronym."""
    return role if role[1:2].isupper() else role[0].lower() + role[1:]


def article(role: str) -> str:
    """'a' or 'an' by sound, including acronyms such as 'an HR' and 'an SEN'."""
    if role[:2].isupper():
        return "an" if role[0] in "AEFHILMNORSX" else "a"
    return "an" if role[0].lower() in "aeiou" else "a"


class ListingFactory:
    """Builds demo listings in memory; listing number `index` is the same for a given seed on every run."""

    def __init__(self, *, seed: int, organisations: dict, partners: dict, staff, now: datetime):
        self.seed = seed
        self.organisations = organisations
        self.partners = partners
        self.staff = staff
        self.now = now
        self.today = timezone.localdate(now)
        self.specs = {spec["key"]: spec for spec in data.ORGANISATIONS}
        self.sector_ids = dict(Sector.objects.values_list("name", "id"))
        self.ward_ids = dict(Ward.objects.values_list("name", "id"))
        self.programme_ids = dict(Programme.objects.values_list("name", "id"))
        self.priority_group_ids = dict(PriorityGroup.objects.values_list("name", "id"))
        self.sector_names = {pk: name for name, pk in self.sector_ids.items()}
        self.ward_names = {pk: name for name, pk in self.ward_ids.items()}
        self.places_by_postcode = {place[2]: place for place in data.PLACES}
        self.fillers = {
            Kind.JOB: self._job,
            Kind.APPRENTICESHIP: self._apprenticeship,
            Kind.WORK_PLACEMENT: self._placement,
            Kind.SUPPORTED_INTERNSHIP: self._supported_internship,
            Kind.VOLUNTEERING: self._volunteering,
            Kind.WORK_EXPERIENCE: self._work_experience,
            Kind.COURSE: self._course,
            Kind.EVENT: self._event,
        }

    def build(self, index: int) -> NewListing:
        """Listing number `index`: the showcase first, then random organisations, kinds and statuses."""
        # A generator per listing keeps a top-up run's listings identical to a fresh run's at the same index.
        rng = random.Random(f"{self.seed}:{index}")
        if index < len(data.SHOWCASE):
            key, kind, status = data.SHOWCASE[index]
        else:
            key = rng.choice(list(self.specs))
            kind = weighted(rng, self.specs[key]["kinds"])
            status = weighted(rng, data.STATUS_WEIGHTS)
        spec = self.specs[key]
        listing = Opportunity(kind=kind, status=status, organisation=self.organisations[key])
        content = self.fillers[kind](rng, listing, spec)
        listing.slug = f"{slugify(listing.title)[:100].strip('-')}-{index:x}"
        self._locate(rng, listing, spec, content)
        self._apply_route(rng, listing, spec)
        if listing.attendance != Attendance.ONLINE or kind in WORKPLACE_KINDS:
            adjustments_share = 0.7 if spec["disability_confident"] else 0.25
            if rng.random() < adjustments_share:
                listing.adjustments_offered = rng.choice(data.ADJUSTMENTS)
        self._schedule(rng, listing)
        history = self._history(rng, listing, key)
        listing.hourly_pay_min = listing.derive_hourly_pay_min()
        programme_names = sorted(set(content.programmes))
        groups = {group for name in programme_names for group in PROGRAMME_PRIORITY_GROUPS.get(name, [])}
        if rng.random() < 0.25:
            groups.add(rng.choice(list(self.priority_group_ids)))
        return NewListing(
            listing=listing,
            programme_ids=[self.programme_ids[name] for name in programme_names],
            priority_group_ids=[self.priority_group_ids[name] for name in sorted(groups)],
            history=history,
        )

    # Kind-specific content: each sets the fields only that kind uses and returns what the text needs.

    def _job(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        o.title, band = rng.choice(data.JOBS[sector])
        o.sector_id = self.sector_ids[sector]
        part_time = rng.random() < 0.3
        o.hours_per_week = Decimal(rng.choice(["16", "20", "24"]) if part_time else rng.choice(["35", "37.5", "40"]))
        if part_time:
            o.working_pattern = WorkingPattern.PART_TIME
        elif sector == data.EDUCATION:
            o.working_pattern = WorkingPattern.TERM_TIME
        else:
            o.working_pattern = rng.choice(
                [WorkingPattern.FULL_TIME] * 3 + [WorkingPattern.SHIFTS, WorkingPattern.FLEXIBLE]
            )
        o.contract_type = rng.choice([ContractType.PERMANENT] * 4 + [ContractType.FIXED_TERM, ContractType.TEMPORARY])
        o.duration = {ContractType.FIXED_TERM: "12 months", ContractType.TEMPORARY: "3 months"}.get(o.contract_type, "")
        self._pay(rng, o, *PAY_BANDS[band], senior=band == "senior")
        o.positions = rng.choice([1, 1, 1, 2, 3])
        if sector in (data.CONSTRUCTION, data.HEALTH, data.TRANSPORT) or rng.random() < 0.2:
            o.min_age = 18
        programmes = []
        if spec["key"] == "pathway" or (spec["disability_confident"] and rng.random() < 0.05):
            programmes.append(data.SUPPORTED_EMPLOYMENT)
        if band == "entry" and rng.random() < 0.05:
            programmes.append(data.FULL_POTENTIAL)
            o.min_age, o.max_age = 18, 25
        return Content(o.title, rng.sample(data.TASKS[sector], 3), rng.sample(data.BENEFITS["paid"], 3), programmes)

    def _apprenticeship(self, rng, o, spec) -> Content:
        council = spec["type"] == OrganisationType.COUNCIL
        sector = rng.choice(spec["sectors"])
        # Council apprenticeships run from level 2 to level 6.
        options = [
            (title, level)
            for title, levels in data.APPRENTICESHIPS[sector]
            for level in levels
            if not council or level <= 6
        ]
        role, o.level = rng.choice(options)
        o.title = f"{role} (level {o.level})"
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(rng.choice(["30", "35", "37.5"]))
        o.working_pattern = WorkingPattern.FULL_TIME
        o.contract_type = ContractType.APPRENTICESHIP
        o.duration = {2: "12 to 15 months", 3: "18 months", 4: "2 years", 5: "2 years"}.get(o.level, "3 to 4 years")
        o.min_age = 16
        programmes = []
        if council:
            # Hackney pays its apprentices at least the London Living Wage.
            o.pay_period = PayPeriod.YEAR
            o.pay_min = money(LONDON_LIVING_WAGE * o.hours_per_week * 52 * Decimal(rng.uniform(1.01, 1.08)), "250")
            o.hackney_connection_required = True
            o.positions = rng.randint(3, 12)
            programmes.append(data.COUNCIL_APPRENTICESHIPS)
        elif o.level <= 3 and rng.random() < 0.5:
            o.pay_period, o.pay_min = (
                PayPeriod.HOUR,
                rng.choice([APPRENTICE_RATE, Decimal("10.00"), NATIONAL_LIVING_WAGE]),
            )
            o.positions = rng.randint(1, 3)
        else:
            low, high = (21000, 26000) if o.level <= 4 else (26000, 32000)
            o.pay_period, o.pay_min = PayPeriod.YEAR, money(rng.uniform(low, high), "500")
            o.positions = rng.randint(1, 3)
        if rng.random() < 0.08:
            programmes.append(data.FULL_POTENTIAL)
            o.max_age = 25
        return Content(
            role, rng.sample(data.TASKS[sector], 3), rng.sample(data.BENEFITS["apprenticeship"], 3), programmes
        )

    def _placement(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(data.ENTRY_ROLES[sector])
        hackney_100 = rng.random() < 0.85
        o.title = f"Hackney 100 placement: {role}" if hackney_100 else f"Paid placement: {role}"
        o.sector_id = self.sector_ids[sector]
        hours = self._plan(rng, o, sector)
        o.working_pattern = WorkingPattern.PART_TIME
        o.contract_type = ContractType.PLACEMENT
        # Hackney 100 pays the London Living Wage; other placements show the range of what partners offer.
        rate = (
            LONDON_LIVING_WAGE
            if hackney_100
            else rng.choice([NATIONAL_LIVING_WAGE, Decimal("13.50"), LONDON_LIVING_WAGE])
        )
        if rng.random() < 0.8:
            o.pay_period, o.pay_min = PayPeriod.HOUR, rate
        else:
            o.pay_period, o.pay_min = PayPeriod.WEEK, (rate * hours).quantize(PENNY)
        o.min_age, o.max_age = 16, 24
        o.positions = rng.randint(1, 6)
        programmes = []
        if hackney_100:
            o.hackney_connection_required = True
            programmes.append(data.HACKNEY_100)
        return Content(role, rng.sample(data.TASKS[sector], 3), rng.sample(data.BENEFITS["placement"], 3), programmes)

    def _supported_internship(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(data.ENTRY_ROLES[sector])
        o.title = f"Supported internship: {role}"
        o.sector_id = self.sector_ids[sector]
        self._plan(rng, o, sector)
        o.plan_adjustments = rng.choice(data.PLAN_ADJUSTMENTS)
        o.working_pattern = WorkingPattern.TERM_TIME
        o.contract_type = ContractType.PLACEMENT
        o.duration = "One academic year (September to July)"
        o.min_age, o.max_age = 16, 24
        o.positions = rng.randint(2, 8)
        return Content(
            role,
            rng.sample(data.TASKS[sector], 3),
            rng.sample(data.BENEFITS["supported_internship"], 3),
            [data.SUPPORTED_INTERNSHIPS],
        )

    def _volunteering(self, rng, o, spec) -> Content:
        options = [role for role in data.VOLUNTEERING if role[1] in spec["sectors"]] or data.VOLUNTEERING
        o.title, sector, tasks = rng.choice(options)
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(rng.choice(["2", "3", "4", "6", "8"]))
        o.working_pattern = WorkingPattern.FLEXIBLE
        o.contract_type = ContractType.VOLUNTARY
        o.duration = rng.choice(["At least 3 months", "Ongoing", "6 months"])
        o.min_age = rng.choice([16, 18, 18])
        o.positions = rng.randint(2, 20)
        return Content(o.title, tasks, rng.sample(data.BENEFITS["volunteering"], 3), [])

    def _work_experience(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(data.ENTRY_ROLES[sector])
        template, o.duration, hours = rng.choice(
            [
                ("Job taster day: {role}", "One day", None),
                ("Work experience week: {role}", "One week", "25"),
                ("Two-week work experience: {role}", "Two weeks", "30"),
            ]
        )
        o.title = template.format(role=role)
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(hours) if hours else None
        o.contract_type = ContractType.PLACEMENT
        o.min_age = 16
        o.max_age = 24 if rng.random() < 0.5 else None
        o.positions = rng.randint(1, 6)
        programmes = [data.FULL_POTENTIAL] if rng.random() < 0.08 else []
        return Content(
            role, rng.sample(data.TASKS[sector], 3), rng.sample(data.BENEFITS["work_experience"], 3), programmes
        )

    def _course(self, rng, o, spec) -> Content:
        open_to_general = spec["type"] != OrganisationType.EMPLOYER
        options = [c for c in data.COURSES if c[2] in spec["sectors"] or (c[2] is None and open_to_general)]
        o.title, o.level, sector, hours, o.duration, can_be_online, learn = rng.choice(options or data.COURSES)
        o.sector_id = self.sector_ids[sector] if sector else None
        o.hours_per_week = Decimal(hours)
        o.contract_type = ContractType.NOT_APPLICABLE
        o.attendance = self._attendance(rng, ONLINE_COURSE_WEIGHTS if can_be_online else (100, 0, 0))
        # Adult learning is 19 and over; the rest is open from school-leaving age.
        adult_learning = spec["key"] == "adult_learning" or (open_to_general and sector is None and rng.random() < 0.7)
        o.min_age = 19 if adult_learning else rng.choice([16, 18, None])
        o.positions = rng.randint(8, 20)
        o.flexible_start = o.duration != "One day" and rng.random() < 0.3
        programmes = [data.ADULT_LEARNING] if adult_learning else []
        return Content(o.title, learn, rng.sample(data.BENEFITS["course"], 3), programmes)

    def _event(self, rng, o, spec) -> Content:
        options = [e for e in data.EVENTS if e[1] in spec["sectors"]]
        if spec["type"] != OrganisationType.EMPLOYER:
            options += [e for e in data.EVENTS if e[1] is None]
        o.title, sector, hours, online, postcode = rng.choice(options or data.EVENTS)
        o.sector_id = self.sector_ids[sector] if sector else None
        o.duration = f"One day, {hours}"
        o.contract_type = ContractType.NOT_APPLICABLE
        o.attendance = Attendance.ONLINE if online else Attendance.IN_PERSON
        o.positions = rng.choice([40, 60, 100, 150, 200])
        if postcode:
            ward, o.address, o.postcode = self.places_by_postcode[postcode]
            o.ward_id = self.ward_ids[ward]
        programmes = [data.HACKNEY_100] if o.title.startswith("Hackney 100") else []
        return Content(o.title, rng.sample(data.EVENT_ACTIVITIES, 3), rng.sample(data.BENEFITS["event"], 3), programmes)

    # Shared pieces.

    def _plan(self, rng, o, sector) -> Decimal:
        """Fill the employment plan of a placement or supported internship; returns its hours per week."""
        pattern, hours, weeks = rng.choice(data.HOURS_PATTERNS[o.kind])
        o.plan_hours_pattern = pattern
        o.plan_tasks = "\n".join(f"- {task}" for task in rng.sample(data.TASKS[sector], 4))
        o.plan_supervisor = f"{rng.choice(data.SUPERVISORS)}, {rng.choice(data.SUPERVISOR_ROLES)}"
        o.plan_adjustments = rng.choice(data.PLAN_ADJUSTMENTS)
        o.hours_per_week = Decimal(hours)
        if weeks:
            o.duration = f"{weeks} weeks"
        return o.hours_per_week

    def _pay(self, rng, o, low: Decimal, high: Decimal, *, senior: bool) -> None:
        hourly = Decimal(rng.uniform(float(low), float(high)))
        period = (
            PayPeriod.YEAR
            if senior
            else weighted(rng, {PayPeriod.HOUR: 45, PayPeriod.YEAR: 40, PayPeriod.WEEK: 10, PayPeriod.MONTH: 5})
        )
        weekly = hourly * o.hours_per_week
        step, value = {
            PayPeriod.HOUR: ("0.05", hourly),
            PayPeriod.WEEK: ("5", weekly),
            PayPeriod.MONTH: ("50", weekly * 52 / 12),
            PayPeriod.YEAR: ("500", weekly * 52),
        }[period]
        o.pay_period, o.pay_min = period, money(value, step)
        if rng.random() < 0.5:
            o.pay_max = money(o.pay_min * Decimal(rng.uniform(1.05, 1.2)), step)

    def _attendance(self, rng, weights) -> str:
        return rng.choices([Attendance.IN_PERSON, Attendance.HYBRID, Attendance.ONLINE], weights=weights)[0]

    def _locate(self, rng, o, spec, content: Content) -> None:
        """Set where it happens, then the summary and description that mention it."""
        if o.kind in ATTENDANCE_WEIGHTS:
            o.attendance = self._attendance(rng, ATTENDANCE_WEIGHTS[o.kind])
        if o.attendance != Attendance.ONLINE and not o.postcode:
            # Libraries and town halls host council and community activities, not other employers' jobs.
            venues_ok = o.kind in COMMUNITY_KINDS or spec["type"] == OrganisationType.COUNCIL
            places = [p for p in data.PLACES if venues_ok or p[2] not in data.PUBLIC_VENUES]
            home = [p for p in places if p[0] in spec["wards"]]
            ward, o.address, o.postcode = rng.choice(home if home and rng.random() < 0.7 else places)
            o.ward_id = self.ward_ids[ward]
        ward_name = self.ward_names.get(o.ward_id, "")
        if o.attendance == Attendance.ONLINE:
            where = "working from home" if o.kind in WORKPLACE_KINDS else "online"
        elif o.attendance == Attendance.HYBRID:
            where = f"in {ward_name} and online"
        else:
            where = f"in {ward_name}"
        role = in_sentence(content.role)
        words = {"org": o.organisation.name, "role": role, "article": article(role), "where": where}
        words["Article"] = words["article"].capitalize()
        o.summary = rng.choice(data.SUMMARIES[o.kind]).format(**words)
        o.description = self._description(o, spec, content, words)

    def _description(self, o, spec, content: Content, words: dict) -> str:
        benefits = list(content.benefits)
        hourly = o.derive_hourly_pay_min()
        if hourly is not None and hourly >= LONDON_LIVING_WAGE:
            benefits.insert(0, "Pay at or above the London Living Wage")
        parts = [
            f"{o.organisation.name} is {spec['about']}. {data.PITCHES[o.kind].format(**words)}",
            "### What you'll do\n\n" + "\n".join(f"- {task}" for task in content.tasks),
            "### What you'll get\n\n" + "\n".join(f"- {benefit}" for benefit in benefits),
        ]
        if o.hackney_connection_required:
            parts.append("You must live in Hackney or have gone to school in Hackney to apply.")
        if spec["disability_confident"] and o.kind in WORKPLACE_KINDS:
            parts.append(
                "We're a **Disability Confident** employer: if you're disabled and meet the essential "
                "criteria, we'll offer you an interview."
            )
        else:
            parts.append("Tell us if you need any adjustments to take part. We're happy to help.")
        return "\n\n".join(parts)

    def _apply_route(self, rng, o, spec) -> None:
        o.apply_method = weighted(rng, {ApplyMethod.HERE: 60, ApplyMethod.WEBSITE: 25, ApplyMethod.EMAIL: 15})
        section = {Kind.COURSE: "courses", Kind.EVENT: "events"}.get(o.kind, "jobs")
        if o.apply_method == ApplyMethod.WEBSITE:
            o.apply_url = f"{spec['website']}/{section}/"
        elif o.apply_method == ApplyMethod.EMAIL:
            o.apply_email = f"{section}@{urlsplit(spec['website']).hostname}"
        elif o.kind != Kind.EVENT:
            # Sector questions ("Do you have a CSCS card?") only make sense for paid roles.
            sector = self.sector_names.get(o.sector_id) if o.kind in PAID_KINDS else None
            questions = data.SCREENING_QUESTIONS.get(sector, []) + data.SCREENING_QUESTIONS["general"]
            chosen = questions[:1] + rng.sample(questions[1:], 2)
            for number, question in enumerate(chosen[: rng.randint(0, 3)], start=1):
                setattr(o, f"screening_question_{number}", question)

    def _schedule(self, rng, o) -> None:
        """Closing, start and end dates that fit the status: closed listings closed in the past."""
        if o.status == Status.CLOSED:
            closing = self.today - timedelta(days=rng.randint(1, 60))
        elif o.status == Status.ARCHIVED:
            closing = self.today + timedelta(days=rng.randint(-60, 60))
        else:
            closing = self.today + timedelta(days=rng.randint(3, 120))
        if o.kind == Kind.EVENT:
            # People book up to the day itself.
            o.closing_date = o.start_date = o.end_date = closing
        elif o.kind == Kind.COURSE:
            if o.flexible_start and o.status != Status.CLOSED:
                return
            o.flexible_start = False
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(7, 21))
        elif o.kind == Kind.SUPPORTED_INTERNSHIP:
            o.closing_date = closing
            year = closing.year if closing.month < 9 else closing.year + 1
            o.start_date, o.end_date = date(year, 9, 8), date(year + 1, 7, 17)
        elif o.kind == Kind.WORK_PLACEMENT:
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(14, 30))
            o.end_date = o.start_date + timedelta(weeks=int(o.duration.split()[0]), days=-3)
        elif o.kind == Kind.WORK_EXPERIENCE:
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(7, 30))
            o.end_date = o.start_date + timedelta(days={"One day": 0, "One week": 4}.get(o.duration, 11))
        elif o.kind == Kind.VOLUNTEERING and o.status != Status.CLOSED and rng.random() < 0.6:
            o.flexible_start = True
        elif o.kind in (Kind.JOB, Kind.VOLUNTEERING) and o.status != Status.CLOSED and rng.random() < 0.12:
            return
        else:
            o.closing_date = closing
            if o.kind == Kind.APPRENTICESHIP:
                o.start_date = closing + timedelta(days=rng.randint(30, 75))
            elif rng.random() < 0.3:
                o.start_date = closing + timedelta(days=rng.randint(21, 45))

    def _at(self, day, rng) -> datetime:
        """A moment in office hours on `day`, never in the future."""
        moment = datetime.combine(
            day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=timezone.get_current_timezone()
        )
        return min(moment, self.now)

    def _after(self, moment: datetime, rng, *, days: int = 3) -> datetime:
        """A moment in office hours up to `days` days after `moment` (later than it, unless that is the future)."""
        later = self._at(timezone.localdate(moment) + timedelta(days=rng.randint(0, days)), rng)
        return later if later > moment else min(moment + timedelta(hours=rng.uniform(1, 3)), self.now)

    def _history(self, rng, o, key) -> list:
        """Status changes from submission to the listing's status, as the services would have recorded them."""
        partner, staff, today = self.partners.get(key), self.staff, self.today
        changes = []

        def change(from_status, to_status, by, at, message=""):
            changes.append(
                StatusChange(opportunity=o, from_status=from_status, to_status=to_status, by=by, at=at, message=message)
            )

        if o.status == Status.DRAFT:
            change("", Status.DRAFT, partner, self._at(today - timedelta(days=rng.randint(0, 30)), rng))
        elif o.status == Status.SUBMITTED:
            change("", Status.SUBMITTED, partner, self._at(today - timedelta(days=rng.randint(0, 7)), rng))
        elif o.status in (Status.CHANGES_REQUESTED, Status.REJECTED):
            submitted = self._at(today - timedelta(days=rng.randint(3, 30)), rng)
            o.moderation_message = rng.choice(
                data.CHANGES_REQUESTED if o.status == Status.CHANGES_REQUESTED else data.REJECTION_REASONS
            )
            change("", Status.SUBMITTED, partner, submitted)
            change(Status.SUBMITTED, o.status, staff, self._after(submitted, rng), o.moderation_message)
        else:
            # Closed and archived listings went live well before their closing date.
            last_live_day = min(o.closing_date or today, today)
            live_for = rng.randint(0, 90) if o.status == Status.PUBLISHED else rng.randint(7, 60)
            submitted = self._at(last_live_day - timedelta(days=live_for + rng.randint(0, 3)), rng)
            o.published_at = self._after(submitted, rng)
            change("", Status.SUBMITTED, partner, submitted)
            change(Status.SUBMITTED, Status.PUBLISHED, staff, o.published_at)
            if o.status == Status.CLOSED:
                # The nightly sweep (opportunities_close_expired) closes a listing the night after its closing date.
                closed = datetime.combine(
                    o.closing_date + timedelta(days=1), time(2, 0), tzinfo=timezone.get_current_timezone()
                )
                change(Status.PUBLISHED, Status.CLOSED, None, min(closed, self.now), "Closing date passed")
            elif o.status == Status.ARCHIVED:
                archived = self._after(o.published_at, rng, days=(today - timezone.localdate(o.published_at)).days)
                change(Status.PUBLISHED, Status.ARCHIVED, rng.choice([partner or staff, staff]), archived)
        last = changes[-1]
        o.status_changed_at, o.status_changed_by = last.at, last.by
        return changes


class Command(BaseCommand):
    help = "Load demo organisations, accounts and listings. Safe to run again: it only tops up what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--opportunities",
            type=int,
            default=300,
            help="How many listings the demo organisations should have in total (default 300).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the random content (default 2026).")

    def handle(self, *args, opportunities: int, seed: int, verbosity: int, **options):
        if opportunities < 0:
            raise CommandError("--opportunities must be 0 or more.")
        with transaction.atomic():
            organisations, new_organisations = self._organisations()
            accounts = self._accounts(organisations)
            existing = Opportunity.objects.filter(organisation__in=organisations.values()).count()
            partners = {entry["organisation"]: user for entry, user in accounts if entry["organisation"]}
            staff = next(user for entry, user in accounts if entry["role"] == Role.STAFF)
            factory = ListingFactory(
                seed=seed, organisations=organisations, partners=partners, staff=staff, now=timezone.now()
            )
            created = self._listings(
                factory, start=existing, count=max(opportunities - existing, 0), show_progress=verbosity > 0
            )
            before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
            self._applications(accounts, organisations, partners)
            self._messages(partners, before=before)
        if verbosity > 0:
            self._report(organisations, new_organisations, existing, created, accounts)

    def _organisations(self):
        organisations, created = {}, 0
        for spec in data.ORGANISATIONS:
            fields = {name: spec[name] for name in ORGANISATION_FIELDS}
            # get_or_create, not update_or_create: edits a demo partner makes to its profile survive a re-run.
            organisation, is_new = Organisation.objects.get_or_create(slug=slugify(spec["name"]), defaults=fields)
            organisations[spec["key"]] = organisation
            created += is_new
        return organisations, created

    def _accounts(self, organisations):
        accounts = []
        for entry in data.ACCOUNTS:
            user, _ = get_user_model().objects.get_or_create(email=entry["email"])
            # Reset on every run so the printed password and roles always work, whatever the demo did to them.
            user.full_name = entry["full_name"]
            user.is_active = True
            user.is_superuser = False
            user.email_confirmed_at = user.email_confirmed_at or timezone.now()
            user.set_password(data.PASSWORD)
            user.save()
            role_grant(user=user, role=entry["role"])
            if entry["organisation"]:
                Membership.objects.update_or_create(
                    organisation=organisations[entry["organisation"]],
                    user=user,
                    defaults={"role": Membership.Role.ADMIN},
                )
            accounts.append((entry, user))
        return accounts

    def _listings(self, factory: ListingFactory, *, start: int, count: int, show_progress: bool) -> int:
        """Insert `count` listings in batches, numbered from `start`; returns how many were made."""
        programme_link = Opportunity.programmes.through
        priority_link = Opportunity.priority_groups.through
        first = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("at").values("at")[:1]
        last = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("-at").values("at")[:1]
        progress = tqdm(
            total=count, unit=" listings", file=sys.stderr, disable=not show_progress or not sys.stderr.isatty()
        )
        index, made, new_ids = start, 0, []
        while made < count:
            batch = [factory.build(i) for i in range(index, index + min(BATCH_SIZE, count - made))]
            index += len(batch)
            # A slug can only clash after demo listings were deleted; skip those numbers rather than fail.
            taken = set(
                Opportunity.objects.filter(slug__in=[d.listing.slug for d in batch]).values_list("slug", flat=True)
            )
            batch = [d for d in batch if d.listing.slug not in taken]
            Opportunity.objects.bulk_create([d.listing for d in batch])
            programme_link.objects.bulk_create(
                programme_link(opportunity_id=d.listing.pk, programme_id=pk) for d in batch for pk in d.programme_ids
            )
            priority_link.objects.bulk_create(
                priority_link(opportunity_id=d.listing.pk, prioritygroup_id=pk)
                for d in batch
                for pk in d.priority_group_ids
            )
            StatusChange.objects.bulk_create(change for d in batch for change in d.history)
            ids = [d.listing.pk for d in batch]
            # bulk_create stamps created_at with now; date the listing from its history instead.
            Opportunity.objects.filter(pk__in=ids).update(created_at=Subquery(first), updated_at=Subquery(last))
            new_ids += ids
            made += len(batch)
            # With DEBUG on (as `make run` has it) Django keeps the SQL of every query: megabytes per batch here.
            reset_queries()
            progress.update(len(batch))
        progress.close()
        if new_ids:
            search.refresh(new_ids)
        return made

    def _applications(self, accounts, organisations, partners):
        """The demo resident's profile, saved listings and an application at every stage, and other residents'
        applications for the first partner to review, all made through the real services (first run only)."""
        resident = next(user for entry, user in accounts if entry["role"] == Role.RESIDENT)
        if Application.objects.filter(resident=resident).exists():
            return
        started = timezone.now()
        born = date(timezone.localdate().year - 22, 6, 12)
        ResidentProfile.objects.update_or_create(
            user=resident, defaults=data.RESIDENT_PROFILE | {"date_of_birth": born}
        )
        today = timezone.localdate()
        listings = [
            o
            for o in Opportunity.objects.filter(organisation__in=[organisations["a"], organisations["b"]])
            .published()
            .open_on(today)
            .select_related("organisation")
            .order_by("organisation__name", "id")
            if (o.min_age or 0) <= 22 <= (o.max_age or 99)
        ]
        here = [o for o in listings if o.apply_method == ApplyMethod.HERE]
        elsewhere = [o for o in listings if o.apply_method != ApplyMethod.HERE]
        member = {organisations[key].pk: user for key, user in partners.items()}
        stages = [
            [],
            ["reviewing"],
            ["reviewing", "shortlisted"],
            ["shortlisted", "interview"],
            ["reviewing", "interview", "offered"],
            ["interview", "offered", "started"],
            ["reviewing", "unsuccessful"],
            "withdraw",
            "draft",
        ]
        for index, (listing, moves) in enumerate(zip(here, stages, strict=False)):
            application = self._apply(resident, listing, index, submit=moves != "draft")
            if moves == "withdraw":
                applying.application_withdraw(application=application, by=resident)
            elif moves != "draft":
                self._move(application, moves, by=member[listing.organisation_id])
        for listing in elsewhere[:2]:
            application = applying.application_leave_to_apply(resident=resident, opportunity=listing)
        if len(elsewhere) > 1:
            applying.application_mark_applied(application=application, by=resident)
        for listing in listings[-3:]:
            applying.saved_opportunity_add(user=resident, opportunity=listing)
        partner_listings = [o for o in here if o.organisation_id == organisations["a"].pk][:3]
        for number, (name, email, phone, postcode) in enumerate(data.APPLICANTS):
            applicant, _ = get_user_model().objects.get_or_create(
                email=email, defaults={"full_name": name, "email_confirmed_at": timezone.now()}
            )
            applicant.set_password(data.PASSWORD)
            applicant.save()
            role_grant(user=applicant, role=Role.RESIDENT)
            ResidentProfile.objects.update_or_create(
                user=applicant,
                defaults={"phone": phone, "postcode": postcode, "lives_in_hackney": True, "date_of_birth": born},
            )
            for listing in partner_listings:
                if Application.objects.filter(resident=applicant, opportunity=listing).exists():
                    continue
                application = self._apply(applicant, listing, number)
                self._move(application, [[], ["reviewing"], ["shortlisted"]][number % 3], by=partners["a"])
        self._spread_over_recent_weeks(Application.objects.filter(created_at__gte=started))

    def _spread_over_recent_weeks(self, applications):
        """The services stamp everything "now"; move each application and its history back by up to three weeks
        (steps a day or two apart), so lists read as they would in real use."""
        for application in applications.order_by("pk"):
            events = list(application.history.order_by("at", "pk"))
            days_back = 2 * len(events) + 1 + application.pk * 5 % 19  # the last step still in the past
            start = timezone.now() - timedelta(days=days_back, hours=application.pk * 7 % 9)
            for step, event in enumerate(events):
                event.at = start + timedelta(days=step * 2, hours=step)
            ApplicationEvent.objects.bulk_update(events, ["at"])
            application.created_at = start - timedelta(minutes=40)
            if application.submitted_at:
                application.submitted_at = events[0].at if events[0].to_status == "submitted" else start
            application.status_changed_at = events[-1].at if events else start
            application.save(update_fields=["created_at", "submitted_at", "status_changed_at"])

    def _apply(self, resident, listing, index, *, submit=True):
        application = applying.application_draft_save(
            resident=resident,
            opportunity=listing,
            answers=[
                (choices := data.SCREENING_ANSWERS.get(question, data.ANY_ANSWER))[index % len(choices)]
                for question in listing.screening_questions
            ],
            statement=data.STATEMENTS[index % len(data.STATEMENTS)],
            cv=ContentFile(_demo_cv(resident.full_name), name="cv.pdf") if index % 2 == 0 else None,
            cv_type="pdf",
        )
        return applying.application_submit(application=application, by=resident) if submit else application

    def _move(self, application, moves, *, by):
        interview = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=6), time(10, 30)))
        for to in moves:
            applying.application_move(
                application=application,
                to=to,
                by=by,
                interview_at=interview,
                interview_place=application.opportunity.address or "Hackney Service Centre, 1 Hillman Street, E8 1DY",
                feedback=data.FEEDBACK,
            )

    def _messages(self, partners, *, before):
        """Give the demo partners and staff an inbox: their latest moderation decisions, closing reminders and
        today's review digest, written by the real services and marked as already emailed (with the messages
        the demo applications wrote)."""
        organisation_ids = [
            membership.organisation_id for user in partners.values() for membership in user.memberships.all()
        ]
        decisions = []
        for to_status in MODERATION_NOTIFICATIONS:
            decisions += (
                StatusChange.objects.filter(opportunity__organisation_id__in=organisation_ids, to_status=to_status)
                .select_related("opportunity__organisation")
                .order_by("-at")[:2]
            )
        for change in decisions:
            moderation_decision_notify(change=change)
        opportunities_remind_closing()
        moderation_digest_send()
        Notification.objects.filter(pk__gt=before, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
        )

    def _report(self, organisations, new_organisations, existing, created, accounts):
        visible = Opportunity.objects.visible().count()
        self.stdout.write(
            f"Demo organisations: {len(organisations)} ({new_organisations} new). Their listings: {existing + created} "
            f"({created} new). Listings the public can see: {visible}."
        )
        self.stdout.write(self.style.SUCCESS(f"\nSign in with any of these accounts. Password: {data.PASSWORD}\n"))
        rows = [("Role", "Email", "Name", "Sign in at")]
        for entry, user in accounts:
            label = entry["label"]
            if entry["organisation"]:
                label += f" ({organisations[entry['organisation']].name})"
            rows.append((label, user.email, user.full_name, entry["signs_in_at"]))
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )


def _demo_cv(name: str) -> bytes:
    """A one-page PDF with the applicant's name, so the partner's download opens in any PDF reader."""
    text = f"BT /F1 20 Tf 72 760 Td ({name} - CV) Tj 0 -30 Td /F1 12 Tf (Hackney, London) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
