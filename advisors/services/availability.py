"""An advisor's own settings, weekly hours and changes to single days, and recording whether a resident came.

Each service is given the person acting (`by`) and changes only that advisor's own rows. Each locks the
advisor's row, as booking does, so hours change one after another and never under a booking being made.
Taking time off never cancels appointments already booked: the pages tell the advisor, who moves or cancels
them. Bad input is a ValidationError keyed by the argument it is about, so a form shows it by its field.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from accounts.roles import role_grant
from govuk.dates import govuk_datetime
from notifications.services import notify

from ..availability import LONDON, bank_holiday_name
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
from ..selectors.workspace import CHECK_INS_AHEAD, check_ins_due, next_steps_due, time_range

SLOT_MINUTES_RANGE = (15, 180)
JOB_TITLE_MAX = AdvisorProfile._meta.get_field("job_title").max_length
VENUE_MAX = WeeklyHours._meta.get_field("venue").max_length
REASON_MAX = AvailabilityException._meta.get_field("reason").max_length
# What an advisor records once an appointment has started.
RECORDABLE = (AppointmentStatus.ATTENDED, AppointmentStatus.MISSED)


def _own_locked(advisor: AdvisorProfile, by) -> AdvisorProfile:
    """The advisor's row, locked, if `by` is that advisor."""
    if advisor.user_id != by.pk:
        raise PermissionDenied("Advisors can change only their own availability.")
    return AdvisorProfile.objects.select_for_update().get(pk=advisor.pk)


def _check_session(errors: dict, *, starts: dt.time | None, ends: dt.time | None, mode: str, venue: str) -> None:
    """What weekly hours and extra sessions both need: times in order, a mode, and a venue to come to in person."""
    if starts is None:
        errors["starts"] = "Enter a start time"
    if ends is None:
        errors["ends"] = "Enter an end time"
    elif starts is not None and ends <= starts:
        errors["ends"] = "End time must be after start time"
    if mode not in Mode.values:
        errors["mode"] = "Select how you will meet residents: in person, by phone or by video call"
    elif mode == Mode.IN_PERSON and not venue:
        errors["venue"] = "Enter the venue residents should come to"
    if len(venue) > VENUE_MAX:
        errors["venue"] = f"Venue must be {VENUE_MAX} characters or fewer"


def _weekly_clash(advisor: AdvisorProfile, *, weekday: int, starts: dt.time, ends: dt.time) -> WeeklyHours | None:
    return WeeklyHours.objects.filter(advisor=advisor, weekday=weekday, starts__lt=ends, ends__gt=starts).first()


@transaction.atomic
def advisor_profile_create(*, user, job_title: str = "", slot_minutes: int = 45) -> AdvisorProfile:
    """Make someone an advisor residents can book: the Advisors role and a profile offering every type of
    appointment (they choose their own types, hours and days off in /advisors/availability/). Once only."""
    if not user.is_active:
        raise ValidationError("This account is switched off. Switch it on before making it an advisor.")
    if AdvisorProfile.objects.filter(user=user).exists():
        raise ValidationError(f"{user.email} is already an advisor.")
    role_grant(user=user, role=Role.ADVISOR)
    return AdvisorProfile.objects.create(
        user=user,
        job_title=job_title.strip()[:JOB_TITLE_MAX],
        slot_minutes=slot_minutes,
        appointment_types=list(AppointmentType.values),
    )


@transaction.atomic
def advisor_profile_update(
    *, advisor: AdvisorProfile, by, job_title: str, slot_minutes: int, appointment_types: list[str], is_bookable: bool
) -> AdvisorProfile:
    """Change an advisor's job title, appointment length, the types they offer and whether they take bookings.

    Appointments already booked keep their length; the new length applies to the free times from now on."""
    advisor = _own_locked(advisor, by)
    job_title = job_title.strip()
    errors = {}
    if len(job_title) > JOB_TITLE_MAX:
        errors["job_title"] = f"Job title must be {JOB_TITLE_MAX} characters or fewer"
    shortest, longest = SLOT_MINUTES_RANGE
    if not shortest <= slot_minutes <= longest:
        errors["slot_minutes"] = f"Appointment length must be between {shortest} and {longest} minutes"
    if not appointment_types or not set(appointment_types) <= set(AppointmentType.values):
        errors["appointment_types"] = "Select the types of appointment you offer"
    if errors:
        raise ValidationError(errors)
    advisor.job_title = job_title
    advisor.slot_minutes = slot_minutes
    advisor.appointment_types = [kind for kind in AppointmentType.values if kind in appointment_types]
    advisor.is_bookable = is_bookable
    advisor.save(update_fields=["job_title", "slot_minutes", "appointment_types", "is_bookable"])
    return advisor


