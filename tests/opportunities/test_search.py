"""Done-when 4 and 6: relevance, visibility, every filter, bad input, and constant query counts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities.models import Kind, PriorityGroup, Programme, Status
from tests.factories import OpportunityFactory, OrganisationFactory, sector, ward

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get("/opportunities/", params)
    assert response.status_code == 200
    return [item.title for item in response.context["result"].page.object_list]


@pytest.mark.postgres
def test_title_match_ranks_above_description_match(client):
    in_description = OpportunityFactory(
        title="Shop floor assistant",
        summary="Help in a shop.",
        description="Our team sells gardening tools and plants.",
    )
    in_title = OpportunityFactory(
        title="Gardening assistant", summary="Look after a community garden.", description="Outdoor work in a park."
    )
    assert titles(client, q="gardening") == [in_title.title, in_description.title]


@pytest.mark.postgres
def test_organisation_name_is_searchable_and_stemmed(client):
    org = OrganisationFactory(name="Clapton Carpentry Collective", slug="clapton-carpentry")
    listing = OpportunityFactory(organisation=org, title="Trainee joiner")
    assert titles(client, q="carpentry") == [listing.title]
    builders = OpportunityFactory(title="Builders' mate", summary="Building sites across Hackney.")
    assert builders.title in titles(client, q="build")


@pytest.mark.postgres
def test_web_search_syntax(client):
    weekend = OpportunityFactory(title="Retail assistant weekends")
    weekday = OpportunityFactory(title="Retail assistant weekdays")
    assert titles(client, q="retail -weekends") == [weekday.title]
    assert set(titles(client, q='"assistant weekends" or weekdays')) == {weekend.title, weekday.title}


@pytest.mark.parametrize("status", [s for s in Status if s != Status.PUBLISHED])
def test_unapproved_and_closed_listings_never_appear(client, status):
    OpportunityFactory(title="Visible plumber apprenticeship")
    OpportunityFactory(title="Hidden plumber apprenticeship", status=status)
    assert titles(client, q="plumber") == ["Visible plumber apprenticeship"]
    assert titles(client) == ["Visible plumber apprenticeship"]
    assert "Hidden plumber" not in client.get("/opportunities/feed/").content.decode()
    assert "Hidden plumber" not in client.get("/").content.decode()


def test_past_closing_date_is_hidden_even_before_the_nightly_sweep(client):
    OpportunityFactory(title="Expired role", closing_date=timezone.localdate() - timedelta(days=1))
    OpportunityFactory(title="Open today", closing_date=timezone.localdate())
    OpportunityFactory(title="Always open", closing_date=None)
    assert set(titles(client)) == {"Open today", "Always open"}


def test_each_filter_narrows_correctly(client):
    today = timezone.localdate()
    hackney_100 = Programme.objects.get(slug="hackney-100")
    care_leavers = PriorityGroup.objects.get(slug="care-experienced-young-people")
    base = OpportunityFactory(
        title="Base job",
        kind=Kind.JOB,
        sector=sector("retail-and-customer-service"),
        ward=ward("dalston"),
        pay_min=Decimal("12.00"),
        pay_max=Decimal("12.00"),
        hours_per_week=Decimal("37.5"),
        min_age=18,
        max_age=None,
        closing_date=today + timedelta(days=60),
    )
    special = OpportunityFactory(
        title="Special placement",
        kind=Kind.WORK_PLACEMENT,
        sector=sector("construction-and-trades"),
        ward=ward("hackney-wick"),
        pay_min=Decimal("15.00"),
        pay_max=Decimal("15.00"),
        hours_per_week=Decimal("10"),
        min_age=16,
        max_age=24,
        closing_date=today + timedelta(days=3),
        attendance="online",
        postcode="",
    )
    special.programmes.add(hackney_100)
    special.priority_groups.add(care_leavers)
    course = OpportunityFactory(
        title="Level 2 course",
        kind=Kind.COURSE,
        level=2,
        pay_min=None,
        pay_max=None,
        pay_period="",
        hours_per_week=Decimal("20"),
        closing_date=None,
    )
    everything = {base.title, special.title, course.title}
    assert set(titles(client)) == everything

    cases = {
        "kind": ("work_placement", {special.title}),
        "sector": ("construction-and-trades", {special.title}),
        "programme": ("hackney-100", {special.title}),
        "level": ("2", {course.title}),
        "pay": ("llw", {special.title}),
        "hours": ("up-to-16", {special.title}),
        "ward": ("hackney-wick", {special.title}),
        "online": ("yes", {special.title}),
        "age": ("17", {special.title, course.title}),
        "priority": ("care-experienced-young-people", {special.title}),
        "closing": ("7", {special.title}),
    }
    for name, (value, expected) in cases.items():
        assert set(titles(client, **{name: value})) == expected, name
    assert set(titles(client, hours="30-plus")) == {base.title}
    assert set(titles(client, hours="16-to-30")) == {course.title}
    assert set(titles(client, kind=["job", "course"])) == {base.title, course.title}
    assert set(titles(client, age="30")) == {base.title, course.title}


def test_sorting(client):
    today = timezone.localdate()
    late = OpportunityFactory(
        title="Late",
        closing_date=today + timedelta(days=50),
        pay_min=Decimal("20"),
        pay_max=Decimal("20"),
        published_at=timezone.now() - timedelta(days=5),
    )
    soon = OpportunityFactory(
        title="Soon",
        closing_date=today + timedelta(days=2),
        pay_min=Decimal("13"),
        pay_max=Decimal("13"),
        published_at=timezone.now(),
    )
    assert titles(client, sort="closing") == [soon.title, late.title]
    assert titles(client, sort="pay") == [late.title, soon.title]
    assert titles(client, sort="newest") == [soon.title, late.title]


def test_counts_beside_kinds_and_sectors(client):
    OpportunityFactory.create_batch(3, kind=Kind.JOB, sector=sector("retail-and-customer-service"))
    OpportunityFactory.create_batch(2, kind=Kind.VOLUNTEERING, sector=sector("charity-and-community"))
    result = client.get("/opportunities/", {"kind": "job"}).context["result"]
    kinds = {f.value: f.count for f in result.kinds}
    assert kinds["job"] == 3 and kinds["volunteering"] == 2  # other kinds keep their counts to choose from
    sectors = {f.value: f.count for f in result.sectors}
    assert sectors["retail-and-customer-service"] == 3 and sectors["charity-and-community"] == 0
    assert result.total == 3
    assert "Job (3)" in client.get("/opportunities/").content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999"},
        {"kind": "nope"},
        {"sector": "not-a-sector"},
        {"age": "abc"},
        {"age": "500"},
        {"sort": "sideways"},
        {"closing": "1000"},
        {"level": "99"},
        {"q": "x" * 5000},
        {"q": "a" * 199 + " & | ! ( ) :* <->"},
        {"q": "'\"\\;--"},
        {"ward": "\x00"},
        {"programme": "🙂"},
        {"hours": "lots"},
    ],
)
def test_bad_values_never_500(client, params):
    OpportunityFactory.create_batch(2)
    response = client.get("/opportunities/", params)
    assert response.status_code == 200
    assert client.get("/opportunities/feed/", params).status_code == 200


def test_bad_values_are_explained(client):
    OpportunityFactory()
    page = client.get("/opportunities/", {"kind": "nope", "page": "abc", "age": "old"}).content.decode()
    assert "There is a problem with your search" in page
    assert '<a href="#kind-job">Choose a type of opportunity from the list</a>' in page
    assert '<a href="#id_age">Enter your age as a whole number, like 19</a>' in page
    assert 'class="govuk-input govuk-input--width-3 govuk-input--error"' in page
    assert "Some of your search could not be used" in page
    assert "The page number was not recognised" in page
    long = client.get("/opportunities/", {"q": "plumber " * 600}).content.decode()
    assert "only the first 200 characters were used" in long


def test_no_results_page_suggests_what_to_change(client):
    page = client.get("/opportunities/", {"q": "astronaut"}).content.decode()
    assert "0 opportunities found" in page
    assert "remove some filters" in page and "Clear all filters" in page


def test_pagination_links_are_bounded(client):
    OpportunityFactory.create_batch(45)
    response = client.get("/opportunities/", {"page": "2"})
    page = response.content.decode()
    assert response.context["result"].page.number == 2
    assert 'aria-current="page"' in page and "page=3" in page and "page=1" in page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "assistant"},
        {"kind": "job", "sector": "retail-and-customer-service", "ward": "dalston", "pay": "llw", "age": "20"},
    ],
)
def test_query_count_does_not_grow_with_page_size(client, params):
    """Done-when 6: 5 listings or 60 listings on the page cost the same number of queries."""
    counts = []
    for batch in (5, 55):
        OpportunityFactory.create_batch(batch, sector=sector("retail-and-customer-service"), ward=ward("dalston"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/opportunities/", {**params, "page_size": "ignored"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # The catalogue's version, 4 small filter lists, sector list and validation, facets, page ids, rows.
    assert counts[0] <= 13, counts


def test_query_count_constant_for_larger_page_sizes(client):
    from opportunities.selectors import catalogue_search

    OpportunityFactory.create_batch(60)
    counts = []
    for size in (10, 50):
        with CaptureQueriesContext(connection) as queries:
            result = catalogue_search({}, page_size=size)
            [(o.organisation.name, o.ward and o.ward.name, o.title) for o in result.page.object_list]
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_deep_pages_stop_at_the_results_a_search_can_page_through(client, monkeypatch):
    from opportunities import selectors

    monkeypatch.setattr(selectors, "MAX_RESULTS", 40)  # two pages of 20
    OpportunityFactory.create_batch(50)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/opportunities/", {"page": "2000"})
    result = response.context["result"]
    assert result.page.number == 2 and result.page.paginator.num_pages == 2 and result.total == 50
    assert len(result.page.object_list) == 20 and not result.page.has_next()
    page = response.content.decode()
    assert "Only the first 40 results can be shown" in page and "page=3" not in page
    offsets = [int(n) for q in queries.captured_queries for n in re.findall(r"OFFSET (\d+)", q["sql"])]
    assert offsets and max(offsets) <= 20  # never a scan past the results it can show
    within = client.get("/opportunities/", {"page": "2"}).content.decode()
    assert "Only the first" not in within  # the last page reached by its own link says nothing more


def _text_search_catalogue():
    """24 listings that a search for "care" finds with different ranks, kinds, sectors, pay, closing dates and
    publication times (ties included), and 6 it doesn't."""
    today, now = timezone.localdate(), timezone.now()
    kinds = [Kind.JOB, Kind.APPRENTICESHIP, Kind.VOLUNTEERING]
    sectors = [sector("health-and-social-care"), sector("retail-and-customer-service")]
    for n in range(30):
        words = ["Care assistant", "Support worker", "Shop assistant"][n % 3] if n < 24 else "Warehouse operative"
        OpportunityFactory(
            title=f"{words} {n}",
            summary="Caring for older people at home." if n % 4 == 0 and n < 24 else "Helping people in Hackney.",
            description="Care and support." if n < 24 else "Lifting and packing.",
            kind=kinds[n % 3],
            sector=sectors[n % 2],
            pay_min=Decimal("12") + n % 5,
            pay_max=Decimal("20"),
            closing_date=None if n % 7 == 0 else today + timedelta(days=n % 6 + 1),
            published_at=now - timedelta(hours=n % 4),  # four listings share each time
        )


