"""Reads of a case's casework: the opportunities shared with the resident, their sent applications, the support
given and the outcomes with their check-ins; and what a resident sees of the opportunities shared with them."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from applications.models import Application, ApplicationEvent
from opportunities import search
from opportunities.models import Opportunity, SearchEntry, Status
from opportunities.selectors import order, rows_in_order

from ..models import STARTS_WORK, Case, CheckIn, Outcome, SharedOpportunity, SupportGiven

# How many listings the share form offers for a search.
SHARE_MATCHES = 10


def sent_applications_of(resident) -> QuerySet[Application]:
    """A resident's applications that went to the organisation (sent here, or applied for elsewhere and said so):
    never drafts, nor a note that they went to apply and never did."""
    return Application.objects.filter(resident=resident, submitted_at__isnull=False)


def shared_on(case: Case) -> list[SharedOpportunity]:
    """The opportunities shared on a case, newest first, each with the listing, who shared it and the resident's
    sent application for it, if any (`opportunity.sent_applications`, a list of none or one), in three queries."""
    return list(
        SharedOpportunity.objects.filter(case=case)
        .select_related("opportunity__organisation", "shared_by")
        .prefetch_related(
            Prefetch(
                "opportunity__applications",
                queryset=sent_applications_of(case.resident),
                to_attr="sent_applications",
            )
        )
    )


def shared_with(*, user) -> list[SharedOpportunity]:
    """The opportunities advisors shared with this resident (on any of their cases), newest first, each with the
    listing, its organisation, the advisor who shared it and their message. Only listings that still have a page
    (published, or closed)."""
    return list(
        SharedOpportunity.objects.filter(
            case__resident=user, opportunity__status__in=[Status.PUBLISHED, Status.CLOSED]
        ).select_related("opportunity__organisation", "shared_by")
    )


def share_matches(q: str) -> list[Opportunity]:
    """Up to SHARE_MATCHES open listings matching the search words, most relevant first (the catalogue's own
    search); none for empty words."""
    if not search.clean_query(q):
        return []
    entries = search.matching(SearchEntry.objects.visible(), q)
    return rows_in_order(list(order(entries, "relevance", q).values_list("opportunity_id", flat=True)[:SHARE_MATCHES]))


def listing_from_link(link: str) -> Opportunity | None:
    """The listing a pasted link (a listing's page, or any page under it) or slug names, whatever its status (the
    service decides whether it can be shared); None when it names none."""
    link = link.strip()
    if "/" not in link:
        path = f"/opportunities/{link}/"
    else:
        # A link copied without its scheme ("hackney.gov.uk/opportunities/...") starts with its host.
        path = urlsplit(link if "://" in link or link.startswith("/") else f"//{link}").path
    try:
        match = resolve(path if path.endswith("/") else f"{path}/")
    except Resolver404:
        return None
    slug = match.kwargs.get("slug")
    if match.namespace != "opportunities" or not slug:
        return None
    return Opportunity.objects.select_related("organisation").filter(slug=slug).first()


def listing_by_id(opportunity_id: int) -> Opportunity | None:
    """The listing with this id, whatever its status (the service decides whether it can be shared)."""
    return Opportunity.objects.select_related("organisation").filter(pk=opportunity_id).first()


def sent_applications_on(case: Case) -> list[Application]:
    """The case's resident's sent applications, newest first, with the listing, its organisation and the history,
    in two queries."""
    return list(
        sent_applications_of(case.resident)
        .select_related("opportunity__organisation")
        .prefetch_related(Prefetch("history", queryset=ApplicationEvent.objects.order_by("at", "id")))
        .order_by("-submitted_at", "-pk")
    )


def sent_application_or_404(*, case: Case, application_id) -> Application:
    """One of the case's resident's sent applications; any other id (a draft, another resident's) is a 404."""
    application = sent_applications_of(case.resident).filter(pk=application_id).first()
    if application is None:
        raise Http404("No such application on this case")
    return application


@dataclass(frozen=True)
class SupportList:
    rows: list[SupportGiven]
    total: Decimal


def support_given_on(case: Case) -> SupportList:
    """The support given on a case, latest first, with who recorded it and the total cost, in one query."""
    rows = list(SupportGiven.objects.filter(case=case).select_related("recorded_by"))
    return SupportList(rows, sum((row.amount for row in rows), Decimal("0")))


def support_given_or_404(*, case: Case, support_id) -> SupportGiven:
    support = SupportGiven.objects.filter(case=case, pk=support_id).first()
    if support is None:
        raise Http404("No such support on this case")
    return support


def outcomes_on(case: Case) -> list[Outcome]:
    """The case's outcomes, latest first, with the listing each came from and the start a sustained one sustains."""
    return list(Outcome.objects.filter(case=case).select_related("opportunity", "start", "recorded_by"))


def starts_on(case: Case) -> QuerySet[Outcome]:
    """The case's work starts (job, apprenticeship or placement), which sustained outcomes and check-ins follow."""
    return Outcome.objects.filter(case=case, kind__in=STARTS_WORK).order_by("-achieved_on", "-pk")


def outcome_sources(case: Case) -> QuerySet[Opportunity]:
    """The listings an outcome can come from: those shared on the case, or applied for by its resident."""
    shared = SharedOpportunity.objects.filter(case=case).values("opportunity_id")
    applied = sent_applications_of(case.resident).values("opportunity_id")
    return (
        Opportunity.objects.filter(Q(pk__in=shared) | Q(pk__in=applied))
        .select_related("organisation")
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class CheckInRow:
    """A check-in as the list shows it: done, overdue, due within the week, or not due yet."""

    check_in: CheckIn
    today: date

    @property
    def state(self) -> str:
        if self.check_in.done_at:
            return "done"
        if self.check_in.due_on < self.today:
            return "overdue"
        return "due" if self.check_in.due_on <= self.today + timedelta(days=7) else "upcoming"


def check_ins_on(case: Case, *, today: date) -> list[CheckInRow]:
    """The case's in-work check-ins, soonest due first, with the start each follows and who recorded it."""
    check_ins = CheckIn.objects.filter(case=case).select_related("outcome", "done_by").order_by("due_on", "pk")
    return [CheckInRow(check_in, today) for check_in in check_ins]


def check_in_or_404(*, case: Case, check_in_id) -> CheckIn:
    check_in = CheckIn.objects.filter(case=case, pk=check_in_id).select_related("outcome", "done_by").first()
    if check_in is None:
        raise Http404("No such check-in on this case")
    return check_in
