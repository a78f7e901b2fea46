"""Matching as set work: which residents' saved searches and profiles fit a set of new listings.

Saved searches: residents who saved the same search share one canonical query string, and each distinct query is
run once, through the catalogue's own FilterSet filters (`/opportunities/`'s search code, `searches.SavedQueries`),
over only the new listings' search entries; a hundred queries go to the database as one UNION ALL.

Profiles: the new listings are read once and put in cells by (kind, sector); each profile asks the profile rules
(`rules.profile_fits`) only of the listings in the cells its interests name.
"""

from collections import defaultdict
from itertools import islice

from django.db.models import Value
from django.http import QueryDict

from opportunities.models import Kind, Opportunity
from residents.models import ResidentProfile

from .rules import Interests, interests_of, profile_fits
from .searches import SavedQueries

UNION_BATCH = 100

# What the profile rules read of a listing (and its eligibility): nothing else is loaded.
RULE_COLUMNS = (
    "id",
    "kind",
    "sector_id",
    "attendance",
    "hours_per_week",
    "min_age",
    "max_age",
    "hackney_connection_required",
    "status",
    "closing_date",
    "published_at",
    "hourly_pay_min",
)


def _batches(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def search_matches(queries, entries, *, only=None) -> dict[str, list[int]]:
    """For each distinct query, the ids of the search entries among `entries` it finds, as `/opportunities/` would
    find them today. `only`, the search entry of the one listing `entries` holds (instant alerts): queries naming
    other kinds or sectors are skipped before their FilterSet is built (most of them, and most of the time).

    A query the catalogue no longer accepts in full (a sector since removed) finds nothing: run without the
    filter it lost, it would send listings the resident never asked for.
    """
    found: dict[str, list[int]] = defaultdict(list)
    queries = sorted({query for query in queries if only is None or _could_find(query, only)})
    saved = SavedQueries()
    for batch in _batches(queries, UNION_BATCH):
        parts = []
        for index, query in enumerate(batch):
            finds = saved.find(query, entries)
            if finds is not None:
                parts.append(finds.annotate(search=Value(index)).values_list("search", "opportunity_id"))
        if not parts:
            continue
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for index, opportunity_id in rows:
            found[batch[index]].append(opportunity_id)
    return found


def _could_find(query: str, entry) -> bool:
    """Whether a query's kind and sector filters leave room for this listing (the FilterSet decides the rest)."""
    data = QueryDict(query)
    kinds, sectors = data.getlist("kind"), data.getlist("sector")
    return (not kinds or entry.kind in kinds) and (not sectors or (entry.sector and entry.sector.slug in sectors))


def listings_for_rules(ids) -> list[Opportunity]:
    """The listings with these ids, with just what the profile rules read (one query)."""
    return list(Opportunity.objects.filter(pk__in=list(ids)).only(*RULE_COLUMNS))


def interests_by_resident(resident_ids=None, *, profiles=None) -> dict[int, tuple[ResidentProfile, Interests]]:
    """Each resident's profile and interests (two queries whatever their number): `resident_ids`, or `profiles`, a
    queryset of ResidentProfile."""
    if profiles is None:
        profiles = ResidentProfile.objects.filter(user_id__in=list(resident_ids))
    profiles = list(
        profiles.only(
            "user_id", "date_of_birth", "lives_in_hackney", "studied_in_hackney", "interested_kinds", "hours",
            "attendance",
        )
    )  # fmt: skip
    links = ResidentProfile.interested_sectors.through.objects.filter(
        residentprofile_id__in=[p.user_id for p in profiles]
    ).values_list("residentprofile_id", "sector_id")
    sectors = defaultdict(set)
    for profile_id, sector_id in links:
        sectors[profile_id].add(sector_id)
    return {p.user_id: (p, interests_of(p, sectors[p.user_id])) for p in profiles}


def profile_matches(profiles: dict, listings: list[Opportunity], *, today) -> dict[int, list[int]]:
    """resident id -> ids of the listings their profile fits, for profiles with at least one interest given."""
    cells: dict[tuple, list[Opportunity]] = defaultdict(list)
    sectors = set()
    for listing in listings:
        cells[(listing.kind, listing.sector_id)].append(listing)
        sectors.add(listing.sector_id)
    found = {}
    for resident_id, (profile, interests) in profiles.items():
        if not interests.any_given:
            continue
        kinds = interests.kinds or Kind.values
        wanted_sectors = interests.sector_ids or sectors
        fits = [
            listing.pk
            for kind in kinds
            for sector_id in wanted_sectors
            for listing in cells.get((kind, sector_id), ())
            if profile_fits(profile, interests, listing, today=today)
        ]
        if fits:
            found[resident_id] = fits
    return found
