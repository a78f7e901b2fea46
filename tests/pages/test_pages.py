from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities.models import Kind
from pages.guidance import BY_SLUG, GUIDES
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_home_has_search_kinds_with_counts_and_closing_soon(client):
    OpportunityFactory.create_batch(2, kind=Kind.APPRENTICESHIP, level=3)
    soon = OpportunityFactory(title="Closing tomorrow", closing_date=timezone.localdate() + timedelta(days=1))
    page = client.get("/").content.decode()
    assert 'action="/opportunities/"' in page and 'name="q"' in page
    assert "?kind=apprenticeship" in page and "(2)" in page
    assert soon.title in page


def test_home_query_count_is_constant(client):
    counts = []
    for batch in (2, 12):
        OpportunityFactory.create_batch(batch, closing_date=timezone.localdate() + timedelta(days=2))
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4  # the catalogue's version, kind counts, closing-soon ids, those rows


def test_guidance_index_and_pages(client):
    assert len(GUIDES) >= 4
    index = client.get("/guidance/").content.decode()
    for guide in GUIDES:
        assert f"/guidance/{guide.slug}/" in index
    for slug, guide in BY_SLUG.items():
        response = client.get(f"/guidance/{slug}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<h1") == 1 and guide.title in page
        assert len(page) > 4000  # real advice, not a placeholder
    assert client.get("/guidance/nope/").status_code == 404


def test_healthz_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"


def test_healthz_is_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


def test_every_page_has_skip_link_and_one_h1(client):
    listing = OpportunityFactory()
    for url in ("/", "/opportunities/", listing.get_absolute_url(), "/guidance/", "/guidance/cv/", "/nope/"):
        page = client.get(url).content.decode()
        assert 'class="govuk-skip-link"' in page and page.count("<h1") == 1, url


def test_page_titles_name_the_page_and_the_service(client):
    assert "<title>Find opportunities – Hackney Opportunities</title>" in client.get("/opportunities/").content.decode()
    home = client.get("/").content.decode()
    assert "<title>Find work, training and support in Hackney – Hackney Opportunities</title>" in home
