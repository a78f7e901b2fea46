"""A resident's side of a listing: its page, saving it, applying (or leaving to apply elsewhere), following,
withdrawing.

Thin views: the rules live in services.py (writes) and opportunities.selectors.eligibility_for (who may apply).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.next_page import next_path
from opportunities import jsonld
from opportunities.caching import shared_page
from opportunities.models import ApplyMethod, Opportunity, Programme, Status
from opportunities.selectors import eligibility_for
from residents.selectors import profile_for

from . import services
from .files import cv_download
from .forms import ApplicationForm
from .models import Application, ApplicationEvent, ApplicationStatus, SavedOpportunity

A = ApplicationStatus


class _ExternalRedirect(HttpResponseRedirect):
    """Leaving for the partner's own website, or their email address."""

    allowed_schemes = ["http", "https", "mailto"]


def _listing(slug) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.filter(status__in=[Status.PUBLISHED, Status.CLOSED]).select_related("organisation"),
        slug=slug,
    )


def _own_application(user, opportunity) -> Application | None:
    return Application.objects.filter(opportunity=opportunity, resident=user).first()


def _cannot_apply(request, opportunity, reasons, *, status=200, application=None, heading=""):
    return render(
        request,
        "applications/apply_blocked.html",
        {
            "opportunity": opportunity,
            "reasons": reasons,
            "application": application,
            "heading": heading or "You cannot apply for this opportunity",
        },
        status=status,
    )


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@shared_page
def opportunity_detail(request, slug):
    """A published listing, or a closed one (kept so old links still explain themselves); nothing else."""
    opportunity = get_object_or_404(
        Opportunity.objects.filter(status__in=[Status.PUBLISHED, Status.CLOSED])
        .select_related("organisation", "sector", "ward")
        .prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("id", "name", "slug")), "priority_groups"
        ),
        slug=slug,
    )
    today = timezone.localdate()
    is_open = opportunity.is_open_on(today)
    context = {
        "opportunity": opportunity,
        "is_open": is_open,
        "json_ld": jsonld.render(jsonld.for_opportunity(opportunity, request)),
    }
    if request.user.is_authenticated:
        user = request.user
        context |= {
            "eligibility": eligibility_for(opportunity=opportunity, profile=profile_for(user=user), today=today),
            "saved": SavedOpportunity.objects.filter(user=user, opportunity=opportunity).exists(),
            "application": Application.objects.filter(resident=user, opportunity=opportunity).first(),
        }
    return render(request, "opportunities/detail.html", context)


@login_required
def save(request, slug):
    """POST: save a listing, or (with remove) take it off the resident's list. GET goes back to the listing."""
    opportunity = _listing(slug)
    if request.method != "POST":
        return redirect(opportunity)
    if request.POST.get("remove"):
        services.saved_opportunity_remove(user=request.user, opportunity=opportunity)
        messages.success(request, f"“{opportunity.title}” has been removed from your saved opportunities.")
    else:
        try:
            services.saved_opportunity_add(user=request.user, opportunity=opportunity)
        except ValidationError as error:
            return _cannot_apply(
                request, opportunity, _errors(error), status=400, heading="You cannot save this opportunity"
            )
        messages.success(request, f"“{opportunity.title}” has been saved. You can find it in your account.")
    return redirect(next_path(request) or opportunity.get_absolute_url())


