"""Reads of courses, events and their runs for residents' pages."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from opportunities.models import Kind, Opportunity, Status

from .filters import CourseRunFilter
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


def places_taken(run: CourseRun) -> int:
    """Places held on a run: enrolled, offered (held until taken up or run out) and completed."""
    return run.enrolments.filter(status__in=HOLDS_A_PLACE).count()


def too_few_places(run: CourseRun, places: int) -> str:
    """Why a date can't have this many places ("" when it can): never below the places taken or offered."""
    if places < 1:
        return "A date must have at least 1 place"
    taken = places_taken(run) if run.pk else 0
    if places < taken:
        return f"{taken} people already have a place or an offer of one, so there must be at least {taken} places"
    return ""


def waiting_position(enrolment: Enrolment) -> int:
    """1 for the first person waiting for this run (the waiting list is served by id)."""
    earlier = Enrolment.objects.filter(run_id=enrolment.run_id, status=EnrolmentStatus.WAITING, pk__lt=enrolment.pk)
    return earlier.count() + 1


def with_positions(entries: QuerySet) -> QuerySet:
    """Entries with `ahead`: how many wait before each (for a waiting entry; 0 for the rest), in the same query."""
    earlier = (
        Enrolment.objects.filter(run_id=OuterRef("run_id"), status=EnrolmentStatus.WAITING, pk__lt=OuterRef("pk"))
        .order_by()
        .values("run_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return entries.annotate(ahead=Coalesce(Subquery(earlier), 0))


def places_of(user, runs: list[CourseRun]) -> dict[int, Place]:
    """The resident's active entry on each of these runs, by run id."""
    if not user.is_authenticated or not runs:
        return {}
    entries = with_positions(Enrolment.objects.filter(resident=user, run__in=runs, status__in=ACTIVE))
    return {e.run_id: Place(e, e.ahead + 1 if e.status == EnrolmentStatus.WAITING else None) for e in entries}


def enrolments_of(*, user) -> list[Place]:
    """A resident's dates still to come or going on (enrolled, waiting or offered), soonest first, for their account
    page: one query."""
    entries = (
        Enrolment.objects.filter(resident=user, status__in=ACTIVE)
        .select_related("run__opportunity__organisation")
        .order_by(F("run__starts_on").asc(nulls_first=True), "pk")
    )
    return [Place(e, e.ahead + 1 if e.status == EnrolmentStatus.WAITING else None) for e in with_positions(entries)]


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


def joinable_runs(today) -> QuerySet:
    """Runs residents can still enrol on today, in SQL: what `why_not_enrol` says in words (a test keeps the two
    in step)."""
    return CourseRun.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__gt=today),
        Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today),
        Q(opportunity__closing_date__isnull=True) | Q(opportunity__closing_date__gte=today),
        status=RunStatus.OPEN,
        opportunity__kind__in=COURSE_KINDS,
        opportunity__status=Status.PUBLISHED,
    )


# Dates shown under each course in the list; the rest are on its page.
RUNS_SHOWN = 3


@dataclass(frozen=True)
class RunSummary:
    run: CourseRun
    places_left: int


@dataclass
class CourseResult:
    opportunity: Opportunity
    runs: list[RunSummary] = field(default_factory=list)
    more: int = 0  # matching dates not shown


@dataclass
class CourseSearch:
    filterset: CourseRunFilter
    page: Page
    results: list[CourseResult]
    errors: list[dict]
    subjects: list[tuple[str, str]]  # the subject select's options, read in one query


def course_search(data, *, page_size: int = 20) -> CourseSearch:
    """The courses and events with a date matching every filter, soonest first (a flexible start counts as today),
    a page at a time, each with its first matching dates and their places left. Five queries whatever the page or
    the number of dates: the count, the page's courses in order, their listings, their matching dates with the
    places held, and the subjects for the filter."""
    today = timezone.localdate()
    filterset = CourseRunFilter(data, queryset=joinable_runs(today))
    filterset.is_valid()
    runs = filterset.qs
    firsts = (
        runs.order_by()
        .values("opportunity_id")
        .annotate(first=Min(Coalesce("starts_on", Value(today))))
        .order_by("first", "opportunity_id")
    )
    page = Paginator(firsts, page_size).get_page(data.get("page"))
    ids = [row["opportunity_id"] for row in page.object_list]
    listings = Opportunity.objects.filter(pk__in=ids).select_related("organisation", "sector").in_bulk()
    results = {pk: CourseResult(listings[pk]) for pk in ids if pk in listings}
    shown = runs_with_places(runs.filter(opportunity_id__in=ids)).order_by(F("starts_on").asc(nulls_first=True), "pk")
    for run in shown:
        result = results[run.opportunity_id]
        run.opportunity = result.opportunity
        if len(result.runs) < RUNS_SHOWN:
            result.runs.append(RunSummary(run, max(run.places - run.held, 0)))
        else:
            result.more += 1
    fields = filterset.form.fields
    errors = [
        # A list of check boxes is reached by its first box; a select by itself.
        {"href": f"#{name}-{fields[name].choices[0][0]}" if name in BOXES else f"#id_{name}", "text": message}
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]
    subject = filterset.form.fields["sector"]
    subjects = [("", subject.empty_label), *subject.queryset.values_list("slug", "name")]
    return CourseSearch(filterset, page, list(results.values()), errors, subjects)


# The filters shown as check boxes (the others are selects).
BOXES = ("kind", "delivery", "free", "time")


def boxes(filterset: CourseRunFilter) -> dict[str, list[dict]]:
    """Each check-box filter's options, as the search page's check boxes show them (ticked as asked)."""
    cleaned = filterset.form.cleaned_data if hasattr(filterset.form, "cleaned_data") else {}
    options = {}
    for name in BOXES:
        chosen = cleaned.get(name) or []
        chosen = [chosen] if isinstance(chosen, str) else chosen
        options[name] = [
            {"value": value, "label": label, "count": None, "selected": value in chosen}
            for value, label in filterset.form.fields[name].choices
            if value
        ]
    return options
