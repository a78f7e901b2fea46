"""A case's outcomes, support given, shared opportunities and applications.

Only the advisors on the case reach these pages (`case_or_404`); everyone else, the resident included, gets a 404
for every URL and method, and an id of another case's row through this case's URL is a 404 too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format

from applications.files import cv_download
from opportunities import search

from ..forms.casework import CheckInForm, OutcomeForm, ShareForm, SupportGivenForm
from ..models import STARTS_WORK, OutcomeKind
from ..selectors import casework as selectors
from ..selectors.cases import case_or_404
from ..services import casework as services


def _resident_name(case) -> str:
    return case.resident.get_full_name()


def _read_only(request) -> HttpResponseNotAllowed | None:
    """A 405 for anything but reading, answered only once the case is known to be the advisor's (else a 404)."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET", "HEAD"])


@login_required
def case_opportunities(request, case_id):
    """The opportunities shared with the resident (and whether they applied); sharing another."""
    case = case_or_404(user=request.user, case_id=case_id)
    posted = request.method == "POST"
    q = search.clean_query((request.POST if posted else request.GET).get("q", ""))
    matches = selectors.share_matches(q)
    form = ShareForm(request.POST if posted else None, matches=matches, resident_name=_resident_name(case))
    form.initial["q"] = q
    if posted and form.is_valid():
        data = form.cleaned_data
        opportunity = (
            selectors.listing_by_id(data["opportunity"])
            if data.get("opportunity")
            else selectors.listing_from_link(data["link"])
        )
        try:
            shared = services.opportunity_share(
                case=case, opportunity=opportunity, message=data["message"], by=request.user
            )
        except ValidationError as error:
            form.add_error(form.chosen_field, error)
        else:
            messages.success(
                request, f"You shared “{shared.opportunity.title}” with {_resident_name(case)}. We have told them."
            )
            return redirect("advisors:case_opportunities", case.pk)
    return render(
        request,
        "advisors/casework/opportunities.html",
        {"case": case, "shared": selectors.shared_on(case), "form": form, "q": q, "matches": matches},
        status=400 if posted else 200,
    )


@login_required
def case_applications(request, case_id):
    """The resident's sent applications, with their history and CVs."""
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _read_only(request):
        return refused
    return render(
        request,
        "advisors/casework/applications.html",
        {"case": case, "applications": selectors.sent_applications_on(case)},
    )


@login_required
def case_application_cv(request, case_id, application_id):
    """The CV sent with one of the resident's applications."""
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _read_only(request):
        return refused
    application = selectors.sent_application_or_404(case=case, application_id=application_id)
    if not application.cv:
        raise Http404("No CV")
    try:
        return cv_download(application)
    except FileNotFoundError:
        raise Http404("The CV file is missing") from None


