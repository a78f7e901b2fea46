"""Booking, moving and cancelling appointments with advisors.

Every booking locks the advisor's row first, so bookings for one advisor are made one after another and each
sees the others; the exclusion constraint on `Appointment` is the database's own guarantee behind that.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from govuk.dates import govuk_datetime
from notifications.services import notify

from ..availability import LONDON, bank_holiday_name, booking_window, free_slots
from ..calendar import appointment_ics, where
from ..models import HOLDS_TIME, AdvisorProfile, Appointment, AppointmentStatus, AppointmentType, Mode
from ..selectors.booking import bookable, online_change_deadline


class SlotTaken(ValidationError):
    """Someone else booked that time first: the page offers the advisor's other free times."""

    def __init__(self):
        super().__init__("That time has just been taken. Choose another time.", code="slot_taken")


def _check_time(*, advisor: AdvisorProfile, starts_at: datetime, mode: str, now: datetime, moving=None) -> dict:
    """The free slot that starts at `starts_at` in this mode, or a ValidationError saying why there is none."""
    earliest, latest = booking_window(now)
    day = starts_at.astimezone(LONDON).date()
    if starts_at <= now:
        raise ValidationError("That time has passed. Choose a time in the future.", code="past")
    if starts_at < earliest:
        hours = settings.ADVISORS_MIN_NOTICE_HOURS
        raise ValidationError(
            f"Choose a time at least {hours} hours from now, so the advisor can prepare.", code="too_soon"
        )
    if starts_at >= latest:
        raise ValidationError(
            f"Choose a time in the next {settings.ADVISORS_BOOKING_HORIZON_DAYS} days.", code="too_far"
        )
    if holiday := bank_holiday_name(day):
        raise ValidationError(f"{date_format(day, 'l j F')} is a bank holiday ({holiday}). Choose another day.")
    slots = free_slots(advisors=[advisor], first_day=day, last_day=day, mode=mode, now=now, ignore=moving)[advisor.pk]
    for slot in slots:
        if slot.starts_at == starts_at:
            return {"starts_at": slot.starts_at, "ends_at": slot.ends_at, "venue": slot.venue}
    length = timedelta(minutes=advisor.slot_minutes)
    overlapping = Appointment.objects.filter(
        advisor=advisor, status__in=HOLDS_TIME, starts_at__lt=starts_at + length, ends_at__gt=starts_at
    )
    if moving is not None:
        overlapping = overlapping.exclude(pk=moving.pk)
    if overlapping.exists():
        raise SlotTaken()
    raise ValidationError(
        "That is not one of the advisor's free times. Choose one of the times shown.", code="not_free"
    )


# What the advisor's message calls each change, by the resident's kind of message.
_DIARY_CHANGE = {
    "appointment_booked": "New booking",
    "appointment_changed": "Appointment moved",
    "appointment_cancelled": "Appointment cancelled",
}


def _about(appointment: Appointment) -> dict:
    """What every message about an appointment says, with the calendar file as the appointment now stands; the
    resident's link is their appointment's page (where they change or cancel it)."""
    return {
        "when": govuk_datetime(appointment.starts_at, weekday=True),
        "advisor": str(appointment.advisor),
        "type": appointment.get_type_display(),
        "where": where(appointment),
        "manage_url": reverse("appointments:detail", args=[appointment.pk]),
        "calendar": appointment_ics(appointment),
    }


def _tell(appointment: Appointment, *, kind: str, **extra) -> None:
    """Tell the resident and the advisor, each with the calendar file as the appointment now stands."""
    context = _about(appointment)
    version = f"{appointment.pk}:{appointment.sequence}"
    notify(
        recipient=appointment.resident,
        kind=kind,
        context=context | extra,
        key=f"{kind}:{version}",
        link=context["manage_url"],
    )
    advisor = appointment.advisor.user
    diary = f"{reverse('advisors:diary')}?day={appointment.starts_at.astimezone(LONDON).date().isoformat()}"
    notify(
        recipient=advisor,
        kind="advisor_diary_changed",
        context=context
        | {
            "change": _DIARY_CHANGE[kind],
            "resident": appointment.resident.get_full_name(),
            "manage_url": diary,
        },
        key=f"advisor_diary_changed:{version}:{advisor.pk}",
        link=diary,
    )


def _save_holding_time(appointment: Appointment) -> Appointment:
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:  # the exclusion constraint: only if something bypassed the advisor's lock
        raise SlotTaken() from error
    return appointment


