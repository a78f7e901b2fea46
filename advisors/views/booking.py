"""A resident books an appointment with an advisor, then sees, moves, cancels or downloads it (/appointments/).

Booking is a journey of GOV.UK question pages whose answers are kept in the session: what someone wants help
with and the adjustments they need are personal, so they never go into an address (or a server's logs). Each
step checks its answer against what can be booked now, and the booking service checks everything again, under
the advisor's lock, when they press "Book appointment".
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from govuk.dates import govuk_datetime

from ..availability import LONDON
from ..calendar import CONTENT_TYPE, FILE_NAME, appointment_ics, where
from ..forms.booking import AppointmentTypeForm, ModeForm, NotesForm, TimeForm
from ..models import AdvisorProfile, Appointment, AppointmentStatus, AppointmentType, Mode
from ..selectors.booking import (
    bookable_advisors,
    free_times,
    modes_offered,
    own_advisors,
    resident_may_change,
    types_offered,
)
from ..services.booking import SlotTaken, appointment_book, appointment_cancel, appointment_reschedule

BOOKING = "appointment_booking"  # the session's answers so far: type, mode, advisor, starts_at, venue, notes
CHANGE = "appointment_change"  # the session's new time for an appointment being moved: appointment, starts_at

# Each step, and the answer that shows it has been answered.
_STEPS = (
    ("appointments:book", "type"),
    ("appointments:book_mode", "mode"),
    ("appointments:book_time", "starts_at"),
    ("appointments:book_details", "help_wanted"),
)
_TIME = ("advisor", "starts_at", "venue")
# A new answer makes later ones stale: another type may be offered by other advisors, in other ways, at other
# times; another way to meet has other times. What they want help with and adjustments stay.
_STALE_AFTER = {"type": ("mode", *_TIME), "mode": _TIME}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _answers(request) -> dict:
    return dict(request.session.get(BOOKING, {}))


def _answer(request, **values) -> dict:
    answers = _answers(request)
    for key, value in values.items():
        if answers.get(key) != value:
            for stale in _STALE_AFTER.get(key, ()):
                answers.pop(stale, None)
        answers[key] = value
    request.session[BOOKING] = answers
    return answers


def _unanswered(answers: dict, *, before: str | None = None) -> str | None:
    """The first step not yet answered among those before the step answered by `before` (all steps if None)."""
    for name, key in _STEPS:
        if key == before:
            return None
        if key not in answers:
            return name
    return None


def _next_step(answers: dict):
    """After an answer: the first question still to answer, else the check page (so a Change link comes back)."""
    return redirect(_unanswered(answers) or "appointments:book_check")


@login_required
def book(request):
    """Step 1: what they would like help with, among the types some bookable advisor offers. A link may suggest
    one (`?type=`, as the message after a missed appointment does); the resident still chooses."""
    types = types_offered()
    suggested = request.GET.get("type") if request.GET.get("type") in types else None
    form = AppointmentTypeForm(
        _posted(request), types=types, initial={"appointment_type": _answers(request).get("type") or suggested}
    )
    if form.is_valid():
        return _next_step(_answer(request, type=form.cleaned_data["appointment_type"]))
    return render(request, "advisors/booking/type.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
def book_mode(request):
    """Step 2: how they would like to meet, among the ways the advisors offering that type meet."""
    answers = _answers(request)
    if missing := _unanswered(answers, before="mode"):
        return redirect(missing)
    advisors = bookable_advisors(appointment_type=answers["type"])
    if not advisors:  # nobody offers it any more
        return redirect("appointments:book")
    modes = modes_offered(advisors=advisors, now=timezone.now())
    form = ModeForm(_posted(request), modes=modes, initial={"mode": answers.get("mode")})
    if form.is_valid():
        return _next_step(_answer(request, mode=form.cleaned_data["mode"]))
    return render(
        request,
        "advisors/booking/mode.html",
        {"form": form, "type": AppointmentType(answers["type"]).label},
        status=400 if form.is_bound else 200,
    )


def _booking_time_page(answers: dict) -> dict:
    kind, how = AppointmentType(answers["type"]).label, Mode(answers["mode"]).label.lower()
    return {
        "heading": "Choose a time",
        "caption": f"{kind}, {how}",
        "time_url": reverse("appointments:book_time"),
        "back_url": reverse("appointments:book_mode"),
        "no_times": f"There are no free times for “{kind}” {how} "
        f"in the next {settings.ADVISORS_BOOKING_HORIZON_DAYS} days.",
    }


@login_required
def book_time(request):
    """Step 3: a day, then one of that day's free times, of every advisor offering that type in that way."""
    answers = _answers(request)
    if missing := _unanswered(answers, before="starts_at"):
        return redirect(missing)
    advisors = bookable_advisors(appointment_type=answers["type"])
    times = free_times(advisors=advisors, mode=answers["mode"], now=timezone.now())

    def chosen(slot):
        return _next_step(
            _answer(request, advisor=slot.advisor_id, starts_at=slot.starts_at.isoformat(), venue=slot.venue)
        )

    return _choose_time(request, times=times, page=_booking_time_page(answers), chosen=chosen)