@pytest.mark.postgres
@pytest.mark.parametrize("sort", ["relevance", "newest", "closing", "pay"])
@pytest.mark.parametrize(
    "chosen", [{}, {"kind": ["job"]}, {"sector": ["health-and-social-care"]}, {"kind": ["job", "volunteering"]}]
)
def test_a_text_search_in_one_pass_finds_what_two_queries_find(sort, chosen):
    """The text search counts and pages from one scan of its matches; it must agree with counting and paging in two
    queries, for every sort, chosen kinds and sectors, and each page."""
    from django.db.models import Count
    from django.http import QueryDict

    from opportunities.filters import OpportunityFilter
    from opportunities.models import SearchEntry
    from opportunities.selectors import _one_pass, order

    _text_search_catalogue()
    data = QueryDict(mutable=True)
    data.update({"q": "care", "sort": sort})
    for name, values in chosen.items():
        data.setlist(name, values)
    base = SearchEntry.objects.visible()
    filterset = OpportunityFilter(data, queryset=base)
    assert filterset.is_valid()
    cleaned = filterset.form.cleaned_data
    expected_pairs = sorted(
        filterset.filter_except(base, {"kind", "sector"})
        .order_by()
        .values_list("kind", "sector")
        .annotate(n=Count("*"))
    )
    assert sum(n for _, _, n in expected_pairs) == 24
    for offset in (0, 5, 10, 20, 40):
        pairs, ids = _one_pass(filterset, base, cleaned, sort, "care", offset, 5)
        assert sorted(tuple(pair) for pair in pairs) == expected_pairs
        assert ids == list(
            order(filterset.qs, sort, "care").values_list("opportunity_id", flat=True)[offset : offset + 5]
        )


@pytest.mark.postgres
def test_a_text_search_page_past_the_last_shows_the_last(client):
    _text_search_catalogue()
    response = client.get("/opportunities/", {"q": "care", "page": "9"})
    result = response.context["result"]
    assert result.total == 24 and result.page.number == 2
    assert [item.title for item in result.page.object_list] == [
        item.title for item in client.get("/opportunities/", {"q": "care", "page": "2"}).context["result"].page
    ]
