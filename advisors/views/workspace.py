"""The advisor's own workspace at /advisors/: today, the diary by day or by week, recording whether a resident
came, cancelling, and their settings, weekly hours and changes to single days.

Only advisors with a profile get in (anyone else signed in gets a 404). Every row is looked up through the
signed-in advisor, so another advisor's appointment, hours or day off is a 404 as well.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.next_page import next_path
from govuk.dates import govuk_datetime

from ..availability import LONDON
from ..forms.workspace import AdvisorSettingsForm, AttendanceForm, AvailabilityExceptionForm, DiaryForm, WeeklyHoursForm
from ..models import Appointment, AppointmentStatus, AvailabilityException
from ..selectors.workspace import (
    booked_during,
    booked_during_weekly_hours,
    diary_days,
    exceptions_from,
    time_range,
    to_do_of,
    weekly_hours_of,
)
from ..services import availability as availability_services
from ..services import booking as booking_services
from .decorators import advisor_only


def _london_day(moment):
    return moment.astimezone(LONDON).date()


def _own_appointment(advisor, pk) -> Appointment:
    return get_object_or_404(Appointment.objects.filter(advisor=advisor).select_related("resident"), pk=pk)


def _resident_name(appointment: Appointment) -> str:
    return appointment.resident.get_full_name()


def _diary_url(day) -> str:
    return f"{reverse('advisors:diary')}?day={day.isoformat()}"


def _warn_if_booked(request, count: int) -> None:
    """Time taken off leaves what is booked in it booked: the advisor moves or cancels those themselves."""
    if count:
        booked = "1 appointment" if count == 1 else f"{count} appointments"
        messages.warning(request, f"You have {booked} booked in this time. Move or cancel them from your diary.")


def _booked_during_exception(exception: AvailabilityException, now) -> int:
    return booked_during(
        advisor=exception.advisor, day=exception.date, starts=exception.starts, ends=exception.ends, now=now
    )


@advisor_only
def home(request, advisor):
    """Today's appointments, in time order, then what else is due: check-ins, next steps, referrals waiting."""
    now = timezone.now()
    today = _london_day(now)
    (day,) = diary_days(advisor=advisor, first_day=today, last_day=today, now=now, with_free_slots=False)
    context = {"day": day, "to_do": to_do_of(advisor=advisor, today=today), "today": today}
    return render(request, "advisors/workspace/home.html", context)


@advisor_only
def diary(request, advisor):
    """One day (`?day=`, today by default) or one week from its Monday (`?week=`), with the free times."""
    now = timezone.now()
    today = _london_day(now)
    form = DiaryForm(request.GET)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return render(request, "advisors/workspace/diary.html", {"errors": errors, "today": today}, status=400)
    if week := form.cleaned_data["week"]:
        first_day = week - timedelta(days=week.weekday())
        last_day, step = first_day + timedelta(days=6), timedelta(days=7)
    else:
        first_day = last_day = form.cleaned_data["day"] or today
        step = timedelta(days=1)
    days = diary_days(advisor=advisor, first_day=first_day, last_day=last_day, now=now)
    return render(
        request,
        "advisors/workspace/diary.html",
        {
            "by_week": bool(week),
            "days": days,
            "first_day": first_day,
            "previous": first_day - step,
            "next": first_day + step,
            "today": today,
            "advisor": advisor,
        },
    )


