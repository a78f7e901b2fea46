"""A course's or event's page with its dates, enrolling on one, and taking up or giving up a place."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from opportunities import jsonld as opportunities_jsonld

from . import jsonld, services
from .models import ACTIVE, CourseRun, Enrolment, EnrolmentStatus
from .selectors import (
    Place,
    boxes,
    course_search,
    courses,
    places_of,
    upcoming_runs,
    waiting_position,
    why_not_enrol,
)


@dataclass(frozen=True)
class RunRow:
    """One date of a course as its page shows it."""

    run: CourseRun
    places_left: int
    place: Place | None
    why_not: str  # "" when it takes enrolments

    @property
    def can_enrol(self) -> bool:
        return not self.why_not and self.place is None


def course_list(request):
    """/courses/: courses and events with a date residents can still join, filtered by subject, level, how and when
    they are taught, and cost."""
    result = course_search(request.GET)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {"result": result, "boxes": boxes(result.filterset), "querystring": querystring.urlencode()}
    return render(request, "courses/list.html", context)


def _course(slug):
    return get_object_or_404(courses().select_related("organisation", "sector", "ward"), slug=slug)


def _rows(request, opportunity) -> list[RunRow]:
    today = timezone.localdate()
    runs = upcoming_runs(opportunity, today=today)
    places = places_of(request.user, runs)
    return [RunRow(run, max(run.places - run.held, 0), places.get(run.pk), why_not_enrol(run, today)) for run in runs]


def course_detail(request, slug):
    return _detail(request, _course(slug))


def _detail(request, opportunity, *, errors=(), status=200):
    rows = _rows(request, opportunity)
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "errors": list(errors),
        "json_ld": opportunities_jsonld.render(jsonld.for_course(opportunity, rows, request)),
    }
    return render(request, "courses/detail.html", context, status=status)


@login_required
def enrol(request, slug):
    """Choose a date and enrol on it (or join its waiting list when it is full)."""
    opportunity = _course(slug)
    every_row = _rows(request, opportunity)
    rows = [row for row in every_row if row.can_enrol]
    errors, status = [], 200
    chosen = request.POST.get("run") if request.method == "POST" else request.GET.get("run")
    if request.method == "POST":
        # Any date of this course goes to the service, which says why it can't be enrolled on; nothing else does.
        run = next((row.run for row in every_row if str(row.run.pk) == chosen), None)
        if run is None:
            errors, status = ["Choose a date from the list"], 400
        else:
            try:
                enrolment = services.enrolment_create(run=run, resident=request.user)
            except ValidationError as error:
                errors, status = error.messages, 400
            else:
                messages.success(request, _enrolled_message(opportunity, enrolment))
                return redirect(f"{reverse('courses:detail', args=[opportunity.slug])}#run-{run.pk}")
    context = {"opportunity": opportunity, "rows": rows, "chosen": chosen, "errors": errors}
    return render(request, "courses/enrol.html", context, status=status)


def _enrolled_message(opportunity, enrolment: Enrolment) -> str:
    if enrolment.status == EnrolmentStatus.ENROLLED:
        return f"You are enrolled on “{opportunity.title}”."
    position = waiting_position(enrolment)
    return f"This date is full, so you are on its waiting list. You are number {position}."


def _mine(request, pk) -> Enrolment:
    """The signed-in resident's own entry; anyone else's is a 404."""
    return get_object_or_404(
        Enrolment.objects.select_related("run__opportunity__organisation"), pk=pk, resident=request.user
    )


@login_required
@require_POST
def offer_accept(request, pk):
    enrolment = _mine(request, pk)
    opportunity = enrolment.run.opportunity
    try:
        services.offer_accept(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        return _detail(request, opportunity, errors=error.messages, status=400)
    messages.success(request, f"You have taken up your place on “{opportunity.title}”. You are enrolled.")
    return redirect(f"{reverse('courses:detail', args=[opportunity.slug])}#run-{enrolment.run_id}")


@login_required
def enrolment_cancel(request, pk):
    """Give up a place, an offer or a place in the waiting list, after a question."""
    enrolment = _mine(request, pk)
    if enrolment.status not in ACTIVE:
        return redirect("courses:detail", slug=enrolment.run.opportunity.slug)
    if request.method == "POST":
        try:
            services.enrolment_cancel(enrolment=enrolment, by=request.user)
        except ValidationError as error:
            context = {"enrolment": enrolment, "errors": error.messages}
            return render(request, "courses/cancel.html", context, status=400)
        messages.success(request, f"You have given up your place on “{enrolment.run.opportunity.title}”.")
        return redirect("courses:detail", slug=enrolment.run.opportunity.slug)
    return render(request, "courses/cancel.html", {"enrolment": enrolment})