@login_required
def book_details(request):
    """Step 4: anything we should know: what they want help with, and adjustments (both optional)."""
    answers = _answers(request)
    if missing := _unanswered(answers, before="help_wanted"):
        return redirect(missing)
    form = NotesForm(
        _posted(request),
        initial={"help_wanted": answers.get("help_wanted", ""), "adjustments": answers.get("adjustments", "")},
    )
    if form.is_valid():
        return _next_step(_answer(request, **form.cleaned_data))
    day = datetime.fromisoformat(answers["starts_at"]).astimezone(LONDON).date()
    return render(
        request, "advisors/booking/details.html", {"form": form, "day": day}, status=400 if form.is_bound else 200
    )


@login_required
def book_check(request):
    """Step 5: check your answers, then book (or, if the time has gone meanwhile, choose another)."""
    answers = _answers(request)
    if missing := _unanswered(answers):
        return redirect(missing)
    advisor = AdvisorProfile.objects.select_related("user").filter(pk=answers["advisor"]).first()
    if advisor is None:
        request.session[BOOKING] = _without_time(answers)
        return redirect("appointments:book_time")
    starts_at = datetime.fromisoformat(answers["starts_at"])
    if request.method == "POST":
        now = timezone.now()
        try:
            appointment = appointment_book(
                resident=request.user,
                advisor=advisor,
                appointment_type=answers["type"],
                mode=answers["mode"],
                starts_at=starts_at,
                help_wanted=answers["help_wanted"],
                adjustments=answers["adjustments"],
                now=now,
            )
        except ValidationError as error:
            request.session[BOOKING] = _without_time(answers)
            advisors = bookable_advisors(appointment_type=answers["type"])
            return _choose_time(
                request,
                times=free_times(advisors=advisors, mode=answers["mode"], now=now),
                page=_booking_time_page(answers),
                refused=error,
                near=starts_at,
            )
        del request.session[BOOKING]
        return redirect("appointments:booked", pk=appointment.pk)
    context = {
        "answers": answers,
        "advisor": advisor,
        "starts_at": starts_at,
        "type": AppointmentType(answers["type"]).label,
        "mode": Mode(answers["mode"]).label,
        "day": starts_at.astimezone(LONDON).date(),
    }
    return render(request, "advisors/booking/check.html", context)


def _without_time(answers: dict) -> dict:
    return {key: value for key, value in answers.items() if key not in _TIME}


def _choose_time(request, *, times, page: dict, chosen=None, refused=None, near=None):
    """The time page of booking and of moving alike: the days with free times (?day=, else the first), that
    day's times as radios. A valid POST of a time gives `chosen(slot)`; `refused` (the service's error when
    booking or moving failed) shows the times again under it, on the day of the time refused if it still has
    some (`near`)."""
    day, day_problem = _day_shown(request.GET.get("day"), times, near=near)
    legend = f"Times on {date_format(day, 'l j F Y')}" if day else ""
    bound = chosen is not None and request.method == "POST"
    form = TimeForm(
        request.POST if bound else None,
        times=times,
        day=day,
        legend=legend,
        prefer=own_advisors(user=request.user),
        refused=refused,
    )
    if bound and form.is_valid():
        return chosen(form.cleaned_data["slot"])
    if refused is not None:
        status = 409 if isinstance(refused, SlotTaken) else 400
    else:
        # A choice refused, or a day asked for that has no free times (a POST goes by its time, not its day).
        day_problem = "" if bound else day_problem
        status = 400 if bound or day_problem else 200
    context = page | {
        "form": form,
        "days": [(each, len({(slot.starts_at, slot.venue) for slot in slots})) for each, slots in times.items()],
        "day": day,
        "day_problems": [day_problem] if day_problem else [],
    }
    return render(request, "advisors/booking/time.html", context, status=status)


def _day_shown(asked: str | None, times: dict, *, near=None) -> tuple[date | None, str]:
    """The day whose times to show, and what was wrong with the day asked for (if anything)."""
    first = next(iter(times), None)
    if near is not None:
        day = near.astimezone(LONDON).date()
        return (day if day in times else first), ""
    if not asked:
        return first, ""
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        return first, "Choose a day from the list"
    if day not in times:
        return first, f"There are no free times on {date_format(day, 'l j F Y')}. Choose one of the days shown."
    return day, ""


# A resident's own appointments ----------------------------------------------------------------------------


def _mine(request, pk) -> Appointment:
    """One of the signed-in resident's appointments; anyone else's is a 404."""
    return get_object_or_404(Appointment.objects.filter(resident=request.user).select_related("advisor__user"), pk=pk)


@login_required
def booked(request, pk):
    """The confirmation panel, once booked."""
    appointment = _mine(request, pk)
    if appointment.status != AppointmentStatus.BOOKED:
        return redirect("appointments:detail", pk=pk)
    return render(
        request,
        "advisors/booking/booked.html",
        {
            "appointment": appointment,
            "where": where(appointment),
            "cutoff_hours": settings.ADVISORS_CHANGE_CUTOFF_HOURS,
        },
    )