@transaction.atomic
def appointment_book(
    *,
    resident,
    advisor: AdvisorProfile,
    appointment_type: str,
    mode: str,
    starts_at: datetime,
    help_wanted: str = "",
    adjustments: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Book one of an advisor's free times for a resident."""
    now = now or timezone.now()
    advisor = bookable().select_for_update(of=("self",)).filter(pk=advisor.pk).first()
    if advisor is None:
        raise ValidationError("This advisor is not taking bookings at the moment. Choose another advisor.")
    if appointment_type not in AppointmentType.values or not advisor.offers(appointment_type):
        raise ValidationError("Choose a type of appointment this advisor offers.", code="type")
    if mode not in Mode.values:
        raise ValidationError("Choose how you would like to meet: in person, by phone or by video call.", code="mode")
    when = _check_time(advisor=advisor, starts_at=starts_at, mode=mode, now=now)
    appointment = Appointment(
        advisor=advisor,
        resident=resident,
        type=appointment_type,
        mode=mode,
        help_wanted=help_wanted.strip(),
        adjustments=adjustments.strip(),
        created_at=now,
        status_changed_at=now,
        **when,
    )
    _save_holding_time(appointment)
    _tell(appointment, kind="appointment_booked")
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("advisor__user", "resident").get(pk=appointment.pk)


def _check_party(appointment: Appointment, by, *, now: datetime) -> None:
    if by.pk not in (appointment.resident_id, appointment.advisor.user_id):
        raise PermissionDenied("Only the resident and their advisor can change this appointment.")
    if by.pk == appointment.resident_id and now >= online_change_deadline(appointment) and appointment.starts_at > now:
        # Close to the time the advisor has prepared; the resident is asked to call rather than click.
        raise ValidationError(
            f"It is too late to change this appointment online: it starts in less than "
            f"{settings.ADVISORS_CHANGE_CUTOFF_HOURS} hours. Call your advisor instead.",
            code="cutoff",
        )


@transaction.atomic
def appointment_reschedule(*, appointment: Appointment, starts_at: datetime, by, now: datetime | None = None):
    """Move a booked appointment to another free time of the same advisor, in the same mode."""
    now = now or timezone.now()
    AdvisorProfile.objects.select_for_update().get(pk=appointment.advisor_id)
    appointment = _locked(appointment)
    _check_party(appointment, by, now=now)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(
            f"You cannot change this appointment because it is {appointment.get_status_display().lower()}."
        )
    if appointment.starts_at <= now:
        raise ValidationError("This appointment has already started. Book a new one instead.", code="started")
    when = _check_time(
        advisor=appointment.advisor, starts_at=starts_at, mode=appointment.mode, now=now, moving=appointment
    )
    was = govuk_datetime(appointment.starts_at, weekday=True)
    for name, value in when.items():
        setattr(appointment, name, value)
    appointment.sequence += 1
    appointment.status_changed_at = now
    _save_holding_time(appointment)
    _tell(appointment, kind="appointment_changed", was=was)
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, by, now: datetime | None = None) -> Appointment:
    """Cancel a booked appointment (the resident or the advisor); the time becomes free again."""
    now = now or timezone.now()
    appointment = _locked(appointment)
    _check_party(appointment, by, now=now)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(
            f"You cannot cancel this appointment because it is {appointment.get_status_display().lower()}."
        )
    if appointment.starts_at <= now:
        raise ValidationError("This appointment has already started.")
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    appointment.status_changed_at = now
    appointment.save(update_fields=["status", "sequence", "status_changed_at"])
    _tell(
        appointment,
        kind="appointment_cancelled",
        cancelled_by="you" if by.pk == appointment.resident_id else "your advisor",
    )
    return appointment


def appointments_remind(*, now: datetime | None = None) -> int:
    """Each morning, remind residents of their appointments tomorrow (London days); returns how many
    appointments that covers (any already reminded of included).

    The key is the appointment and its SEQUENCE, so a run repeated the same day sends nothing twice, and an
    appointment moved to tomorrow since is reminded of once more, at its new time."""
    now = now or timezone.now()
    tomorrow = now.astimezone(LONDON).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=LONDON)
    due = (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
        .select_related("advisor__user", "resident")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for appointment in due:
        with transaction.atomic():
            context = _about(appointment)
            sent += bool(
                notify(
                    recipient=appointment.resident,
                    kind="appointment_reminder",
                    context=context,
                    key=f"appointment_reminder:{appointment.pk}:{appointment.sequence}",
                    link=context["manage_url"],
                )
            )
    return sent