@transaction.atomic
def availability_hours_add(
    *, advisor: AdvisorProfile, by, weekday: int, starts: dt.time, ends: dt.time, mode: str, venue: str = ""
) -> WeeklyHours:
    """Add weekly hours: a stretch of one weekday, every week, in one mode. Hours that overlap others on the
    same weekday are refused."""
    advisor = _own_locked(advisor, by)
    venue = venue.strip() if mode == Mode.IN_PERSON else ""
    errors = {}
    if weekday not in WeeklyHours.Weekday.values:
        errors["weekday"] = "Select a day of the week"
    _check_session(errors, starts=starts, ends=ends, mode=mode, venue=venue)
    if errors:
        raise ValidationError(errors)
    if clash := _weekly_clash(advisor, weekday=weekday, starts=starts, ends=ends):
        raise ValidationError(
            f"These hours overlap your hours on {clash.get_weekday_display()}s from "
            f"{time_range(clash.starts, clash.ends)}. Change the times, or remove those hours first.",
            code="overlap",
        )
    return WeeklyHours.objects.create(
        advisor=advisor, weekday=weekday, starts=starts, ends=ends, mode=mode, venue=venue
    )


@transaction.atomic
def availability_hours_remove(*, hours: WeeklyHours, by) -> None:
    """Remove weekly hours. Appointments already booked in them stay booked."""
    _own_locked(hours.advisor, by)
    WeeklyHours.objects.filter(pk=hours.pk, advisor__user=by).delete()


