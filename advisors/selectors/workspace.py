"""Reads of an advisor's own workspace: who the signed-in advisor is, their diary by London day, their hours, the
appointments already booked in time they take off, and what else they have to do (check-ins, next steps)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.db.models.functions import ExtractIsoWeekDay, TruncTime
from django.http import Http404
from django.utils.dateformat import time_format

from organisations.access import is_advisor

from ..availability import LONDON, Slot, bank_holiday_name, free_slots
from ..models import (
    AdvisorProfile,
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    Case,
    CheckIn,
    Mode,
    Referral,
    WeeklyHours,
)


def advisor_profile_or_404(user) -> AdvisorProfile:
    """The signed-in advisor's own profile; a 404 for anyone who is not an advisor with a profile."""
    profile = None
    if is_advisor(user):
        profile = AdvisorProfile.objects.select_related("user").filter(user_id=user.pk).first()
    if profile is None:
        raise Http404("Only advisors can see this page.")
    return profile


def time_range(starts: time, ends: time) -> str:
    """ "9:30am to 12:30pm", as the pages write times of day."""
    return f"{time_format(starts, 'g:iA').lower()} to {time_format(ends, 'g:iA').lower()}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


@dataclass(frozen=True)
class DiaryEntry:
    """One line of a day in the diary: an appointment, or a free time residents can still book."""

    appointment: Appointment | None = None
    slot: Slot | None = None
    now: datetime | None = None

    @property
    def starts_at(self) -> datetime:
        return (self.appointment or self.slot).starts_at

    @property
    def ends_at(self) -> datetime:
        return (self.appointment or self.slot).ends_at

    @property
    def mode_label(self) -> str:
        return Mode(self.slot.mode).label

    @property
    def can_record_attendance(self) -> bool:
        """Booked, and its start time has passed (as `appointment_attendance_record` requires)."""
        return self.appointment.status == AppointmentStatus.BOOKED and self.appointment.starts_at <= self.now

    @property
    def can_cancel(self) -> bool:
        """Booked and still to come (as `appointment_cancel` requires)."""
        return self.appointment.status == AppointmentStatus.BOOKED and self.appointment.starts_at > self.now


@dataclass
class DiaryDay:
    """A London day of an advisor's diary: what holds their time (and the free times) in time order, and what
    was cancelled."""

    day: date
    bank_holiday: str | None
    entries: list[DiaryEntry] = field(default_factory=list)
    cancelled: list[DiaryEntry] = field(default_factory=list)


def diary_days(
    *, advisor: AdvisorProfile, first_day: date, last_day: date, now: datetime, with_free_slots: bool = True
) -> list[DiaryDay]:
    """Each London day from `first_day` to `last_day` with its appointments (and, if the advisor takes bookings,
    the times still free), in one query for the appointments and free_slots' three for the free times."""
    days = {}
    day = first_day
    while day <= last_day:
        days[day] = DiaryDay(day=day, bank_holiday=bank_holiday_name(day))
        day += timedelta(days=1)
    appointments = (
        Appointment.objects.filter(
            advisor=advisor, starts_at__gte=_midnight(first_day), starts_at__lt=_midnight(last_day + timedelta(days=1))
        )
        .select_related("resident")
        .order_by("starts_at", "pk")
    )
    for appointment in appointments:
        entry = DiaryEntry(appointment=appointment, now=now)
        diary_day = days[appointment.starts_at.astimezone(LONDON).date()]
        (diary_day.cancelled if appointment.status == AppointmentStatus.CANCELLED else diary_day.entries).append(entry)
    if with_free_slots and advisor.is_bookable:
        # With `now`, times already past (or too soon to book) are not shown as free.
        slots = free_slots(advisors=[advisor], first_day=first_day, last_day=last_day, now=now)[advisor.pk]
        for slot in slots:
            days[slot.day].entries.append(DiaryEntry(slot=slot, now=now))
        for diary_day in days.values():
            diary_day.entries.sort(key=lambda entry: entry.starts_at)
    return list(days.values())


def weekly_hours_of(advisor: AdvisorProfile) -> QuerySet:
    """The advisor's weekly hours, Monday first."""
    return WeeklyHours.objects.filter(advisor=advisor).order_by("weekday", "starts")


def exceptions_from(advisor: AdvisorProfile, day: date) -> QuerySet:
    """The advisor's time off and extra sessions on `day` and after."""
    return AvailabilityException.objects.filter(advisor=advisor, date__gte=day).order_by("date", "starts", "pk")


def _booked_from(advisor_id: int, now: datetime) -> QuerySet:
    return Appointment.objects.filter(advisor_id=advisor_id, status=AppointmentStatus.BOOKED, starts_at__gte=now)


def booked_during(
    *, advisor: AdvisorProfile, day: date, starts: time | None = None, ends: time | None = None, now: datetime
) -> int:
    """How many appointments still to come are booked in this time of a London day (all of it without times)."""
    start = datetime.combine(day, starts, tzinfo=LONDON) if starts else _midnight(day)
    end = datetime.combine(day, ends, tzinfo=LONDON) if ends else _midnight(day + timedelta(days=1))
    return _booked_from(advisor.pk, now).filter(starts_at__lt=end, ends_at__gt=start).count()


def booked_during_weekly_hours(*, hours: WeeklyHours, now: datetime) -> int:
    """How many appointments still to come are booked in these weekly hours (their weekday and times in London)."""
    return (
        _booked_from(hours.advisor_id, now)
        .annotate(
            london_weekday=ExtractIsoWeekDay("starts_at", tzinfo=LONDON),
            london_starts=TruncTime("starts_at", tzinfo=LONDON),
            london_ends=TruncTime("ends_at", tzinfo=LONDON),
        )
        .filter(london_weekday=hours.weekday + 1, london_starts__lt=hours.ends, london_ends__gt=hours.starts)
        .count()
    )


@dataclass(frozen=True)
class ToDo:
    """What an advisor has to do besides their appointments: check-ins due within a week or overdue, next steps
    due or overdue on their open cases, and how many referrals wait for anyone to take them."""

    check_ins: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)
    referrals_waiting: int = 0

    def __bool__(self):
        return bool(self.check_ins or self.next_steps or self.referrals_waiting)


CHECK_INS_AHEAD = timedelta(days=7)


def check_ins_due(*, advisors: list[AdvisorProfile], by: date) -> QuerySet[CheckIn]:
    """In-work check-ins not yet done and due by `by`, on any case of these advisors (a case closed since
    still has its 13- and 26-week check-ins), soonest first."""
    return (
        CheckIn.objects.filter(done_at__isnull=True, due_on__lte=by, case__advisors__in=advisors)
        .select_related("case__resident", "outcome")
        .distinct()
        .order_by("due_on", "pk")
    )


def next_steps_due(*, advisors: list[AdvisorProfile], by: date) -> QuerySet[Case]:
    """Open cases of these advisors whose next step is due by `by`, most overdue first."""
    return (
        Case.objects.open()
        .filter(advisors__in=advisors, next_step_due__lte=by)
        .select_related("resident")
        .distinct()
        .order_by("next_step_due", "pk")
    )


def to_do_of(*, advisor: AdvisorProfile, today: date) -> ToDo:
    """The advisor's to-do for Today (three queries, however long the lists)."""
    return ToDo(
        check_ins=list(check_ins_due(advisors=[advisor], by=today + CHECK_INS_AHEAD)),
        next_steps=list(next_steps_due(advisors=[advisor], by=today)),
        referrals_waiting=Referral.objects.filter(status=Referral.Status.WAITING).count(),
    )
