"""The catalogue cache: what every visitor shares (counts, "closing soon", a search's results) is cached under the
catalogue's version, so a change shows on the very next request; with Redis and with local memory; and with
Redis stopped every page still answers, uncached."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from opportunities import caching, search
from opportunities.caching import catalogue_version
from opportunities.models import CatalogueVersion, Kind, Status
from opportunities.services import (
    opportunities_close_expired,
    opportunity_approve,
    opportunity_archive,
    opportunity_reject,
    opportunity_submit,
)
from tests.factories import OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db

REDIS = "config.cache.SharedClientRedisCache"  # what config.settings uses with a CACHE_URL
LOCAL = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture(params=["redis", "local memory"])
def cache_on(request, settings):
    """The cache as production has it (Redis), or as a machine without Redis has it (local memory)."""
    if request.param == "redis":
        assert settings.REDIS_URL, "the suite runs with Redis (bin/services.py)"
        settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": settings.REDIS_URL, "KEY_PREFIX": "test"}}
    else:
        settings.CACHES = {"default": {"BACKEND": LOCAL}}
    cache.clear()
    return request.param


def shown(client, path="/opportunities/", **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def every_page(client) -> str:
    """Search, a search with a word, home and the feed, as one text."""
    return "".join(
        [shown(client), shown(client, q="plumber"), shown(client, "/"), shown(client, "/opportunities/feed/")]
    )


def test_each_change_moves_the_version_on_in_its_own_transaction():
    before = catalogue_version()
    listing = OpportunityFactory()  # published: its search entry refreshed
    after = catalogue_version()
    assert after.token != before.token and after.changed_at >= before.changed_at
    search.refresh([listing.pk])
    assert catalogue_version().token != after.token
    CatalogueVersion.objects.all().delete()  # lost: nothing is cached, and the next change makes it again
    assert catalogue_version() is None
    search.refresh([listing.pk])
    assert catalogue_version() is not None


def test_a_second_visitor_is_served_the_counts_and_results_from_the_cache(client, cache_on):
    OpportunityFactory.create_batch(3)
    shown(client)
    shown(client, "/")
    with CaptureQueriesContext(connection) as first_visit:
        shown(client, q="assistant")
    with CaptureQueriesContext(connection) as second_visit:
        assert "Customer service assistant" in shown(client, q="assistant")
    # The facet counts and the page's ids are not asked again: the version, the rows, the filters' choices.
    assert len(second_visit) < len(first_visit)
    assert not searched(second_visit) and searched(first_visit)
    with CaptureQueriesContext(connection) as home_again:
        shown(client, "/")
    assert not searched(home_again)


def searched(queries) -> bool:
    """Whether any of these queries read the search entries (counts, a page of ids)."""
    return any("opportunities_searchentry" in query["sql"] for query in queries.captured_queries)


def test_a_listing_approved_shows_on_the_very_next_request(client, cache_on, partner_a, staff_user):
    OpportunityFactory(title="Trainee plumber")
    before = every_page(client)
    assert "Apprentice plumber" not in before
    listing = OpportunityFactory(
        title="Apprentice plumber", organisation=partner_a.memberships.first().organisation, status=Status.SUBMITTED
    )
    assert "Apprentice plumber" not in every_page(client)  # submitted: not in the catalogue yet
    opportunity_approve(opportunity=listing, by=staff_user)
    after = every_page(client)
    assert after.count("Apprentice plumber") >= 3  # search, the word search and the feed
    assert "Apprentice plumber" in shown(client, listing.get_absolute_url())


def test_a_listing_edited_withdrawn_and_approved_again_shows_each_time(client, cache_on, partner_a, staff_user):
    listing = OpportunityFactory(title="Trainee plumber", organisation=partner_a.memberships.first().organisation)
    assert "Trainee plumber" in every_page(client)
    listing.title = "Senior plumber"
    opportunity_submit(opportunity=listing, by=partner_a)  # an edit goes back to the moderators
    page = every_page(client)
    assert "Trainee plumber" not in page and "Senior plumber" not in page
    opportunity_approve(opportunity=listing, by=staff_user)
    page = every_page(client)
    assert "Senior plumber" in page and "Trainee plumber" not in page
    opportunity_archive(opportunity=listing, by=partner_a)
    assert "Senior plumber" not in every_page(client)


def test_a_rejected_edit_and_the_nightly_sweep_take_listings_out_at_once(client, cache_on, partner_a, staff_user):
    organisation = partner_a.memberships.first().organisation
    edited = OpportunityFactory(title="Trainee plumber", organisation=organisation)
    closing = OpportunityFactory(title="Trainee electrician", closing_date=timezone.localdate())
    assert "Trainee plumber" in every_page(client) and "Trainee electrician" in every_page(client)
    opportunity_submit(opportunity=edited, by=partner_a)
    opportunity_reject(opportunity=edited, by=staff_user, reason="The pay is below the minimum wage.")
    assert "Trainee plumber" not in every_page(client)
    opportunities_close_expired()
    assert "Trainee electrician" in every_page(client)  # open until the end of its closing date
    closing.closing_date = timezone.localdate() - timedelta(days=1)
    closing.save(update_fields=["closing_date"])
    opportunities_close_expired()
    assert "Trainee electrician" not in every_page(client)


def test_home_counts_follow_the_catalogue(client, cache_on, staff_user):
    OpportunityFactory(kind=Kind.APPRENTICESHIP)
    counts = shown(client, "/")
    listing = OpportunityFactory(kind=Kind.APPRENTICESHIP, status=Status.SUBMITTED)
    assert shown(client, "/") == counts
    opportunity_approve(opportunity=listing, by=staff_user)
    assert shown(client, "/") != counts


def test_signed_in_visitors_share_results_but_never_each_others_page(client, cache_on):
    from residents.models import ResidentProfile

    OpportunityFactory(title="Apprentice plumber", kind=Kind.APPRENTICESHIP)
    amara, sam = UserFactory(role=Role.RESIDENT), UserFactory(role=Role.RESIDENT)
    ResidentProfile.objects.create(user=amara, interested_kinds=[Kind.APPRENTICESHIP])
    client.force_login(amara)
    assert "Recommended for you" in shown(client, "/") and "Sign out" in shown(client)
    client.force_login(sam)
    for path in ("/opportunities/", "/"):
        page = shown(client, path)
        assert "Recommended for you" not in page and "Apprentice plumber" in page and "Sign out" in page
    client.logout()
    for path in ("/opportunities/", "/"):
        page = shown(client, path)
        assert "Sign out" not in page and "Recommended for you" not in page and "Apprentice plumber" in page


def test_with_the_cache_stopped_every_catalogue_page_answers_uncached(client, settings, staff_user, caplog):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0", "KEY_PREFIX": "test"}}
    listing = OpportunityFactory(title="Trainee plumber")
    assert "Trainee plumber" in every_page(client)
    assert "Trainee plumber" in shown(client, listing.get_absolute_url())
    assert "catalogue cache failed" in caplog.text
    submitted = OpportunityFactory(title="Apprentice joiner", status=Status.SUBMITTED)
    opportunity_approve(opportunity=submitted, by=staff_user)
    assert "Apprentice joiner" in every_page(client)
    caching._resting_until = 0.0  # whatever the rest, the pages were right


def test_while_the_cache_rests_after_a_failure_it_is_not_asked(settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0", "KEY_PREFIX": "test"}}
    OpportunityFactory()
    version = catalogue_version()
    asked = []
    real_get = caching._get

    def counting_get(key):
        asked.append(caching._resting())
        return real_get(key)

    monkeypatch.setattr(caching, "_get", counting_get)
    assert caching.cached("x", 1, lambda: "computed", version=version) == "computed"
    assert caching._resting()  # the failure put it to rest
    monkeypatch.setattr(caching, "cache", None)  # any use of the cache now would be an error
    assert caching.cached("x", 1, lambda: "again", version=version) == "again"
    caching._resting_until = 0.0


# Whole pages, for visitors who are not signed in ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/opportunities/?kind=job", "/", "LISTING"])
def test_a_page_everyone_sees_alike_is_built_once_then_served_from_the_cache(client, cache_on, path):
    listing = OpportunityFactory(title="Trainee plumber")
    path = listing.get_absolute_url() if path == "LISTING" else path
    first = client.get(path)
    with CaptureQueriesContext(connection) as again:
        second = client.get(path)
    assert second.status_code == 200 and second.content == first.content
    assert len(again) == 1  # the catalogue's version, nothing else
    assert second["Cache-Control"] == "public, no-cache" and "Cookie" in second["Vary"]
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]


def test_a_browser_or_proxy_that_has_the_page_is_told_it_has_not_changed_until_it_has(client, cache_on, staff_user):
    OpportunityFactory(title="Trainee plumber")
    etag = client.get("/opportunities/")["ETag"]
    with CaptureQueriesContext(connection) as revalidated:
        not_modified = client.get("/opportunities/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag and len(revalidated) == 1
    listing = OpportunityFactory(title="Apprentice joiner", status=Status.SUBMITTED)
    opportunity_approve(opportunity=listing, by=staff_user)
    changed = client.get("/opportunities/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag and "Apprentice joiner" in changed.content.decode()


def test_signed_in_pages_are_private_and_never_come_from_the_shared_cache(client, cache_on):
    listing = OpportunityFactory(title="Trainee plumber")
    paths = ["/opportunities/", "/", listing.get_absolute_url()]
    anonymous = {path: client.get(path).content for path in paths}
    client.force_login(UserFactory(role=Role.RESIDENT))
    for path in paths:
        response = client.get(path)
        assert response.content != anonymous[path] and b"Sign out" in response.content
        assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    client.logout()
    for path in paths:
        assert b"Sign out" not in client.get(path).content


def test_a_visitor_with_a_message_waiting_gets_a_page_of_their_own(client, cache_on):
    OpportunityFactory(title="Trainee plumber")
    shared = client.get("/").content
    client.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as own:
        assert client.get("/").status_code == 200
    assert len(own) > 1 and shared  # built, not served from the cache


def test_a_missing_listing_is_a_404_and_is_not_cached(client, cache_on):
    assert client.get("/opportunities/no-such-listing/").status_code == 404
    assert client.get("/opportunities/no-such-listing/").status_code == 404


def test_a_sector_renamed_shows_on_the_very_next_request(client, cache_on):
    from opportunities.models import Sector

    OpportunityFactory(title="Trainee plumber")
    sector = Sector.objects.first()
    before = client.get("/opportunities/").content.decode()
    sector.name = "Plumbing and heating, renamed"
    sector.save()
    after = client.get("/opportunities/").content.decode()
    assert "Plumbing and heating, renamed" in after and "Plumbing and heating, renamed" not in before


def test_the_filter_panels_lists_are_read_once_per_catalogue_version(client, cache_on):
    OpportunityFactory(title="Trainee plumber")
    client.force_login(UserFactory(role=Role.RESIDENT))  # a page built for them, the lists shared
    shown(client, q="plumber")
    with CaptureQueriesContext(connection) as another_search:
        page = shown(client, q="joiner")
    assert "Anywhere in Hackney" in page and "Any programme" in page
    lists = ("opportunities_ward", "opportunities_programme", "opportunities_prioritygroup")
    assert not [q["sql"] for q in another_search.captured_queries if any(t in q["sql"] for t in lists)]


def test_a_sweep_that_closes_nothing_keeps_the_cache():
    OpportunityFactory()
    before = catalogue_version()
    assert opportunities_close_expired() == 0
    assert catalogue_version() == before


def test_the_redis_cache_keeps_one_client_for_each_pool(settings):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": settings.REDIS_URL, "KEY_PREFIX": "test"}}
    cache.set("shared-client", [1, 2], 10)
    assert cache.get("shared-client") == [1, 2]
    client = cache._cache.get_client(write=True)
    assert client is cache._cache.get_client(write=True)  # not a new client (and callbacks table) for every call
    assert client.connection_pool is cache._cache._get_connection_pool(True)
