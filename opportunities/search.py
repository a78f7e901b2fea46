"""Full-text search over the catalogue, in one place.

PostgreSQL: two `tsvector`s per listing, kept by `update_search_vectors`. `search_vector` holds every word
(title A, summary B, organisation C, description D) and answers "does it match?" through a GIN index;
it lives out of the row (TOAST), because description words make it large. `rank_vector` holds the title,
summary and organisation with the same weights and answers "how well?" with `ts_rank`; it is small and
stays in the row. A listing that matches only in its description ranks 0, after every title, summary or
organisation match, newest first. Queries use `websearch_to_tsquery` (quotes, `or`, `-word`).
SQLite (only the zero-setup `make run` default): a plain `icontains` on title and summary, no ranking.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

# Long queries cost time and never help: anything beyond this is cut before it reaches the database.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

_UPDATE_SQL = """
UPDATE opportunities_opportunity AS o
SET rank_vector = v.headline,
    search_vector = v.headline || setweight(to_tsvector('english', coalesce(o.description, '')), 'D')
FROM (
    SELECT x.id,
           setweight(to_tsvector('english', coalesce(x.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(x.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(org.name, '')), 'C') AS headline
    FROM opportunities_opportunity AS x
    JOIN partners_organisation AS org ON org.id = x.organisation_id
    {where}
) AS v
WHERE v.id = o.id
"""


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_search_vectors(ids=None) -> None:
    """Recompute the search vector of the given listings (all listings when `ids` is None)."""
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(_UPDATE_SQL.format(where=""))
        else:
            cursor.execute(_UPDATE_SQL.format(where="WHERE x.id = ANY(%s)"), [list(ids)])


def clean_query(q: str) -> str:
    return " ".join((q or "").split())[:MAX_QUERY_LENGTH]


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """Keep the listings that match the search words `q` (all listings when `q` is empty)."""
    q = clean_query(q)
    if not q:
        return queryset
    if is_postgres():
        return queryset.filter(search_vector=SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG))
    condition = Q()
    for word in q.split():
        condition &= Q(title__icontains=word) | Q(summary__icontains=word)
    return queryset.filter(condition)


def with_rank(queryset: QuerySet, q: str) -> QuerySet:
    """Annotate `rank` (higher is more relevant): ts_rank on PostgreSQL, title-before-summary on SQLite."""
    q = clean_query(q)
    if is_postgres():
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.annotate(rank=SearchRank(F("rank_vector"), query))
    title_hits = Q()
    for word in q.split():
        title_hits &= Q(title__icontains=word)
    return queryset.annotate(
        rank=Case(When(title_hits, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    )
