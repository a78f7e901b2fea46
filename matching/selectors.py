"""Reads of match alerts: a resident's alerts, recommendations for them, and the matches on an advisor's caseload."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from advisors.models import Case, SharedOpportunity
from applications.models import Application, ApplicationStatus
from opportunities.models import Opportunity, SearchEntry, Sector
from opportunities.selectors import LIST_COLUMNS, eligibility_for
from residents.selectors import profile_for

from .engine import RULE_COLUMNS, interests_by_resident, listings_for_rules, profile_matches, search_matches
from .models import ProfileAlert, SavedSearch
from .rules import fit_score, interests_of, reasons

RECOMMENDATION_CANDIDATES = 200


def saved_searches_of(*, user):
    """A resident's saved searches, newest first (one query)."""
    return SavedSearch.objects.filter(resident=user).only("id", "name", "query", "frequency", "created_at")


def profile_alert_of(*, user) -> ProfileAlert | None:
    return ProfileAlert.objects.filter(resident=user).first()


def saved_search_of(*, user, pk: int) -> SavedSearch | None:
    """One of the resident's own saved searches; None for anyone else's (their pages answer 404)."""
    return SavedSearch.objects.filter(resident=user, pk=pk).first()


@dataclass
class Recommendation:
    listing: Opportunity
    reasons: list[str]


def recommendations_for(*, user, today=None, limit: int = 5) -> list[Recommendation]:
    """Open listings that fit what the resident told us and that they can apply for, best fit first, each with the
    reasons; never one they applied for. Empty until their profile names a kind or sector (four queries)."""
    today = today or timezone.localdate()
    profile = profile_for(user=user)
    if profile._state.adding:
        return []
    sectors = dict(profile.interested_sectors.values_list("pk", "name"))
    interests = interests_of(profile, sectors)
    if not interests.any_given:
        return []
    wanted = Q(kind__in=interests.kinds) | Q(sector_id__in=interests.sector_ids)
    ids = list(
        SearchEntry.objects.visible()
        .filter(wanted)
        .exclude(Exists(Application.objects.exclude(status=ApplicationStatus.DRAFT).filter(
            resident=user, opportunity_id=OuterRef("opportunity_id"))))
        .order_by("-published_at", "-opportunity_id")
        .values_list("opportunity_id", flat=True)[:RECOMMENDATION_CANDIDATES]
    )  # fmt: skip
    listings = Opportunity.objects.filter(pk__in=ids).select_related("organisation", "ward")
    listings = listings.only(*LIST_COLUMNS, *RULE_COLUMNS, "sector_id")
    fitting = [
        listing for listing in listings if eligibility_for(opportunity=listing, profile=profile, today=today).can_apply
    ]
    fitting.sort(
        key=lambda listing: (
            -fit_score(interests, listing, today=today),
            -listing.published_at.timestamp(),
            -listing.pk,
        )
    )
    return [
        Recommendation(listing, reasons(interests, listing, today=today, sector_names=sectors))
        for listing in fitting[:limit]
    ]


@dataclass
class CaseloadMatch:
    case: Case
    reasons: list[str] = field(default_factory=list)
    shared: bool = False


def caseload_matches(*, advisor, entries, today=None) -> dict[int, list[CaseloadMatch]]:
    """Listing id -> the residents on the advisor's open cases who match one of `entries` (search entries), with
    why: their saved searches (each run once over these entries with the catalogue's search) and their profile
    rules. Only residents who chose to share their profile with their advisors are matched. A constant number of
    queries whatever the caseload."""
    today = today or timezone.localdate()
    cases = {
        case.resident_id: case
        for case in Case.objects.for_advisor(advisor)
        .open()
        .filter(shares_profile=True)
        .select_related("resident")
        .only("id", "resident__id", "resident__full_name", "resident__email")
    }
    found: dict[int, dict[int, CaseloadMatch]] = defaultdict(dict)
    if not cases:
        return {}
    ids = list(entries.values_list("opportunity_id", flat=True))
    if not ids:
        return {}
    searches = list(SavedSearch.objects.filter(resident_id__in=list(cases)).values_list("resident_id", "name", "query"))
    by_query = search_matches({query for _, _, query in searches}, entries)
    for resident_id, name, query in searches:
        for listing_id in by_query.get(query, ()):
            match = found[listing_id].setdefault(resident_id, CaseloadMatch(cases[resident_id]))
            match.reasons.append(f"their saved search “{name}”")
    profiles = interests_by_resident(list(cases))
    listings = {listing.pk: listing for listing in listings_for_rules(ids)}
    sector_names = dict(Sector.objects.values_list("pk", "name"))
    for resident_id, listing_ids in profile_matches(profiles, list(listings.values()), today=today).items():
        _, interests = profiles[resident_id]
        for listing_id in listing_ids:
            match = found[listing_id].setdefault(resident_id, CaseloadMatch(cases[resident_id]))
            why = reasons(interests, listings[listing_id], today=today, sector_names=sector_names)
            match.reasons.append("their profile" + (f": {', '.join(why)}" if why else ""))
    shared = set(
        SharedOpportunity.objects.filter(
            case_id__in=[c.pk for c in cases.values()], opportunity_id__in=ids
        ).values_list("opportunity_id", "case_id")
    )
    result = {}
    for listing_id, matches in found.items():
        for match in matches.values():
            match.shared = (listing_id, match.case.pk) in shared
        result[listing_id] = sorted(matches.values(), key=lambda m: m.case.resident.get_full_name().lower())
    return result
