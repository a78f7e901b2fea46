"""Reads behind the booking pages (who can be booked, how, and when) and a resident's own appointments."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ..availability import LONDON, Slot, booking_window, free_slots
from ..models import (
    AdvisorProfile,
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    Case,
    Mode,
    WeeklyHours,
)
from .referrals import advisors_all


def bookable() -> QuerySet[AdvisorProfile]:
    """Advisors residents can book: taking bookings, with an active account still in the Advisors role."""
    return advisors_all().filter(is_bookable=True)


def bookable_advisors(*, appointment_type: str | None = None) -> list[AdvisorProfile]:
    """Advisors taking bookings, with their user, by name; only those offering `appointment_type` if given."""
    advisors = bookable()
    # Filtered here rather than with a JSON lookup, which the SQLite fallback lacks; advisors are a few dozen.
    return [advisor for advisor in advisors if appointment_type is None or advisor.offers(appointment_type)]


def own_advisors(*, user) -> frozenset[int]:
    """The advisors on the resident's open case (none without one): the times offered are theirs where they can be."""
    return frozenset(
        Case.objects.open().filter(resident=user).exclude(advisors=None).values_list("advisors", flat=True)
    )


def types_offered() -> list[str]:
    """The appointment types at least one bookable advisor offers, in the order of AppointmentType."""
    offered = {kind for advisor in bookable_advisors() for kind in advisor.appointment_types}
    return [kind for kind in AppointmentType.values if kind in offered]


def modes_offered(*, advisors: list[AdvisorProfile], now: datetime) -> dict[str, list[str]]:
    """The ways these advisors meet (weekly hours, and extra sessions within the booking window), each with its
    venues (in person), in the order of Mode."""
    ids = [advisor.pk for advisor in advisors]
    first_day, last_day = _window_days(now)
    venues = defaultdict(set)
    for mode, venue in WeeklyHours.objects.filter(advisor_id__in=ids).values_list("mode", "venue").distinct():
        venues[mode].add(venue)
    extra = AvailabilityException.objects.filter(
        advisor_id__in=ids, kind=AvailabilityException.Kind.EXTRA, date__range=(first_day, last_day)
    )
    for mode, venue in extra.values_list("mode", "venue").distinct():
        venues[mode].add(venue)
    return {mode: sorted(filter(None, venues[mode])) for mode in Mode.values if mode in venues}


def free_times(*, advisors: list[AdvisorProfile], mode: str, now: datetime) -> dict[date, list[Slot]]:
    """The free slots of all these advisors in one mode over the booking window, by London day (days with none
    left out), each day in time order and then by advisor; one `free_slots` read (three queries)."""
    first_day, last_day = _window_days(now)
    found = free_slots(advisors=advisors, first_day=first_day, last_day=last_day, mode=mode, now=now)
    order = {advisor.pk: number for number, advisor in enumerate(advisors)}
    by_day = defaultdict(list)
    for slot in sorted(
        (s for slots in found.values() for s in slots), key=lambda s: (s.starts_at, order[s.advisor_id])
    ):
        by_day[slot.day].append(slot)
    return dict(by_day)


def _window_days(now: datetime) -> tuple[date, date]:
    earliest, latest = booking_window(now)
    # `latest` is the midnight that ends the last bookable day.
    return earliest.astimezone(LONDON).date(), latest.astimezone(LONDON).date() - timedelta(days=1)


def online_change_deadline(appointment: Appointment) -> datetime:
    """Until when the resident may change or cancel online; after it they call their advisor."""
    return appointment.starts_at - timedelta(hours=settings.ADVISORS_CHANGE_CUTOFF_HOURS)


def resident_may_change(appointment: Appointment, *, now: datetime) -> bool:
    """Whether the resident may still change or cancel this appointment online."""
    return appointment.status == AppointmentStatus.BOOKED and now < online_change_deadline(appointment)


@dataclass(frozen=True)
class ResidentAppointments:
    upcoming: list[Appointment]  # booked and not yet over, soonest first
    past: list[Appointment]  # over, or cancelled, most recent first


def appointments_of(*, user, now: datetime | None = None) -> ResidentAppointments:
    """A resident's appointments, upcoming and past, with their advisors (one query)."""
    now = now or timezone.now()
    upcoming, past = [], []
    for appointment in Appointment.objects.filter(resident=user).select_related("advisor__user").order_by("starts_at"):
        is_upcoming = appointment.status == AppointmentStatus.BOOKED and appointment.ends_at > now
        (upcoming if is_upcoming else past).append(appointment)
    return ResidentAppointments(upcoming=upcoming, past=past[::-1])