@login_required
def detail(request, pk):
    """What, when, where, with whom; changing and cancelling while the resident still may online."""
    appointment = _mine(request, pk)
    now = timezone.now()
    context = {
        "appointment": appointment,
        "where": where(appointment),
        "may_change": resident_may_change(appointment, now=now),
        "upcoming": appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > now,
        "cutoff_hours": settings.ADVISORS_CHANGE_CUTOFF_HOURS,
    }
    return render(request, "advisors/booking/detail.html", context)


def _cannot_change(request, appointment, *, now, action: str):
    """Why the appointment can no longer be changed or cancelled online (cancelled, over, or past the cut-off)."""
    context = {
        "appointment": appointment,
        "action": action,
        "started": appointment.starts_at <= now,
        "cutoff_hours": settings.ADVISORS_CHANGE_CUTOFF_HOURS,
    }
    return render(request, "advisors/booking/cannot_change.html", context, status=400)


def _change_time_page(appointment) -> dict:
    how = appointment.get_mode_display().lower()
    return {
        "heading": "Choose a new time",
        "caption": "Change your appointment",
        "intro": f"Your appointment is on {govuk_datetime(appointment.starts_at, weekday=True)}. "
        f"These are {appointment.advisor}'s other free times {how}.",
        "time_url": reverse("appointments:change", kwargs={"pk": appointment.pk}),
        "back_url": reverse("appointments:detail", kwargs={"pk": appointment.pk}),
        "no_times": f"{appointment.advisor} has no other free times {how} "
        f"in the next {settings.ADVISORS_BOOKING_HORIZON_DAYS} days.",
    }


@login_required
def change(request, pk):
    """Moving an appointment: a new free time of the same advisor, in the same way of meeting."""
    appointment = _mine(request, pk)
    now = timezone.now()
    if not resident_may_change(appointment, now=now):
        return _cannot_change(request, appointment, now=now, action="change")
    advisors = [appointment.advisor]

    def chosen(slot):
        request.session[CHANGE] = {"appointment": appointment.pk, "starts_at": slot.starts_at.isoformat()}
        return redirect("appointments:change_check", pk=appointment.pk)

    return _choose_time(
        request,
        times=free_times(advisors=advisors, mode=appointment.mode, now=now),
        page=_change_time_page(appointment),
        chosen=chosen,
    )


@login_required
def change_check(request, pk):
    """Check the new time, then move the appointment (or, if the time has gone meanwhile, choose another)."""
    appointment = _mine(request, pk)
    now = timezone.now()
    if not resident_may_change(appointment, now=now):
        return _cannot_change(request, appointment, now=now, action="change")
    new = request.session.get(CHANGE) or {}
    if new.get("appointment") != appointment.pk:
        return redirect("appointments:change", pk=pk)
    starts_at = datetime.fromisoformat(new["starts_at"])
    if request.method == "POST":
        try:
            appointment_reschedule(appointment=appointment, starts_at=starts_at, by=request.user, now=now)
        except ValidationError as error:
            del request.session[CHANGE]
            advisors = [appointment.advisor]
            return _choose_time(
                request,
                times=free_times(advisors=advisors, mode=appointment.mode, now=now),
                page=_change_time_page(appointment),
                refused=error,
                near=starts_at,
            )
        del request.session[CHANGE]
        messages.success(
            request,
            f"Your appointment has moved to {govuk_datetime(starts_at, weekday=True)}. "
            "We have sent you an updated calendar invitation.",
        )
        return redirect("appointments:detail", pk=pk)
    return render(
        request,
        "advisors/booking/change_check.html",
        {"appointment": appointment, "starts_at": starts_at, "day": starts_at.astimezone(LONDON).date()},
    )


@login_required
def cancel(request, pk):
    """Are you sure? Then cancel, and back to the account page."""
    appointment = _mine(request, pk)
    now = timezone.now()
    if not resident_may_change(appointment, now=now):
        return _cannot_change(request, appointment, now=now, action="cancel")
    errors = []
    if request.method == "POST":
        try:
            appointment_cancel(appointment=appointment, by=request.user, now=now)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                f"Your appointment on {govuk_datetime(appointment.starts_at, weekday=True)} has been cancelled.",
            )
            return redirect("accounts:home")
    return render(
        request,
        "advisors/booking/cancel.html",
        {"appointment": appointment, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def calendar_download(request, pk):
    """The appointment as a calendar file, as it stands now (a cancellation once cancelled)."""
    appointment = _mine(request, pk)
    response = HttpResponse(appointment_ics(appointment), content_type=f"{CONTENT_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    return response


urlpatterns = [
    path("book/", book, name="book"),
    path("book/how/", book_mode, name="book_mode"),
    path("book/when/", book_time, name="book_time"),
    path("book/anything-else/", book_details, name="book_details"),
    path("book/check/", book_check, name="book_check"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/booked/", booked, name="booked"),
    path("<int:pk>/change/", change, name="change"),
    path("<int:pk>/change/check/", change_check, name="change_check"),
    path("<int:pk>/cancel/", cancel, name="cancel"),
    path("<int:pk>/calendar.ics", calendar_download, name="calendar"),
]
