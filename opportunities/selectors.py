"""Reads of the catalogue shared by the search page, the feed and the home page."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, QuerySet
from django.utils.functional import cached_property

from . import caching, search
from .caching import Version
from .filters import OpportunityFilter
from .models import PAY_SORT_KEY, Kind, Level, Opportunity, SearchEntry

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Results a search pages through at most: deeper pages cost a scan of every result before them, and nobody reads
# the 40,000th result of a search; the count still says how many there are, and the filters narrow them.
MAX_RESULTS = 1000
# The filters whose options are read from the database, for the filter panel's selects.
CHOICE_LISTS = ("ward", "programme", "priority")

# The columns a result row shows: nothing else is loaded for a list (descriptions can be long).
LIST_COLUMNS = (
    "id",
    "slug",
    "kind",
    "title",
    "summary",
    "closing_date",
    "published_at",
    "pay_min",
    "pay_max",
    "pay_period",
    "hourly_pay_min",
    "hours_per_week",
    "attendance",
    "postcode",
    "start_date",
    "flexible_start",
    "status",
    "organisation__id",
    "organisation__name",
    "ward__id",
    "ward__name",
)


# Each sort as the columns it orders by, most significant first, and whether each is descending. `order` sorts a
# queryset by them (each has an index that reads in that order); the one-pass text search sorts its matches by the
# same columns.
SORT_COLUMNS = {
    "relevance": (("rank", True), ("published_at", True), ("opportunity_id", True)),
    "newest": (("published_at", True), ("opportunity_id", True)),
    "closing": (("closing_date", False), ("published_at", True), ("opportunity_id", True)),
    "pay": (("pay_key", True), ("published_at", True), ("opportunity_id", True)),
}


def _sortable(entries: QuerySet, sort: str, q: str) -> tuple[QuerySet, tuple]:
    """The entries with what `sort` orders by annotated (the rank, the pay key), and its columns. Relevance without
    search words is newest first; an unknown sort is too."""
    if sort == "relevance" and search.clean_query(q):
        return search.with_rank(entries, q), SORT_COLUMNS["relevance"]
    if sort == "pay":
        return entries.annotate(pay_key=PAY_SORT_KEY), SORT_COLUMNS["pay"]
    return entries, SORT_COLUMNS["closing" if sort == "closing" else "newest"]


def order(entries: QuerySet, sort: str, q: str) -> QuerySet:
    """Search entries in the order of one of the sorts."""
    entries, columns = _sortable(entries, sort, q)
    return entries.order_by(*(F(name).desc() if desc else F(name).asc(nulls_last=True) for name, desc in columns))


class KnownCountPaginator(Paginator):
    """A paginator told its count, so that the page costs no separate COUNT query, and with at most `max_results`
    to page through (None: all of them)."""

    def __init__(self, object_list, per_page, *, count: int, max_results: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count
        self._max_results = max_results

    @cached_property
    def count(self):
        return self._known_count

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return pages if self._max_results is None else min(pages, max(1, -(-self._max_results // self.per_page)))


@dataclass
class Facet:
    value: str
    label: str
    count: int | None
    selected: bool


@dataclass
class CatalogueSearch:
    filterset: OpportunityFilter
    page: Page
    kinds: list[Facet]
    sectors: list[Facet]
    levels: list[Facet]
    total: int
    sort: str
    errors: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # the selects' options, by filter


def page_number(raw: str | None) -> tuple[int, str | None]:
    if raw in (None, ""):
        return 1, None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1, "The page number was not recognised, so this is the first page of results."
    if number < 1:
        return 1, "The page number was not recognised, so this is the first page of results."
    return number, None


def _facets(filterset: OpportunityFilter, base: QuerySet, cleaned: dict, *, sector_list) -> tuple:
    """Counts by kind and by sector, and the total, from one grouped query.

    Each facet ignores its own filter (the count beside an option is what choosing it would give), so the
    query groups by (kind, sector) over everything else and the sums are taken here: the kind counts keep
    the chosen sectors, the sector counts keep the chosen kinds, and the total keeps both.
    """
    pairs = (
        filterset.filter_except(base, {"kind", "sector"})
        .order_by()
        .values_list("kind", "sector")
        .annotate(n=Count("*"))
    )
    return _facet_sums(pairs, cleaned, sector_list=sector_list)


def _facet_sums(pairs, cleaned: dict, *, sector_list) -> tuple:
    """The kind and sector facets and the total from (kind, sector id, count) for everything but those two filters."""
    chosen_kinds = set(cleaned.get("kind") or [])
    chosen_sectors = {s.pk for s in cleaned.get("sector") or []}
    kind_counts: dict[str, int] = {}
    sector_counts: dict[int, int] = {}
    total = 0
    for kind, sector_id, n in pairs:
        kind_matches = not chosen_kinds or kind in chosen_kinds
        sector_matches = not chosen_sectors or sector_id in chosen_sectors
        if sector_matches:
            kind_counts[kind] = kind_counts.get(kind, 0) + n
        if kind_matches:
            sector_counts[sector_id] = sector_counts.get(sector_id, 0) + n
        if kind_matches and sector_matches:
            total += n
    kinds = [Facet(k.value, k.label, kind_counts.get(k.value, 0), k.value in chosen_kinds) for k in Kind]
    sectors = [Facet(s.slug, s.name, sector_counts.get(s.pk, 0), s.pk in chosen_sectors) for s in sector_list]
    return kinds, sectors, total


# A text search in one pass over its matches: the matches of every filter but kind and sector are found once (the
# words' index, then each match's row, which is most of the time for a broad word) and kept; the facet counts are
# taken from them, and the page is the kept matches of the chosen kinds and sectors in the sort's order.
_SINGLE_SCAN_SQL = """
WITH matches AS MATERIALIZED ({matches})
SELECT
    (SELECT coalesce(json_agg(json_build_array(kind, sector_id, n)), '[]')
     FROM (SELECT kind, sector_id, count(*) AS n FROM matches GROUP BY kind, sector_id) AS counts),
    ARRAY(SELECT opportunity_id FROM matches WHERE {chosen} ORDER BY {order} LIMIT %s OFFSET %s)
