"""In Chromium, 375 and 1280 pixels wide: a partner (the admin of their organisation) and a member of council staff
sign in and open a representative set of the pages they use under /partners/ and /admin/; each page loads, with
its styles, and axe finds nothing serious or critical on it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CourseRun
from courses.services import enrolment_create
from tests.factories import PASSWORD, ApplicationFactory, CourseRunFactory, OpportunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each role's sign-in page and the pages it visits: (URL name, the object the URL takes, the page's heading).
# Admin URL names carry the model's app ("<site>:<app>_<model>_<view>"): when a model moves app, change it here.
SIGN_IN = {"partner": "partners:login", "staff": "admin:login"}
PAGES = {
    "partner": [
        ("partners:index", None, "Your organisation's listings"),
        ("partners:opportunities_opportunity_changelist", None, "Select opportunity to change"),
        ("partners:opportunities_opportunity_add", None, "Add opportunity"),
        ("partners:opportunities_opportunity_change", "draft", "Change opportunity"),
        ("partners:applications_application_changelist", None, "Applications to your listings"),
        ("partners:applications_application_change", "application", "Application from Ada Lovelace"),
        ("partners:organisations_organisation_change", "organisation", "Change organisation"),
        ("partners:courses_courserun_changelist", None, "Select course or event date to change"),
        ("partners:courses_courserun_add", None, "Add course or event date"),
        ("partners:courses_courserun_change", "run", "Change course or event date"),
        ("partners:courses_courserun_people", "run", "Enrolled and waiting: Introduction to bookkeeping"),
        ("partners:courses_courserun_register", "run", "Register and completion: Introduction to bookkeeping"),
        ("partners:courses_courserun_cancel", "run", "Cancel this date of Introduction to bookkeeping"),
    ],
    "staff": [
        ("admin:index", None, "Moderation and catalogue"),
        ("admin:opportunities_opportunity_changelist", None, "Select opportunity to view"),
        ("admin:opportunities_opportunity_change", "submitted", "View opportunity"),
        ("admin:opportunities_opportunity_moderate", "submitted", "Review “Trainee plumber”"),
        ("admin:organisations_organisation_changelist", None, "Select organisation to change"),
        ("admin:organisations_organisation_change", "organisation", "Change organisation"),
        ("admin:accounts_user_changelist", None, "Select user to view"),
    ],
}
USERS = {"partner": "partner_a", "staff": "staff_user"}


def _run_with_people(organisation):
    """A date of organisation A's course, started, with someone enrolled and someone waiting."""
    run = CourseRunFactory(
        opportunity__organisation=organisation, opportunity__title="Introduction to bookkeeping", places=1
    )
    enrolment_create(run=run, resident=UserFactory(full_name="Ada Lovelace"))
    enrolment_create(run=run, resident=UserFactory(full_name="Kwame Asante"))
    CourseRun.objects.filter(pk=run.pk).update(starts_on=timezone.localdate() - timedelta(days=7), ends_on=None)
    return run


def page_url(live_server, name, obj=None):
    return live_server.url + reverse(name, args=[obj.pk] if obj is not None else [])


@pytest.fixture
def objects(organisation_a, partner_a):
    """The organisation (with the partner as its admin), a draft listing, one waiting for review, and an
    application to a third."""
    return {
        "organisation": organisation_a,
        "draft": OpportunityFactory(
            organisation=organisation_a, status="draft", published_at=None, title="Trainee carpenter"
        ),
        "submitted": OpportunityFactory(
            organisation=organisation_a, status="submitted", published_at=None, title="Trainee plumber"
        ),
        "run": _run_with_people(organisation_a),
        "application": ApplicationFactory(
            opportunity__organisation=organisation_a,
            opportunity__title="Trainee electrician",
            resident__full_name="Ada Lovelace",
        ),
    }


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("role", ["partner", "staff"])
def test_pages_load_and_axe_finds_nothing_serious(request, live_server, page, assert_accessible, objects, role, width):
    user = request.getfixturevalue(USERS[role])
    page.set_viewport_size({"width": width, "height": 900})
    missing_static = []
    page.on("response", lambda r: missing_static.append(r.url) if "/static/" in r.url and r.status >= 400 else None)
    failures = []

    def check(where):
        try:
            assert_accessible(page)
        except AssertionError as error:  # every page is checked; the failure names them all
            failures.append(f"{where}: {error}")

    response = page.goto(page_url(live_server, SIGN_IN[role]))
    assert response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    check(SIGN_IN[role])
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()

    for name, key, heading in PAGES[role]:
        response = page.goto(page_url(live_server, name, objects[key] if key else None))
        assert response.status == 200, f"{name}: HTTP {response.status}"
        expect(page.locator("#content h1")).to_have_text(heading)
        expect(page.locator("h1")).to_have_count(1)
        # Our admin stylesheet is on the page: links among words are underlined, not told apart by colour alone.
        expect(page.locator('link[rel=stylesheet][href$="css/admin.css"]')).to_have_count(1)
        breadcrumbs = page.locator("div.breadcrumbs a")
        if breadcrumbs.count():  # every page but the index
            expect(breadcrumbs.first).to_have_css("text-decoration-line", "underline")
        check(name)

    assert not missing_static, f"static files not served: {missing_static}"
    assert not failures, "\n".join(failures)
