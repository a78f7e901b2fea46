"""Full-text search over the catalogue, in one place.

Search reads `SearchEntry`, one narrow row per published listing, kept by `refresh` whenever a listing's
status, content or organisation changes.

PostgreSQL: two `tsvector`s per entry. `search_vector` holds every word (title A, summary B, organisation
C, description D) and answers "does it match?" through a GIN index. `rank_vector` holds the title, summary
and organisation with the same weights and answers "how well?" with `ts_rank`, which then reads a fifth of
the words it would read in the full vector. A listing that matches only in its description ranks 0, after
every title, summary or organisation match, newest first. Queries use `websearch_to_tsquery` (quotes,
`or`, `-word`), which never raises on syntax.

SQLite (only the zero-setup `make run` default): entries without vectors; matching is `icontains` on the
listing's title and summary, with title matches first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Now

# Long queries cost time and never help: anything beyond this is cut before it reaches the database.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

# The listing columns copied into each entry, in the same names.
ENTRY_COLUMNS = (
    "kind",
    "sector_id",
    "ward_id",
    "level",
    "attendance",
    "hourly_pay_min",
    "hours_per_week",
    "min_age",
    "max_age",
    "closing_date",
    "published_at",
)

_INSERT_SQL = """
INSERT INTO opportunities_searchentry (opportunity_id, {columns}, rank_vector, search_vector)
SELECT o.id, {o_columns}, v.headline,
       v.headline || setweight(to_tsvector('english', coalesce(o.description, '')), 'D')
FROM opportunities_opportunity AS o
JOIN organisations_organisation AS org ON org.id = o.organisation_id
CROSS JOIN LATERAL (
    SELECT setweight(to_tsvector('english', coalesce(o.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(o.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(org.name, '')), 'C') AS headline
) AS v
WHERE o.status = 'published' {where}
ON CONFLICT (opportunity_id) DO UPDATE SET {updates}
""".format(
    columns=", ".join(ENTRY_COLUMNS),
    o_columns=", ".join(f"o.{c}" for c in ENTRY_COLUMNS),
    where="{where}",
    # Two refreshes of one listing at once (an approval while its organisation is renamed): the later wins.
    updates=", ".join(f"{c} = EXCLUDED.{c}" for c in (*ENTRY_COLUMNS, "rank_vector", "search_vector")),
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@transaction.atomic
def refresh(ids=None) -> None:
    """Bring the search entries of these listings (of every listing when `ids` is None) up to date.

    A published listing gets a fresh entry; any other status has none, so it can't be found. The catalogue's
    version moves on in the same transaction, so nothing cached from before the change is served after it.
    """
    from .models import Opportunity, SearchEntry, Status

    if ids is not None and not ids:
        return  # nothing changed (a nightly sweep with nothing to close): the cache stays as it is
    catalogue_changed()
    entries = SearchEntry.objects.all() if ids is None else SearchEntry.objects.filter(opportunity_id__in=ids)
    entries.delete()
    if is_postgres():
        with connection.cursor() as cursor:
            if ids is None:
                cursor.execute(_INSERT_SQL.format(where=""))
            else:
                cursor.execute(_INSERT_SQL.format(where="AND o.id = ANY(%s)"), [list(ids)])
        return
    published = Opportunity.objects.filter(status=Status.PUBLISHED)
    if ids is not None:
        published = published.filter(pk__in=ids)
    SearchEntry.objects.bulk_create(
        (
            SearchEntry(opportunity_id=row["id"], **{c: row[c] for c in ENTRY_COLUMNS})
            for row in published.values("id", *ENTRY_COLUMNS).iterator()
        ),
        batch_size=1000,
    )


def catalogue_changed() -> None:
    """Move the catalogue's version on (its one row, made again if it was lost). The row stays locked until the
    change commits, so two changes commit one after the other, each with its own number."""
    from .models import CatalogueVersion

    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=Now()):
        CatalogueVersion.objects.get_or_create(pk=1)


def clean_query(q: str) -> str:
    return " ".join((q or "").split())[:MAX_QUERY_LENGTH]


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def matching(entries: QuerySet, q: str) -> QuerySet:
    """Keep the entries that match the search words `q` (all of them when `q` is empty)."""
    q = clean_query(q)
    if not q:
        return entries
    if is_postgres():
        return entries.filter(search_vector=_query(q))
    condition = Q()
    for word in q.split():
        condition &= Q(opportunity__title__icontains=word) | Q(opportunity__summary__icontains=word)
    return entries.filter(condition)


def with_rank(entries: QuerySet, q: str) -> QuerySet:
    """Annotate `rank` (higher is more relevant): ts_rank on PostgreSQL, title-before-summary on SQLite."""
    q = clean_query(q)
    if is_postgres():
        return entries.annotate(rank=SearchRank(F("rank_vector"), _query(q)))
    title_hits = Q()
    for word in q.split():
        title_hits &= Q(opportunity__title__icontains=word)
    return entries.annotate(rank=Case(When(title_hits, then=Value(1.0)), default=Value(0.0), output_field=FloatField()))
