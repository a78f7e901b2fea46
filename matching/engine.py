"""Matching as set work: which residents' saved searches and profiles fit a set of new listings.

Saved searches: residents who saved the same search share one canonical query string, and each distinct query is
run once, through the catalogue's own FilterSet filters (`/opportunities/`'s search code, `searches.SavedQueries`),
over only the new listings' search entries; a hundred queries go to the database as one UNION ALL.

Profiles: the new listings are read once and numbered; each profile rule (`rules.RULES`) is asked of every listing
once per distinct value of the facet it reads (a set of kinds, an age and Hackney connection...), which gives a bitset
of the listings it lets through. A profile's listings are the AND of its facets' bitsets: thousands of residents cost
a few big-integer operations each, not a rule call per resident and listing.
"""

from collections import defaultdict
from functools import partial
from itertools import islice

from django.db.models import Value
from django.http import QueryDict

from opportunities.models import Opportunity
from residents.models import ResidentProfile

from .background import Background
from .rules import RULES, Interests, facets, interests_of
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


def search_matches(queries, entries, *, only=None, background: bool = False) -> dict[str, list[int]]:
    """For each distinct query, the ids of the search entries among `entries` it finds, as `/opportunities/` would
    find them today. `only`, the search entry of the one listing `entries` holds (instant alerts): queries naming
    other kinds or sectors are skipped before their FilterSet is built (most of them, and most of the time).
    `background`: a digest's thousands of queries run on a second thread while the next hundred are built.

    A query the catalogue no longer accepts in full (a sector since removed) finds nothing: run without the
    filter it lost, it would send listings the resident never asked for.
    """
    found: dict[str, list[int]] = defaultdict(list)
    queries = sorted({query for query in queries if only is None or _could_find(query, only)})
    saved = SavedQueries()
    with Background(ahead=4, threaded=background) as database:
        for batch in _batches(queries, UNION_BATCH):
            parts = []
            for index, query in enumerate(batch):
                finds = saved.find(query, entries)
                if finds is not None:
                    parts.append(finds.annotate(search=Value(index)).values_list("search", "opportunity_id"))
            if parts:
                rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
                database.submit(partial(_found_by, batch, rows))
    for batch, rows in database.results:
        for index, opportunity_id in rows:
            found[batch[index]].append(opportunity_id)
    return found


def _found_by(batch: list[str], rows) -> tuple[list[str], list]:
    return batch, list(rows)


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
    """resident id -> ids of the listings their profile fits (in the order given), for profiles with at least one
    interest given."""
    every = (1 << len(listings)) - 1
    masks: list[dict] = [{} for _ in RULES]  # per rule: facet value -> bitset of the listings it lets through
    found = {}
    for resident_id, (profile, interests) in profiles.items():
        if not interests.any_given:
            continue
        fits = every
        for rule, value, known in zip(RULES, facets(profile, interests, today=today), masks, strict=True):
            if (mask := known.get(value)) is None:
                mask = known[value] = _bitset(listings, partial(rule, value, today=today))
            if not (fits := fits & mask):
                break
        if fits:
            found[resident_id] = [listings[index].pk for index in _members(fits)]
    return found


def _bitset(listings: list, holds) -> int:
    """Bit i is set when `holds(listings[i])`."""
    return int("".join("1" if holds(listing) else "0" for listing in reversed(listings)) or "0", 2)


def _members(bits: int) -> list[int]:
    """The indexes of the bits set, lowest first."""
    members = []
    while bits:
        lowest = bits & -bits
        members.append(lowest.bit_length() - 1)
        bits ^= lowest
    return members
