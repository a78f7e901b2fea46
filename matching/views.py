"""Pages of match alerts: a resident's saved searches and profile alerts under /account/alerts/, the links in alert
emails under /alerts/, and an advisor's matches on their caseload under /advisors/."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from advisors.views.decorators import advisor_only
from opportunities.models import Opportunity, SearchEntry
from organisations.access import is_resident

from . import services
from .forms import NotRelevantForm, ProfileAlertForm, SavedSearchForm, ShareForm, StopReasonForm
from .models import AdvisorDigest, Frequency
from .searches import describe, savable_query, search_url
from .selectors import (
    caseload_matches,
    profile_alert_of,
    recommendations_for,
    saved_search_of,
    saved_searches_of,
)

CASELOAD_MATCHES_DAYS = 7


def resident_required(view):
    """Signed in (else the sign-in page) and a resident (else 404: these pages are a resident's own)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_resident(request.user):
            raise Http404("Only residents have alerts")
        return view(request, *args, **kwargs)

    return wrapped


def _errors_of(error: ValidationError) -> list[str]:
    return list(error.messages)


# A resident's alerts ------------------------------------------------------------------------------------------------


@resident_required
def alert_list(request):
    context = {
        "saved_searches": saved_searches_of(user=request.user),
        "profile_alert": profile_alert_of(user=request.user),
        "recommendations": recommendations_for(user=request.user),
    }
    return render(request, "matching/list.html", context)


@resident_required
def alert_new(request):
    """Save the search in the query string (GET shows it, with a name suggested); an invalid search is a 400."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        query = savable_query(data)
    except ValidationError as error:
        return render(request, "matching/search_invalid.html", {"errors": _errors_of(error)}, status=400)
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                saved = services.saved_search_save(
                    resident=request.user, data=data, name=form.cleaned_data["name"],
                    frequency=form.cleaned_data["frequency"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Your search “{saved.name}” has been saved. {_frequency_banner(saved)}")
                return redirect("alerts:list")
    else:
        form = SavedSearchForm(initial={"name": describe(query), "frequency": Frequency.DAILY})
    context = {"form": form, "query": query, "search_url": search_url(query), "hidden": _hidden(query)}
    return render(request, "matching/new.html", context, status=400 if form.errors else 200)


FREQUENCY_BANNERS = {
    Frequency.INSTANT: "We will email you as soon as something new matches it.",
    Frequency.DAILY: "We will email you once a day when something new matches it.",
    Frequency.WEEKLY: "We will email you on Mondays when something new matches it.",
    Frequency.NEVER: "We will not email you about it.",
}


def _frequency_banner(saved) -> str:
    return FREQUENCY_BANNERS[saved.frequency]


def _hidden(query: str) -> list[tuple[str, str]]:
    return [(name, value) for name, values in QueryDict(query).lists() for value in values]


def _own_search(request, pk):
    saved = saved_search_of(user=request.user, pk=pk)
    if saved is None:
        raise Http404("No such saved search")
    return saved


@resident_required
def alert_change(request, pk):
    saved = _own_search(request, pk)
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                saved = services.saved_search_change(saved_search=saved, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Your alert “{saved.name}” has been changed. {_frequency_banner(saved)}")
                return redirect("alerts:list")
    else:
        form = SavedSearchForm(initial={"name": saved.name, "frequency": saved.frequency})
    return render(request, "matching/change.html", {"form": form, "saved": saved}, status=400 if form.errors else 200)


@resident_required
def alert_delete(request, pk):
    saved = _own_search(request, pk)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved, by=request.user)
        messages.success(request, f"Your saved search “{saved.name}” has been deleted")
        return redirect("alerts:list")
    return render(request, "matching/delete.html", {"saved": saved})


@resident_required
def alert_profile(request):
    current = profile_alert_of(user=request.user)
    if request.method == "POST":
        form = ProfileAlertForm(request.POST)
        if form.is_valid():
            try:
                alert = services.profile_alert_set(resident=request.user, frequency=form.cleaned_data["frequency"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"We will email you {alert.frequency_words} about new opportunities that fit your profile"
                    if alert
                    else "We will not email you about opportunities that fit your profile",
                )
                return redirect("alerts:list")
    else:
        form = ProfileAlertForm(initial={"frequency": current.frequency if current else Frequency.WEEKLY})
    return render(
        request, "matching/profile.html", {"form": form, "current": current}, status=400 if form.errors else 200
    )


# From an alert email: anyone holding the link (the signed token is the proof) -----------------------------------------


def alert_stop(request, token):
    """GET shows what the link stops and a button (mail systems open links to check them); POST stops it and asks
    why, optionally. A link that is not ours is a 400; one used before says the alert had already stopped."""
    try:
        what = services.alert_described(token=token)
    except ValidationError as error:
        return render(request, "matching/link_invalid.html", {"errors": _errors_of(error)}, status=400)
    if request.method == "POST":
        stopped = services.alert_stop(token=token)
        return render(
            request,
            "matching/stopped.html",
            {"what": what, "stopped": stopped, "form": StopReasonForm(), "token": token},
        )
    return render(request, "matching/stop.html", {"what": what, "token": token})


@require_POST
def alert_stop_reason(request, token):
    form = StopReasonForm(request.POST)
    try:
        what = services.alert_described(token=token)
        if form.is_valid():
            services.alert_stop_reason_record(token=token, **form.cleaned_data)
            return render(request, "matching/thanks.html", {"what": what})
    except ValidationError as error:
        return render(request, "matching/link_invalid.html", {"errors": _errors_of(error)}, status=400)
    context = {"what": what, "stopped": False, "form": form, "token": token, "asking_again": True}
    return render(request, "matching/stopped.html", context, status=400)


def not_relevant(request, token, opportunity_id):
    try:
        alerted = services.alerted_listing_of(token=token, opportunity_id=opportunity_id)
    except ValidationError as error:
        return render(request, "matching/link_invalid.html", {"errors": _errors_of(error)}, status=400)
    form = NotRelevantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        recorded = services.listing_not_relevant(
            token=token, opportunity_id=opportunity_id, detail=form.cleaned_data["detail"]
        )
        return render(request, "matching/not_relevant_done.html", {"alerted": alerted, "recorded": recorded})
    status = 400 if form.errors else 200
    return render(request, "matching/not_relevant.html", {"alerted": alerted, "form": form}, status=status)


# An advisor's matches on their caseload --------------------------------------------------------------------------


@advisor_only
def caseload_overview(request, advisor):
    """New listings of the last week that match residents on the advisor's caseload, and their daily email."""
    if request.method == "POST":
        services.caseload_digest_set(advisor=request.user, on=request.POST.get("digest") == "on")
        messages.success(
            request,
            "You will get an email each morning with new matches"
            if request.POST.get("digest") == "on"
            else "You will not get the morning email of new matches",
        )
        return redirect("advisors:matches")
    since = timezone.now() - timedelta(days=CASELOAD_MATCHES_DAYS)
    matches = caseload_matches(
        advisor=request.user, entries=SearchEntry.objects.visible().filter(published_at__gte=since)
    )
    listings = Opportunity.objects.filter(pk__in=list(matches)).select_related("organisation").order_by("-published_at")
    rows = [{"listing": listing, "matches": matches[listing.pk]} for listing in listings.only(
        "id", "slug", "title", "published_at", "closing_date", "organisation__name")]  # fmt: skip
    context = {
        "rows": rows,
        "days": CASELOAD_MATCHES_DAYS,
        "digest": AdvisorDigest.objects.filter(advisor=request.user).exists(),
    }
    return render(request, "matching/caseload.html", context)


@advisor_only
def listing_matches(request, advisor, slug):
    """Which residents on the advisor's caseload a published listing matches, and why; share it with several."""
    listing = get_object_or_404(Opportunity.objects.visible().select_related("organisation"), slug=slug)
    entries = SearchEntry.objects.visible().filter(opportunity_id=listing.pk)
    matches = caseload_matches(advisor=request.user, entries=entries).get(listing.pk, [])
    choices = [(m.case.pk, m.case.resident.get_full_name()) for m in matches if not m.shared]
    form = ShareForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            shared = services.listing_share_with_cases(
                opportunity=listing, case_ids=form.cleaned_data["cases"], message=form.cleaned_data["message"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = len(shared)
            messages.success(
                request, f"“{listing.title}” has been shared with {count} resident{'s' if count != 1 else ''}"
            )
            return redirect("advisors:listing_matches", slug=listing.slug)
    context = {"listing": listing, "matches": matches, "form": form}
    return render(request, "matching/listing_matches.html", context, status=400 if form.errors else 200)


# The URLs: config/urls.py mounts `urlpatterns` in the namespace `alerts`, and `advisor_urlpatterns` in `advisors`.
urlpatterns = [
    path("account/alerts/", alert_list, name="list"),
    path("account/alerts/new/", alert_new, name="new"),
    path("account/alerts/profile/", alert_profile, name="profile"),
    path("account/alerts/<int:pk>/", alert_change, name="change"),
    path("account/alerts/<int:pk>/delete/", alert_delete, name="delete"),
    path("alerts/stop/<str:token>/", alert_stop, name="stop"),
    path("alerts/stop/<str:token>/why/", alert_stop_reason, name="stop_reason"),
    path("alerts/not-relevant/<str:token>/<int:opportunity_id>/", not_relevant, name="not_relevant"),
]
advisor_urlpatterns = [
    path("matches/", caseload_overview, name="matches"),
    path("listings/<slug:slug>/matches/", listing_matches, name="listing_matches"),
]
