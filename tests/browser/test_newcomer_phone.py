"""On a phone, the search page shows results first and folds the filters behind a "Filter" control that works
without JavaScript; on a wide screen the filters stay in their column. "Sign out" is in the header. axe finds
nothing serious either way."""

import pytest
from playwright.sync_api import expect

from opportunities.models import Kind
from tests.factories import PASSWORD, OpportunityFactory, UserFactory, sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def stylesheets(settings):
    """Pages with their CSS: the live server finds static files by their source names, so the hashed names
    the manifest storage writes into pages are not found there, and a layout can't be tested without them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def styled(page) -> bool:
    return page.evaluate("[...document.styleSheets].some(sheet => sheet.cssRules.length > 0)")


@pytest.fixture
def catalogue():
    OpportunityFactory(kind=Kind.JOB, title="Care assistant", sector=sector("health-and-social-care"))
    OpportunityFactory(
        kind=Kind.APPRENTICESHIP,
        level=3,
        title="Plumbing and heating apprentice",
        sector=sector("construction-and-trades"),
    )
    OpportunityFactory(kind=Kind.VOLUNTEERING, title="Food bank volunteer", pay_min=None, pay_max=None, pay_period="")
    OpportunityFactory(
        kind=Kind.COURSE, level=1, title="Introduction to bricklaying", pay_min=None, pay_max=None, pay_period=""
    )


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def phone(request, browser, assert_accessible):
    """A 375 px wide page, with JavaScript or without; axe (which needs JavaScript) checks only the first."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, (assert_accessible if request.param else lambda page: None)
    context.close()


def test_on_a_phone_the_results_come_first_and_the_filter_control_opens_the_filters(live_server, phone, catalogue):
    page, assert_accessible = phone
    page.goto(live_server.url + "/opportunities/")
    assert styled(page)
    assert page.locator("h1").count() == 1
    first = page.locator(".app-result h3").first
    assert first.bounding_box()["y"] < 900, "the first result is more than a screen or so down the page"
    apprenticeships = page.get_by_label("Apprenticeship (1)")
    expect(apprenticeships).to_be_hidden()
    assert_accessible(page)

    page.locator("summary", has_text="Filter").click()
    expect(apprenticeships).to_be_visible()
    assert_accessible(page)

    apprenticeships.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**kind=apprenticeship*")
    expect(page.locator("#results-count")).to_have_text("1 opportunity found")
    assert page.locator(".app-result h3").first.bounding_box()["y"] < 900
    assert_accessible(page)


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(live_server, browser, assert_accessible, catalogue):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/opportunities/")
        assert styled(page)
        expect(page.get_by_label("Apprenticeship (1)")).to_be_visible()
        expect(page.locator("summary", has_text="Filter")).to_be_hidden()  # the control is for small screens only
        filters = page.get_by_role("button", name="Apply filters").bounding_box()
        results = page.locator("#results-count").bounding_box()
        assert filters["x"] < results["x"], "the filters are the left-hand column"
        assert_accessible(page)
    finally:
        context.close()


def test_a_search_with_a_mistake_shows_the_filters_open_on_a_phone(live_server, phone, catalogue):
    page, assert_accessible = phone
    page.goto(live_server.url + "/opportunities/?age=abc")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_role("link", name="Enter your age as a whole number, like 19").click()
    expect(page.get_by_label("Your age")).to_be_visible()
    assert_accessible(page)


def test_sign_out_is_in_the_header_on_a_phone(live_server, phone, resident):
    page, assert_accessible = phone
    page.goto(live_server.url + "/accounts/login/?next=/guidance/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/guidance/")
    assert styled(page)

    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # with JavaScript the navigation folds behind "Menu" on a phone
        menu.click()
    sign_out = page.locator("header").get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert_accessible(page)

    sign_out.click()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("header button", has_text="Sign out")).to_have_count(0)
    expect(page.locator("header a", has_text="Sign in")).to_have_count(1)


def test_sign_out_sits_with_the_header_links_on_a_wide_screen(live_server, browser, assert_accessible):
    UserFactory(email="amara@example.test")
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Email address").fill("amara@example.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/account/")
        account = page.locator("header").get_by_role("link", name="Your account").bounding_box()
        sign_out = page.locator("header").get_by_role("button", name="Sign out").bounding_box()
        assert abs(sign_out["y"] - account["y"]) < 5 and sign_out["x"] > account["x"], "on the same line, after it"
        colour = "element => getComputedStyle(element).color"
        guidance = page.locator("header").get_by_role("link", name="Guidance")
        assert page.locator("header button", has_text="Sign out").evaluate(colour) == guidance.evaluate(colour)
        assert_accessible(page)
    finally:
        context.close()