@transaction.atomic
def availability_exception_add(
    *,
    advisor: AdvisorProfile,
    by,
    date: dt.date,
    kind: str,
    starts: dt.time | None = None,
    ends: dt.time | None = None,
    mode: str = "",
    venue: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> AvailabilityException:
    """Change one day, today or later: time off (the whole day, or from one time to another) or an extra session
    (times, mode and, in person, a venue). Time off leaves appointments already booked in it booked."""
    advisor = _own_locked(advisor, by)
    today = (now or timezone.now()).astimezone(LONDON).date()
    reason = reason.strip()
    errors = {}
    if date < today:
        errors["date"] = "Date must be today or in the future"
    if kind == AvailabilityException.Kind.UNAVAILABLE:
        mode, venue = "", ""
        if (starts is None) != (ends is None):
            errors["starts" if starts is None else "ends"] = (
                "Enter both times, or leave both empty to take the whole day off"
            )
        elif starts is not None and ends <= starts:
            errors["ends"] = "End time must be after start time"
    elif kind == AvailabilityException.Kind.EXTRA:
        venue = venue.strip() if mode == Mode.IN_PERSON else ""
        _check_session(errors, starts=starts, ends=ends, mode=mode, venue=venue)
        if "date" not in errors and (holiday := bank_holiday_name(date)):
            # Bank holidays are closed to bookings, extra sessions included (see free_slots).
            errors["date"] = f"{date_format(date, 'l j F Y')} is a bank holiday ({holiday}). Choose another day"
    else:
        errors["kind"] = "Select time off or an extra session"
    if len(reason) > REASON_MAX:
        errors["reason"] = f"Reason must be {REASON_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    if kind == AvailabilityException.Kind.EXTRA:
        clash = _weekly_clash(advisor, weekday=date.weekday(), starts=starts, ends=ends)
        if clash is not None:
            raise ValidationError(
                f"This session overlaps your weekly hours on {clash.get_weekday_display()}s from "
                f"{time_range(clash.starts, clash.ends)}. Change the times.",
                code="overlap",
            )
        other = AvailabilityException.objects.filter(
            advisor=advisor, date=date, kind=kind, starts__lt=ends, ends__gt=starts
        ).first()
        if other is not None:
            raise ValidationError(
                f"This session overlaps your extra session from {time_range(other.starts, other.ends)} that day. "
                "Change the times.",
                code="overlap",
            )
    return AvailabilityException.objects.create(
        advisor=advisor, date=date, kind=kind, starts=starts, ends=ends, mode=mode, venue=venue, reason=reason
    )


@transaction.atomic
def availability_exception_remove(*, exception: AvailabilityException, by) -> None:
    """Remove time off (the usual hours apply again) or an extra session (appointments booked in it stay)."""
    _own_locked(exception.advisor, by)
    AvailabilityException.objects.filter(pk=exception.pk, advisor__user=by).delete()


@transaction.atomic
def appointment_attendance_record(
    *, appointment: Appointment, status: str, by, now: dt.datetime | None = None
) -> Appointment:
    """The advisor records that the resident came (attended) or did not (missed), once the start time has passed.
    A resident who missed it is told, with a link to book again."""
    now = now or timezone.now()
    appointment = (
        Appointment.objects.select_for_update().select_related("advisor__user", "resident").get(pk=appointment.pk)
    )
    if by.pk != appointment.advisor.user_id:
        raise PermissionDenied("Only the resident's advisor can record whether they came.")
    if status not in RECORDABLE:
        raise ValidationError({"status": "Select whether the resident attended or missed the appointment"})
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(
            f"You cannot record attendance because this appointment is {appointment.get_status_display().lower()}.",
            code="status",
        )
    if appointment.starts_at > now:
        raise ValidationError(
            f"You can record attendance once the appointment has started, "
            f"on {govuk_datetime(appointment.starts_at, weekday=True)}.",
            code="not_started",
        )
    # The calendar time is unchanged, so the calendar file's SEQUENCE is too.
    appointment.status = status
    appointment.status_changed_at = now
    appointment.save(update_fields=["status", "status_changed_at"])
    if status == AppointmentStatus.ATTENDED:
        # A meeting is contact: the caseload's "no contact in 4 weeks" counts from it.
        Case.objects.open().filter(resident=appointment.resident_id, advisors=appointment.advisor_id).filter(
            Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=appointment.starts_at)
        ).update(last_contact_at=appointment.starts_at)
    if status == AppointmentStatus.MISSED:
        book_url = f"{reverse('appointments:book')}?type={appointment.type}"
        notify(
            recipient=appointment.resident,
            kind="appointment_missed",
            context={
                "when": govuk_datetime(appointment.starts_at, weekday=True),
                "advisor": str(appointment.advisor),
                "type": appointment.get_type_display(),
                "book_url": book_url,
            },
            key=f"appointment_missed:{appointment.pk}",
            link=book_url,
        )
    return appointment


def advisors_to_do_send(*, today: dt.date | None = None) -> int:
    """Each morning, each advisor with check-ins due this week or next steps due on their cases hears of them,
    once a day (a run repeated the same day sends nothing more); returns how many advisors that covers (any
    already told today included)."""
    today = today or timezone.now().astimezone(LONDON).date()
    advisors = list(AdvisorProfile.objects.filter(user__is_active=True).select_related("user"))
    check_ins: dict[int, list] = {}
    for check_in in check_ins_due(advisors=advisors, by=today + CHECK_INS_AHEAD).prefetch_related("case__advisors"):
        for on_case in check_in.case.advisors.all():
            check_ins.setdefault(on_case.pk, []).append(check_in)
    next_steps: dict[int, list] = {}
    for case in next_steps_due(advisors=advisors, by=today).prefetch_related("advisors"):
        for on_case in case.advisors.all():
            next_steps.setdefault(on_case.pk, []).append(case)
    told = 0
    for advisor in advisors:
        due, steps = check_ins.get(advisor.pk, []), next_steps.get(advisor.pk, [])
        if not (due or steps):
            continue
        with transaction.atomic():
            told += bool(
                notify(
                    recipient=advisor.user,
                    kind="advisor_to_do",
                    context={
                        "check_ins": [
                            {
                                "resident": c.case.resident.get_full_name(),
                                "due": c.get_due_display().lower(),
                                "on": date_format(c.due_on, "l j F"),
                            }
                            for c in due
                        ],
                        "next_steps": [{"resident": c.resident.get_full_name(), "step": c.next_step} for c in steps],
                        "today_url": reverse("advisors:home"),
                    },
                    key=f"advisor_to_do:{advisor.pk}:{today.isoformat()}",
                    link=reverse("advisors:home"),
                )
            )
    return told