@login_required
def apply(request, slug):
    """Step 1: answers, statement and CV, kept as a draft (or, for listings applied for elsewhere, leaving)."""
    opportunity = _listing(slug)
    application = _own_application(request.user, opportunity)
    if opportunity.apply_method != ApplyMethod.HERE:
        return _leave(request, opportunity, application)
    if application and application.status != A.DRAFT:
        if request.method == "POST":
            return _cannot_apply(
                request,
                opportunity,
                ["You have already applied for this opportunity."],
                status=400,
                application=application,
            )
        return redirect(application)
    eligibility = eligibility_for(
        opportunity=opportunity, profile=profile_for(user=request.user), today=timezone.localdate()
    )
    if not eligibility.can_apply:
        return _cannot_apply(request, opportunity, eligibility.reasons, status=400 if request.method == "POST" else 200)
    has_cv = bool(application and application.cv)
    questions = opportunity.screening_questions
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, questions=questions, has_cv=has_cv)
        if form.is_valid():
            try:
                services.application_draft_save(
                    resident=request.user,
                    opportunity=opportunity,
                    answers=form.answers,
                    statement=form.cleaned_data["statement"],
                    cv=form.cleaned_data["cv"],
                    cv_type=getattr(form, "cv_type", ""),
                    remove_cv=form.cleaned_data.get("remove_cv", False),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("opportunities:apply_check", slug=opportunity.slug)
        status = 400
    else:
        form = ApplicationForm(questions=questions, has_cv=has_cv, initial=_draft_initial(application))
        status = 200
    return render(
        request,
        "applications/apply.html",
        {"opportunity": opportunity, "form": form, "application": application},
        status=status,
    )


def _draft_initial(application) -> dict:
    if application is None:
        return {}
    initial = {"statement": application.statement}
    for number, item in enumerate(application.answers, start=1):
        initial[f"answer_{number}"] = item["answer"]
    return initial


@login_required
def apply_check(request, slug):
    """Step 2: check your answers, then send."""
    opportunity = _listing(slug)
    application = _own_application(request.user, opportunity)
    if application is None or application.route != ApplyMethod.HERE:
        return redirect("opportunities:apply", slug=slug)
    if application.status != A.DRAFT:
        if request.method == "POST":
            return _cannot_apply(
                request,
                opportunity,
                ["You have already sent this application."],
                status=400,
                application=application,
            )
        return redirect(application)
    errors = []
    if request.method == "POST":
        try:
            services.application_submit(application=application, by=request.user)
        except ValidationError as error:
            errors = _errors(error)
        else:
            return redirect("opportunities:apply_sent", slug=slug)
    return render(
        request,
        "applications/apply_check.html",
        {"opportunity": opportunity, "application": application, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def apply_sent(request, slug):
    """Step 3: the confirmation panel."""
    opportunity = _listing(slug)
    application = _own_application(request.user, opportunity)
    if application is None or application.status in (A.DRAFT, A.LEFT_TO_APPLY):
        return redirect("opportunities:apply", slug=slug)
    return render(request, "applications/apply_sent.html", {"opportunity": opportunity, "application": application})


def _leave(request, opportunity, application):
    """Listings applied for elsewhere: note that the resident went, then send them on."""
    if request.method == "POST":
        try:
            services.application_leave_to_apply(resident=request.user, opportunity=opportunity)
        except ValidationError as error:
            return _cannot_apply(request, opportunity, _errors(error), status=400)
        if opportunity.apply_method == ApplyMethod.WEBSITE:
            return _ExternalRedirect(opportunity.apply_url)
        return _ExternalRedirect(f"mailto:{opportunity.apply_email}")
    if not opportunity.is_open_on(timezone.localdate()):
        return _cannot_apply(request, opportunity, ["This opportunity has closed."])
    return render(
        request, "applications/apply_elsewhere.html", {"opportunity": opportunity, "application": application}
    )


# The resident's own applications, under /account/applications/ ----------------------------------------


def _mine(request, pk) -> Application:
    """One of the signed-in resident's applications; anyone else's is a 404."""
    return get_object_or_404(
        Application.objects.filter(resident=request.user)
        .select_related("opportunity__organisation")
        .prefetch_related(Prefetch("history", queryset=ApplicationEvent.objects.order_by("at", "id"))),
        pk=pk,
    )


@login_required
def application_detail(request, pk):
    return _detail(request, _mine(request, pk))


def _detail(request, application, *, errors=(), status=200):
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "can_withdraw": application.status in services.WITHDRAWABLE_FROM,
            "errors": errors,
        },
        status=status,
    )


@login_required
def application_withdraw(request, pk):
    application = _mine(request, pk)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, by=request.user)
        except ValidationError as error:
            return render(
                request,
                "applications/application_withdraw.html",
                {"application": application, "errors": _errors(error)},
                status=400,
            )
        messages.success(request, f"You have withdrawn your application for “{application.opportunity.title}”.")
        return redirect(application)
    return render(request, "applications/application_withdraw.html", {"application": application})


@login_required
@require_POST
def application_applied(request, pk):
    application = _mine(request, pk)
    try:
        services.application_mark_applied(application=application, by=request.user)
    except ValidationError as error:
        return _detail(request, application, errors=_errors(error), status=400)
    messages.success(request, f"We have noted that you applied for “{application.opportunity.title}”.")
    return redirect(application)


@login_required
def application_cv(request, pk):
    application = _mine(request, pk)
    if not application.cv:
        raise Http404("No CV")
    try:
        return cv_download(application)
    except FileNotFoundError:
        raise Http404("The CV file is missing") from None
