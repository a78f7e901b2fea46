"""Done-when 7: in Chromium, a resident searches, filters and opens a listing; axe finds nothing serious."""

import pytest

from opportunities.models import Kind
from tests.factories import OpportunityFactory, sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    OpportunityFactory(
        kind=Kind.JOB, title="Plumbing merchant counter assistant", sector=sector("retail-and-customer-service")
    )
    apprenticeship = OpportunityFactory(
        kind=Kind.APPRENTICESHIP,
        level=3,
        title="Plumbing and heating apprentice",
        summary="Learn to fit and repair heating systems in Hackney homes.",
        sector=sector("construction-and-trades"),
    )
    OpportunityFactory(
        kind=Kind.COURSE, level=1, title="Introduction to bricklaying", pay_min=None, pay_max=None, pay_period=""
    )
    return apprenticeship


def test_search_filter_and_open_a_listing(live_server, page, assert_accessible, catalogue):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    page.get_by_label("Search opportunities").fill("plumbing")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/opportunities/?q=plumbing*")
    assert page.locator("#results-count").inner_text() == "2 opportunities found"
    assert_accessible(page)

    page.locator("summary", has_text="Filter").click()  # on a phone the filters are folded away
    page.get_by_label("Apprenticeship (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**kind=apprenticeship*")
    assert page.locator("#results-count").inner_text() == "1 opportunity found"
    results = page.locator(".app-result h3 a")
    assert results.all_inner_texts() == ["Plumbing and heating apprentice"]

    results.first.click()
    page.wait_for_url(f"**{catalogue.get_absolute_url()}?back=**")  # the search goes along, for the back link
    assert page.locator("h1").inner_text() == "Plumbing and heating apprentice"
    assert page.get_by_text("Level 3 (advanced, like A levels)").is_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_accessible(page)


def test_pages_and_filters_work_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for path in (
            "/",
            "/opportunities/?q=plumbing&kind=apprenticeship",
            catalogue.get_absolute_url(),
            "/guidance/",
            "/guidance/how-to-apply/",
            "/guidance/your-rights/",
            "/guidance/cv/",
            "/guidance/online-courses/",
            "/opportunities/?q=astronaut",
        ):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.locator("h1").count() == 1, path
        page.goto(live_server.url + "/opportunities/?kind=job")
        filters = page.locator("summary", has_text="Filter")
        if filters.is_visible():  # folded unless the stylesheet opens them (the live server serves no hashed CSS)
            filters.click()
        page.get_by_label("Apprenticeship (1)").check()
        page.get_by_role("button", name="Apply filters").click()
        assert "kind=apprenticeship" in page.url and "kind=job" in page.url
        assert page.locator("#results-count").inner_text() == "2 opportunities found"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/opportunities/",
        "/guidance/",
        "/guidance/how-to-apply/",
        "/guidance/cv/",
        "/guidance/online-courses/",
        "/guidance/your-rights/",
        "/opportunities/?age=old&kind=nope&page=abc",
    ],
)
def test_axe_on_each_public_page(live_server, page, assert_accessible, catalogue, path):
    page.goto(live_server.url + path)
    assert_accessible(page)