@login_required
def case_support(request, case_id):
    """The support given to the resident, with its total; recording more."""
    case = case_or_404(user=request.user, case_id=case_id)
    posted = request.method == "POST"
    form = SupportGivenForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            support = services.support_given_record(
                case=case,
                kind=data["kind"],
                description=data["description"],
                amount=data["amount"],
                given_on=data["given_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            given_on = date_format(support.given_on, "j F Y")
            messages.success(request, f"{support.get_kind_display()} given on {given_on} has been recorded.")
            return redirect("advisors:case_support", case.pk)
    return render(
        request,
        "advisors/casework/support.html",
        {"case": case, "support": selectors.support_given_on(case), "form": form},
        status=400 if posted else 200,
    )


@login_required
def case_support_remove(request, case_id, support_id):
    """GET: are you sure? POST: remove support recorded by mistake."""
    case = case_or_404(user=request.user, case_id=case_id)
    support = selectors.support_given_or_404(case=case, support_id=support_id)
    if request.method == "POST":
        services.support_given_remove(support=support, by=request.user)
        given_on = date_format(support.given_on, "j F Y")
        messages.success(request, f"{support.get_kind_display()} given on {given_on} has been removed.")
        return redirect("advisors:case_support", case.pk)
    return render(request, "advisors/casework/support_remove.html", {"case": case, "support": support})


@login_required
def case_outcomes(request, case_id):
    """The case's outcomes, and the in-work check-ins its work starts scheduled."""
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _read_only(request):
        return refused
    return render(
        request,
        "advisors/casework/outcomes.html",
        {
            "case": case,
            "outcomes": selectors.outcomes_on(case),
            "check_ins": selectors.check_ins_on(case, today=timezone.localdate()),
        },
    )


@login_required
def case_outcome_record(request, case_id):
    """Record an outcome: a work start (which schedules its check-ins), a course completed, or work that lasted."""
    case = case_or_404(user=request.user, case_id=case_id)
    posted = request.method == "POST"
    form = OutcomeForm(
        request.POST if posted else None,
        starts=selectors.starts_on(case),
        sources=selectors.outcome_sources(case),
        resident_name=_resident_name(case),
    )
    if posted and form.is_valid():
        try:
            outcome = services.outcome_record(case=case, by=request.user, **form.outcome_details())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            scheduled = " Its in-work check-ins have been scheduled." if outcome.kind in STARTS_WORK else ""
            messages.success(request, f"“{outcome.get_kind_display()}” has been recorded.{scheduled}")
            return redirect("advisors:case_outcomes", case.pk)
    return render(
        request, "advisors/casework/outcome_record.html", {"case": case, "form": form}, status=400 if posted else 200
    )


def _sustained_label(check_in, case) -> str:
    """What the check-in offers to record, if anything: that the start lasted 13 or 26 weeks, once those weeks are
    up and if not recorded yet."""
    kind = services.SUSTAINED_AT.get(check_in.due)
    if kind is None or check_in.done_at:
        return ""
    start = check_in.outcome
    if (
        timezone.localdate() < start.achieved_on + services.SUSTAINED_AFTER[kind]
        or start.sustained.filter(kind=kind).exists()
    ):
        return ""
    return f"{_resident_name(case)} is still in work: record “{OutcomeKind(kind).label.lower()}”"


@login_required
def case_check_in(request, case_id, check_in_id):
    """One in-work check-in: recording it (and, at 13 or 26 weeks, that the work lasted)."""
    case = case_or_404(user=request.user, case_id=case_id)
    check_in = selectors.check_in_or_404(case=case, check_in_id=check_in_id)
    posted = request.method == "POST"
    form = CheckInForm(request.POST if posted else None, sustained_label=_sustained_label(check_in, case))
    if posted and form.is_valid():
        try:
            services.check_in_record(
                check_in=check_in,
                notes=form.cleaned_data["notes"],
                still_in_work=form.cleaned_data.get("still_in_work", False),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The check-in {check_in.get_due_display().lower()} has been recorded.")
            return redirect("advisors:case_outcomes", case.pk)
    return render(
        request,
        "advisors/casework/check_in.html",
        {"case": case, "check_in": check_in, "form": form},
        status=400 if posted else 200,
    )


urlpatterns = [
    path("cases/<int:case_id>/opportunities/", case_opportunities, name="case_opportunities"),
    path("cases/<int:case_id>/applications/", case_applications, name="case_applications"),
    path("cases/<int:case_id>/applications/<int:application_id>/cv/", case_application_cv, name="case_application_cv"),
    path("cases/<int:case_id>/support/", case_support, name="case_support"),
    path("cases/<int:case_id>/support/<int:support_id>/remove/", case_support_remove, name="case_support_remove"),
    path("cases/<int:case_id>/outcomes/", case_outcomes, name="case_outcomes"),
    path("cases/<int:case_id>/outcomes/record/", case_outcome_record, name="case_outcome_record"),
    path("cases/<int:case_id>/check-ins/<int:check_in_id>/", case_check_in, name="case_check_in"),
]
