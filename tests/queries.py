"""Counting a page's queries as its rows grow: every list page and loop over rows must cost the same for few and
many rows (no query per row)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, grow, sizes=(2, 12)) -> list[int]:
    """The queries of one GET of `url` after `grow(size)` adds rows, for each size in turn."""
    counts = []
    for size in sizes:
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return counts
