"""When each advisor can be booked: weekly hours, less bank holidays, time off and appointments already held,
plus one-off extra sessions; within the notice and horizon the service sets.

Reads only (three queries for any number of advisors and days). Times are worked out in Europe/London, so a
rule for 9:30am is 9:30am on both sides of a clock change; the slots carry aware datetimes.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import FloatField, Func
from django.utils import timezone

from .models import HOLDS_TIME, AdvisorProfile, Appointment, AvailabilityException, WeeklyHours

LONDON = ZoneInfo("Europe/London")


class Epoch(Func):
    """A timestamp as POSIX seconds, a float (whole seconds on SQLite, which is only the development default)."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Doubled twice: once for this template, once for the query's own parameters.
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS REAL)", **extra)


@dataclass(frozen=True, slots=True)
class Slot:
    advisor_id: int
    starts_at: datetime
    ends_at: datetime
    mode: str
    venue: str

    @property
    def day(self) -> date:
        return self.starts_at.astimezone(LONDON).date()


@cache
def _bank_holidays(year: int) -> dict:
    # England and Wales share their bank holidays; the list ships with the package (nothing is fetched).
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday on this day in England and Wales (substitute days included), or None."""
    return _bank_holidays(day.year).get(day)


def booking_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The earliest and latest start a resident may book now: ADVISORS_MIN_NOTICE_HOURS from now, and the end
    of the day ADVISORS_BOOKING_HORIZON_DAYS ahead."""
    now = now or timezone.now()
    last_day = now.astimezone(LONDON).date() + timedelta(days=settings.ADVISORS_BOOKING_HORIZON_DAYS)
    return (
        now + timedelta(hours=settings.ADVISORS_MIN_NOTICE_HOURS),
        datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=LONDON),
    )


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def free_slots(
    *,
    advisors: list[AdvisorProfile],
    first_day: date,
    last_day: date,
    mode: str | None = None,
    now: datetime | None = None,
    ignore: Appointment | None = None,
) -> dict[int, list[Slot]]:
    """Each advisor's free slots from `first_day` to `last_day` (London dates, both included), in time order.

    `mode` keeps slots of one mode only; `ignore` leaves one appointment out of what holds time (the one being
    moved, when rescheduling).
    """
    earliest, latest = booking_window(now)
    ids = [advisor.pk for advisor in advisors]
    length = {advisor.pk: advisor.slot_minutes * 60 for advisor in advisors}  # in seconds
    weekly = defaultdict(list)
    for rule in WeeklyHours.objects.filter(advisor_id__in=ids).order_by("starts"):
        weekly[rule.advisor_id, rule.weekday].append(rule)
    extra, off = defaultdict(list), defaultdict(list)
    for exception in AvailabilityException.objects.filter(advisor_id__in=ids, date__range=(first_day, last_day)):
        (extra if exception.kind == AvailabilityException.Kind.EXTRA else off)[
            exception.advisor_id, exception.date
        ].append(exception)
    held = defaultdict(list)
    appointments = Appointment.objects.filter(
        advisor_id__in=ids,
        status__in=HOLDS_TIME,
        starts_at__lt=_at(last_day + timedelta(days=1), time.min),
        ends_at__gt=_at(first_day, time.min),
    )
    if ignore is not None:
        appointments = appointments.exclude(pk=ignore.pk)
    # As POSIX seconds, read as such: making thousands of aware datetimes was most of the time. By London day
    # (an appointment is within one day), so each day checks only its own.
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    midnights = [_at(day, time.min).timestamp() for day in days]
    rows = appointments.values_list("advisor_id", Epoch("starts_at"), Epoch("ends_at"))
    for advisor_id, starts, ends in rows:
        index = bisect_right(midnights, starts) - 1
        if index >= 0:
            held[advisor_id, days[index]].append((starts, ends))

    window = (earliest.timestamp(), latest.timestamp())
    slots: dict[int, list[Slot]] = {advisor_id: [] for advisor_id in ids}
    day = first_day
    while day <= last_day:
        if bank_holiday_name(day) is None:
            for advisor_id in ids:
                slots[advisor_id] += _day_slots(
                    advisor_id,
                    day,
                    sessions=weekly[advisor_id, day.weekday()] + extra[advisor_id, day],
                    off=off[advisor_id, day],
                    held=held[advisor_id, day],
                    length=length[advisor_id],
                    mode=mode,
                    window=window,
                )
        day += timedelta(days=1)
    return slots


def _day_slots(advisor_id, day, *, sessions, off, held, length, mode, window) -> list[Slot]:
    """One advisor's free slots on one day. Arithmetic in POSIX seconds: a session's ends are placed in London
    time (so 9:30am is 9:30am whatever the clock change), then stepped by the slot length."""
    if any(exception.starts is None for exception in off):
        return []  # the whole day off
    blocked = [(_at(day, e.starts).timestamp(), _at(day, e.ends).timestamp()) for e in off] + held
    earliest, latest = window
    found = []
    for session in sorted(sessions, key=lambda s: s.starts):
        if mode and session.mode != mode:
            continue
        start, end = _at(day, session.starts).timestamp(), _at(day, session.ends).timestamp()
        while start + length <= end:
            finish = start + length
            if earliest <= start < latest and not any(b_start < finish and start < b_end for b_start, b_end in blocked):
                found.append(
                    Slot(
                        advisor_id,
                        datetime.fromtimestamp(start, LONDON),
                        datetime.fromtimestamp(finish, LONDON),
                        session.mode,
                        session.venue,
                    )
                )
            start = finish
    return found
