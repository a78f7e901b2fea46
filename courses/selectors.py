"""Reads of courses, events and their runs for residents' pages."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from opportunities.models import Kind, Opportunity, Status

from .models import ACTIVE, HOLDS_A_PLACE, CourseRun, Enrolment, EnrolmentStatus, RunStatus

COURSE_KINDS = (Kind.COURSE, Kind.EVENT)


def courses() -> QuerySet:
    """Courses and events a resident may see: published or closed listings (closed ones still explain themselves)."""
    return Opportunity.objects.filter(kind__in=COURSE_KINDS, status__in=[Status.PUBLISHED, Status.CLOSED])


def runs_with_places(runs: QuerySet) -> QuerySet:
    """Runs with `held` (places taken or offered) and `waiting` counted, from one join."""
    return runs.annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=HOLDS_A_PLACE)),
        waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )


def upcoming_runs(opportunity: Opportunity, *, today=None) -> list[CourseRun]:
    """The runs a resident can still join or see (a flexible start, or not started yet; cancelled ones too, said
    so), soonest first, with their places left."""
    today = today or timezone.localdate()
    runs = opportunity.runs.filter(Q(starts_on__isnull=True) | Q(starts_on__gte=today))
    return list(runs_with_places(runs).order_by(F("starts_on").asc(nulls_last=True), "pk"))


@dataclass(frozen=True)
class Place:
    """A resident's part in one run: their entry and, when waiting, their position."""

    enrolment: Enrolment
    position: int | None = None

    @property
    def enrolled(self) -> bool:
        return self.enrolment.status == EnrolmentStatus.ENROLLED


def places_taken(run: CourseRun) -> int:
    """Places held on a run: enrolled, offered (held until taken up or run out) and completed."""
    return run.enrolments.filter(status__in=HOLDS_A_PLACE).count()


def waiting_position(enrolment: Enrolment) -> int:
    """1 for the first person waiting for this run (the waiting list is served by id)."""
    earlier = Enrolment.objects.filter(run_id=enrolment.run_id, status=EnrolmentStatus.WAITING, pk__lt=enrolment.pk)
    return earlier.count() + 1


def places_of(user, runs: list[CourseRun]) -> dict[int, Place]:
    """The resident's active entry on each of these runs, by run id."""
    if not user.is_authenticated or not runs:
        return {}
    entries = Enrolment.objects.filter(resident=user, run__in=runs, status__in=ACTIVE)
    return {e.run_id: Place(e, waiting_position(e) if e.status == EnrolmentStatus.WAITING else None) for e in entries}


def why_not_enrol(run: CourseRun, today) -> str:
    """ "" when the run takes enrolments today; otherwise why not, in words a resident can act on."""
    opportunity = run.opportunity
    if run.status == RunStatus.CANCELLED:
        return "This date has been cancelled, so you can't enrol on it. Choose another date."
    if opportunity.status != Status.PUBLISHED or not opportunity.is_open_on(today):
        return "This course or event is no longer taking enrolments."
    if run.enrolment_deadline and today > run.enrolment_deadline:
        closed = date_format(run.enrolment_deadline, "j F Y")
        return f"Enrolment for this date closed on {closed}. Choose another date."
    if run.starts_on and today >= run.starts_on:
        return "This date has already started. Choose another date."
    return ""