"""


def _one_pass(filterset: OpportunityFilter, base: QuerySet, cleaned: dict, sort: str, q: str, offset: int, limit: int):
    """(kind, sector id, count) for everything but the kind and sector filters, and the ids of one page."""
    matches, columns = _sortable(filterset.filter_except(base, {"kind", "sector"}), sort, q)
    names = dict.fromkeys(("opportunity_id", "kind", "sector_id", *(name for name, _ in columns)))
    matches_sql, matches_params = matches.order_by().values(*names).query.sql_with_params()
    chosen, chosen_params = ["TRUE"], []
    if cleaned.get("kind"):
        chosen.append("kind = ANY(%s)")
        chosen_params.append(list(cleaned["kind"]))
    if cleaned.get("sector"):
        chosen.append("sector_id = ANY(%s)")
        chosen_params.append([sector.pk for sector in cleaned["sector"]])
    sql = _SINGLE_SCAN_SQL.format(
        matches=matches_sql,
        chosen=" AND ".join(chosen),
        order=", ".join(f'"{name}" {"DESC" if desc else "ASC NULLS LAST"}' for name, desc in columns),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matches_params, *chosen_params, limit, offset])
        pairs, ids = cursor.fetchone()
    return pairs, ids


def catalogue_search(data, *, page_size: int = PAGE_SIZE, version: Version | None = None) -> CatalogueSearch:
    """Filter, count by kind and sector, order and paginate the visible catalogue for one query string.

    Three queries over the listings whatever the page size: the facet counts (which also give the total),
    the ids on the page and those rows; plus the small reference lists the filters show. With the catalogue's
    `version`, the counts and the page's ids come from the cache when this query string was asked before since the
    catalogue last changed (everyone shares them; only the rows are read).
    """
    base = SearchEntry.objects.visible()
    filterset = OpportunityFilter(data, queryset=base)
    filterset.is_valid()  # invalid values are dropped from cleaned_data and reported in `errors` below
    notices = []
    cleaned = filterset.form.cleaned_data
    q = cleaned.get("q") or ""
    if len(q) > search.MAX_QUERY_LENGTH:
        notices.append(f"Your search was too long, so only the first {search.MAX_QUERY_LENGTH} characters were used.")
    sort = cleaned.get("sort") or ("relevance" if search.clean_query(q) else "newest")

    number, page_notice = page_number(data.get("page"))
    if page_notice:
        notices.append(page_notice)
    per_page = min(page_size, MAX_PAGE_SIZE)

    def counted_and_paged():
        sector_list = filterset.form.fields["sector"].queryset
        # The page is found as ids among the narrow search entries, then only those listings are read.
        ids = order(filterset.qs, sort, q).values_list("opportunity_id", flat=True)
        if search.clean_query(q) and search.is_postgres():
            bounded = min(number, -(-MAX_RESULTS // per_page))
            pairs, first_ids = _one_pass(filterset, base, cleaned, sort, q, (bounded - 1) * per_page, per_page)
            kinds, sectors, total = _facet_sums(pairs, cleaned, sector_list=sector_list)
            page = KnownCountPaginator(ids, per_page, count=total, max_results=MAX_RESULTS).get_page(number)
            if page.number == bounded:  # the page asked for exists: it is the one just read
                return kinds, sectors, total, page.number, first_ids
        else:
            kinds, sectors, total = _facets(filterset, base, cleaned, sector_list=sector_list)
            page = KnownCountPaginator(ids, per_page, count=total, max_results=MAX_RESULTS).get_page(number)
        return kinds, sectors, total, page.number, list(page.object_list)

    lists = data.lists() if hasattr(data, "lists") else ((name, [value]) for name, value in data.items())
    asked = (sorted((name, tuple(values)) for name, values in lists if name != "page"), number, per_page)
    kinds, sectors, total, shown_number, ids = caching.cached("search", asked, counted_and_paged, version=version)
    paginator = KnownCountPaginator([], per_page, count=total, max_results=MAX_RESULTS)
    if shown_number < number and shown_number == paginator.num_pages < -(-total // per_page):
        notices.append(
            f"Only the first {MAX_RESULTS:,} results can be shown, so this is the last page of them. "
            "Narrow your search with the filters to see the others."
        )
    page = Page(rows_in_order(ids), shown_number, paginator)

    chosen_levels = set(cleaned.get("level") or [])
    levels = [Facet(str(level.value), level.label, None, str(level.value) in chosen_levels) for level in Level]
    errors = [
        {"href": _field_anchor(name, kinds, sectors, levels), "text": message}
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]
    choices = _choices(filterset, version=version)
    return CatalogueSearch(filterset, page, kinds, sectors, levels, total, sort, errors, notices, choices)


def _choices(filterset: OpportunityFilter, *, version: Version | None) -> dict[str, list[tuple[str, str]]]:
    """The filter panel's lists (wards, programmes, groups) as its selects show them, read once per catalogue
    version (changing one moves the version on) rather than on every search."""

    def read() -> dict[str, list[tuple[str, str]]]:
        fields = filterset.form.fields
        return {name: [(str(value), label) for value, label in fields[name].choices] for name in CHOICE_LISTS}

    return caching.cached("choices", (), read, version=version)


def _field_anchor(name: str, kinds, sectors, levels) -> str:
    """Where an error summary link goes: the field itself, or the first box of a list of check boxes."""
    boxes = {"kind": kinds, "sector": sectors, "level": levels}.get(name)
    if boxes:
        return f"#{name}-{boxes[0].value}"
    return f"#id_{name}"


def newest_matching(data, *, limit: int = 50) -> list[Opportunity]:
    """The newest visible listings for a query string's filters (invalid values ignored), without counts."""
    filterset = OpportunityFilter(data, queryset=SearchEntry.objects.visible())
    filterset.is_valid()
    return rows_in_order(list(order(filterset.qs, "newest", "").values_list("opportunity_id", flat=True)[:limit]))