@advisor_only
@require_POST
def attendance(request, advisor, pk):
    """Record that the resident attended or missed one of the advisor's appointments, once it has started."""
    appointment = _own_appointment(advisor, pk)
    back = next_path(request) or reverse("advisors:home")
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            appointment = availability_services.appointment_attendance_record(
                appointment=appointment, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            errors = error.messages
        else:
            done = f"{_resident_name(appointment)} {appointment.status} their appointment on "
            done += govuk_datetime(appointment.starts_at, weekday=True) + "."
            if appointment.status == AppointmentStatus.MISSED:
                done += " We have asked them to book again."
            messages.success(request, done)
            return redirect(back)
    else:
        errors = form.errors["status"]
    return render(
        request,
        "advisors/workspace/refused.html",
        {"heading": "You cannot record attendance for this appointment", "errors": errors, "back_url": back},
        status=400,
    )


@advisor_only
def appointment_cancel(request, advisor, pk):
    """Are you sure? Then cancel one of the advisor's appointments; the resident is told."""
    appointment = _own_appointment(advisor, pk)
    back = _diary_url(_london_day(appointment.starts_at))
    errors = []
    if request.method == "POST":
        try:
            booking_services.appointment_cancel(appointment=appointment, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            when = govuk_datetime(appointment.starts_at, weekday=True)
            messages.success(
                request, f"{_resident_name(appointment)}'s appointment on {when} is cancelled. We have told them."
            )
            return redirect(back)
    return render(
        request,
        "advisors/workspace/appointment_cancel.html",
        {"appointment": appointment, "resident_name": _resident_name(appointment), "errors": errors, "back_url": back},
        status=400 if errors else 200,
    )


@advisor_only
def availability(request, advisor):
    """The advisor's settings, with their weekly hours and their time off and extra sessions to come."""
    if request.method == "POST":
        form = AdvisorSettingsForm(request.POST)
        if form.is_valid():
            try:
                availability_services.advisor_profile_update(advisor=advisor, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your settings have been saved.")
                return redirect("advisors:availability")
    else:
        form = AdvisorSettingsForm(
            initial={
                "job_title": advisor.job_title,
                "slot_minutes": advisor.slot_minutes,
                "appointment_types": advisor.appointment_types,
                "is_bookable": advisor.is_bookable,
            }
        )
    return render(
        request,
        "advisors/workspace/availability.html",
        {
            "form": form,
            "weekly_hours": weekly_hours_of(advisor),
            "exceptions": exceptions_from(advisor, _london_day(timezone.now())),
        },
        status=400 if form.errors else 200,
    )


@advisor_only
def availability_hours_add(request, advisor):
    """Add weekly hours."""
    form = WeeklyHoursForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hours = availability_services.availability_hours_add(advisor=advisor, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Your hours on {hours.get_weekday_display()}s from {time_range(hours.starts, hours.ends)} "
                "have been added.",
            )
            return redirect("advisors:availability")
    return render(request, "advisors/workspace/hours_add.html", {"form": form}, status=400 if form.errors else 200)


@advisor_only
@require_POST
def availability_hours_remove(request, advisor, pk):
    """Remove weekly hours; what is booked in them stays booked, and the advisor is told about it."""
    hours = get_object_or_404(weekly_hours_of(advisor), pk=pk)
    availability_services.availability_hours_remove(hours=hours, by=request.user)
    messages.success(
        request,
        f"Your hours on {hours.get_weekday_display()}s from {time_range(hours.starts, hours.ends)} have been removed.",
    )
    _warn_if_booked(request, booked_during_weekly_hours(hours=hours, now=timezone.now()))
    return redirect("advisors:availability")


@advisor_only
def availability_exception_add(request, advisor):
    """Add time off or an extra session on one day; the advisor is told of appointments booked in time off."""
    form = AvailabilityExceptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            exception = availability_services.availability_exception_add(
                advisor=advisor, by=request.user, now=now, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            day = date_format(exception.date, "l j F Y")
            if exception.kind == AvailabilityException.Kind.EXTRA:
                messages.success(request, f"Your extra session on {day} has been added.")
            else:
                messages.success(request, f"Your time off on {day} has been added.")
                _warn_if_booked(request, _booked_during_exception(exception, now))
            return redirect("advisors:availability")
    return render(request, "advisors/workspace/exception_add.html", {"form": form}, status=400 if form.errors else 200)


@advisor_only
@require_POST
def availability_exception_remove(request, advisor, pk):
    """Remove time off or an extra session; what is booked in a removed session stays booked."""
    now = timezone.now()
    exception = get_object_or_404(exceptions_from(advisor, _london_day(now)), pk=pk)
    availability_services.availability_exception_remove(exception=exception, by=request.user)
    day = date_format(exception.date, "l j F Y")
    if exception.kind == AvailabilityException.Kind.EXTRA:
        messages.success(request, f"Your extra session on {day} has been removed.")
        _warn_if_booked(request, _booked_during_exception(exception, now))
    else:
        messages.success(request, f"Your time off on {day} has been removed.")
    return redirect("advisors:availability")


urlpatterns = [
    path("", home, name="home"),
    path("diary/", diary, name="diary"),
    path("appointments/<int:pk>/attendance/", attendance, name="attendance"),
    path("appointments/<int:pk>/cancel/", appointment_cancel, name="appointment_cancel"),
    path("availability/", availability, name="availability"),
    path("availability/hours/add/", availability_hours_add, name="availability_hours_add"),
    path("availability/hours/<int:pk>/remove/", availability_hours_remove, name="availability_hours_remove"),
    path("availability/exceptions/add/", availability_exception_add, name="availability_exception_add"),
    path(
        "availability/exceptions/<int:pk>/remove/", availability_exception_remove, name="availability_exception_remove"
    ),
]