def rows_in_order(ids: list[int]) -> list[Opportunity]:
    """The listings with these ids, in this order, with just what a result row shows."""
    listings = Opportunity.objects.filter(pk__in=ids).select_related("organisation", "ward").only(*LIST_COLUMNS)
    rows = {row.pk: row for row in listings}
    return [rows[pk] for pk in ids if pk in rows]


def closing_soon(limit: int = 5, *, version: Version | None = None) -> list[Opportunity]:
    def soonest() -> list[int]:
        entries = SearchEntry.objects.visible().filter(closing_date__isnull=False)
        return list(order(entries, "closing", "").values_list("opportunity_id", flat=True)[:limit])

    return rows_in_order(caching.cached("closing_soon", limit, soonest, version=version))


def kind_counts(*, version: Version | None = None) -> dict[str, int]:
    def counted() -> dict[str, int]:
        return dict(SearchEntry.objects.visible().order_by().values_list("kind").annotate(n=Count("*")))

    return caching.cached("kind_counts", (), counted, version=version)


@dataclass(frozen=True)
class Eligibility:
    """Whether a resident can apply for a listing, and if not, why, in words they can act on."""

    reasons: tuple[str, ...] = ()
    # True when a reason would go away by adding a date of birth or Hackney connection to the profile.
    profile_can_fix: bool = False

    @property
    def can_apply(self) -> bool:
        return not self.reasons


def eligibility_for(*, opportunity: Opportunity, profile, today) -> Eligibility:
    """Check a listing's rules (open, age range, Hackney connection) against a resident's profile."""
    if not opportunity.is_open_on(today):
        return Eligibility(("This opportunity has closed.",))
    reasons, fixable = [], False
    low, high = opportunity.min_age, opportunity.max_age
    if low is not None or high is not None:
        age = profile.age_on(today)
        wanted = age_range_words(low, high)
        if age is None:
            reasons.append(f"It is for people aged {wanted}. Add your date of birth to your profile to apply.")
            fixable = True
        elif (low is not None and age < low) or (high is not None and age > high):
            reasons.append(f"It is for people aged {wanted}, and you are {age}.")
    if opportunity.hackney_connection_required and not profile.hackney_connection:
        reasons.append(
            "It is only for people who live in Hackney or went to school or college in Hackney. "
            "If you do, say so in your profile."
        )
        fixable = True
    return Eligibility(tuple(reasons), fixable)


def age_range_words(low, high) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"{low} or over" if low is not None else f"{high} or under"
