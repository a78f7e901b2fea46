"""Match alerts in Chromium. The journey: a resident, signed out, searches for apprenticeships in a sector, saves the
search after signing in, and gets the alert email once council staff approve a partner's listing that matches it; the
email's links open the listing and stop the alert. Then every page of alerts, and each form's error state, at 375
and 1280 pixels: a resident's alerts, the links in alert emails, the pages a person opens signed out, and an
advisor's matches on their caseload. Every page has exactly one <h1>, and axe finds nothing serious or critical."""

import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from matching import services, tokens
from matching.models import AlertedListing, Feedback, Frequency, SavedSearch
from opportunities.models import Kind, Opportunity, Status
from opportunities.services import opportunity_submit
from tests.browser.visitor import DESKTOP, PHONE
from tests.factories import (
    AdvisorFactory,
    CaseFactory,
    MembershipFactory,
    OpportunityFactory,
    sector,
)
from tests.matching.conftest import make_profile, make_resident, save_search

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]


def _emails_to(address, *, wait=10.0):
    """The emails sent to an address, waiting a little for them (the live server sends them from its thread)."""
    deadline = time.monotonic() + wait
    while True:
        found = [message for message in mail.outbox if message.to == [address]]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _link(body, words):
    """The address of a link in an email's text body, written there as "words: address"."""
    found = re.search(rf"{re.escape(words)}: (https?://\S+/)", body)
    assert found, f"no “{words}” link in:\n{body}"
    return found.group(1)


# The journey ---------------------------------------------------------------------------------------------------


def test_save_a_search_get_the_alert_when_a_listing_is_approved_follow_it_and_stop_it(
    settings, live_server, visitors, staff_user
):
    settings.SITE_URL = live_server.url  # the links in emails lead to this server
    construction = sector("construction-and-trades")
    OpportunityFactory(kind=Kind.APPRENTICESHIP, sector=construction, title="Bricklaying apprentice")
    OpportunityFactory(kind=Kind.JOB, sector=construction, title="Site labourer")
    amara = make_resident(email="amara.okafor@example.test", full_name="Amara Okafor")
    partner = MembershipFactory(user__email="dele@leabridge.example", user__full_name="Dele Bello").user

    resident = visitors((PHONE, DESKTOP))
    page = resident.page

    # Signed out, she searches with filters (folded behind "Filter" on a phone).
    resident.open(reverse("opportunities:list"), name="search")
    page.locator("summary", has_text="Filter").click()
    page.get_by_label(re.compile(r"^Apprenticeship \(")).check()
    page.get_by_label(re.compile(r"^Construction and trades \(")).check()
    resident.submit("Apply filters", name="search results, filtered")
    expect(page.locator("#results-count")).to_have_text("1 opportunity found")

    # Saving the search asks her to sign in, then brings her back to it with a name suggested from the filters.
    with page.expect_navigation():
        page.get_by_role("link", name="Save this search and get alerts").click()
    assert page.url.startswith(live_server.url + reverse("accounts:login")), page.url
    resident.check("sign in, to save the search")
    resident.sign_in(amara, landing=None)
    assert page.url.startswith(live_server.url + reverse("alerts:new") + "?"), page.url
    resident.check("save this search")
    name = page.get_by_label("Name this search")
    expect(name).to_have_value("Apprenticeships in construction and trades")
    page.get_by_label("As soon as something is published").check()
    resident.submit("Save search", name="your alerts, the search saved")
    assert page.url == live_server.url + reverse("alerts:list")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your search “Apprenticeships in construction and trades” has been saved."
    )
    saved = SavedSearch.objects.get(resident=amara)
    assert (saved.query, saved.frequency) == (f"kind=apprenticeship&sector={construction.slug}", Frequency.INSTANT)

    # A partner submits a listing that matches it; nothing is sent while it waits for review.
    listing = opportunity_submit(
        opportunity=Opportunity(
            organisation=partner.memberships.get().organisation,
            kind=Kind.APPRENTICESHIP,
            level=2,
            sector=construction,
            title="Roofing apprentice",
            summary="Learn to fit and repair roofs on Hackney's homes, with a day a week at college.",
            description="You will work with our roofers across Hackney.\n\n- Full training\n- Tools provided",
            address="12 Lea Bridge Road",
            postcode="E5 9QB",
            pay_min=Decimal("12.50"),
            pay_period="hour",
            hours_per_week=Decimal("37.5"),
            closing_date=timezone.localdate() + timedelta(days=30),
        ),
        by=partner,
    )
    assert listing.status == Status.SUBMITTED
    assert not [m for m in mail.outbox if m.to == [amara.email]]

    # Council staff approve it on the staff admin's moderation page.
    staff = visitors((PHONE, DESKTOP))
    moderate = reverse("admin:opportunities_opportunity_moderate", args=[listing.pk])
    staff.open(f"{reverse('admin:login')}?next={moderate}", name="staff sign in")
    staff.sign_in(staff_user, landing=moderate)
    staff.check("review the listing")
    staff.page.get_by_label("Approve and publish it").check()
    staff.submit("Save decision", name="listings waiting for review, the listing approved")
    expect(staff.page.locator(".messagelist")).to_contain_text("“Roofing apprentice” is published.")

    # The alert arrives, once approval has committed.
    (email,) = _emails_to(amara.email)
    assert email.subject == "New opportunity: Roofing apprentice"
    assert "because it matches your saved search “Apprenticeships in construction and trades”" in email.body

    # Its link opens the listing.
    listing_link = _link(email.body, "See the opportunity and apply")
    assert listing_link == live_server.url + Opportunity.objects.get(pk=listing.pk).get_absolute_url()
    resident.open(listing_link.removeprefix(live_server.url), name="the listing, from the email")
    expect(page.locator("h1")).to_have_text("Roofing apprentice")

    # "Stop these emails": a button, then the alert has stopped, and she says why.
    resident.open(_link(email.body, "stop these emails").removeprefix(live_server.url), name="stop this alert")
    expect(page.locator("h1")).to_have_text(f"Stop emails about your saved search “{saved.name}”")
    resident.submit("Stop these emails", name="alert stopped")
    expect(page.locator("h1")).to_have_text("Alert stopped")
    saved.refresh_from_db()
    assert saved.frequency == Frequency.NEVER
    page.get_by_label("I found a job, course or placement").check()
    resident.submit("Send", name="thank you, for saying why")
    expect(page.locator("h1")).to_have_text("Thank you for telling us")
    (feedback,) = Feedback.objects.all()
    assert (feedback.resident, feedback.alert, feedback.reason) == (amara, saved.name, Feedback.Reason.FOUND_WORK)

    resident.assert_all_passed()
    staff.assert_all_passed()


# Every page, at 375 and 1280 pixels --------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A resident with saved searches, a profile with interests, alerts from it and listings that fit it (so
    recommendations), one of them sent to her in an alert; a resident who named no interests; an advisor with both
    on their caseload, sharing their profiles."""
    construction, care = sector("construction-and-trades"), sector("health-and-social-care")
    amara = make_resident(email="amara.okafor@example.test", full_name="Amara Okafor")
    make_profile(amara, kinds=[Kind.APPRENTICESHIP], sectors=[construction])
    services.profile_alert_set(resident=amara, frequency=Frequency.WEEKLY)
    saved = save_search(amara, f"kind=apprenticeship&sector={construction.slug}", frequency=Frequency.INSTANT)
    save_search(amara, "q=carpenter", frequency=Frequency.WEEKLY, name="Carpentry")
    roofing = OpportunityFactory(kind=Kind.APPRENTICESHIP, sector=construction, title="Roofing apprentice")
    OpportunityFactory(kind=Kind.JOB, sector=construction, title="Trainee carpenter")
    OpportunityFactory(kind=Kind.JOB, sector=care, title="Care assistant")
    AlertedListing.objects.create(resident=amara, opportunity=roofing, saved_search=saved)

    sam = make_resident(email="sam.lee@example.test", full_name="Sam Lee")
    save_search(sam, "kind=job", name="Any job")  # matched by his advisor, though his profile names nothing
    advisor = AdvisorFactory(user__email="grace.mensah@hackney.example", user__full_name="Grace Mensah")
    for resident in (amara, sam):
        CaseFactory(resident=resident, lead_advisor=advisor, shares_profile=True)
    return {
        "amara": amara,
        "sam": sam,
        "advisor": advisor,
        "saved": saved,
        "roofing": roofing,
        "carpenter": Opportunity.objects.get(title="Trainee carpenter"),
    }


def test_a_residents_alerts_pages_and_their_errors(visitors, world):
    visitor = visitors()
    page = visitor.page
    visitor.open(reverse("accounts:login"), name="sign in")
    visitor.sign_in(world["amara"])

    visitor.open(reverse("alerts:list"), name="your alerts")
    main = page.locator("main")
    for shown in ("Apprenticeships in construction and trades", "Carpentry", "Emails: once a week"):
        expect(main).to_contain_text(shown)
    expect(main).to_contain_text("We email you once a week about new opportunities that fit your profile")
    expect(main.get_by_role("link", name="Roofing apprentice")).to_be_visible()  # recommended

    visitor.open(f"{reverse('alerts:new')}?kind=job", name="save this search")
    page.get_by_label("Name this search").fill("")
    visitor.submit("Save search", name="save this search, with errors", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for this search")
    visitor.open(f"{reverse('alerts:new')}?kind=nope", name="a search that cannot be saved", status=400)
    expect(page.locator("h1")).to_have_text("This search cannot be saved")

    pk = world["saved"].pk
    visitor.open(reverse("alerts:change", args=[pk]), name="change your alert")
    page.get_by_label("Name this search").fill("")
    visitor.submit("Save changes", name="change your alert, with errors", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for this search")
    visitor.open(reverse("alerts:delete", args=[pk]), name="delete your saved search")
    visitor.open(reverse("alerts:profile"), name="alerts from your profile")

    # "Recommended for you" on her account and the home page.
    for name, path in (("your account", reverse("accounts:home")), ("home", reverse("pages:home"))):
        visitor.open(path, name=name)
        expect(page.locator("main")).to_contain_text("Recommended for you")
        expect(page.locator("main").get_by_role("link", name="Roofing apprentice").first).to_be_visible()
    visitor.assert_all_passed()


def test_alerts_from_a_profile_that_names_no_interests_are_refused(visitors, world):
    visitor = visitors()
    visitor.open(reverse("accounts:login"), name="sign in")
    visitor.sign_in(world["sam"])
    visitor.open(reverse("alerts:profile"), name="alerts from your profile, no interests")
    visitor.page.get_by_label("Once a day").check()
    visitor.submit("Save", name="alerts from your profile, no interests, with errors", status=400)
    expect(visitor.page.locator(".govuk-error-summary")).to_contain_text(
        "Add the types of opportunity or the sectors that interest you"
    )
    visitor.assert_all_passed()


def test_the_links_in_alert_emails_and_their_errors(visitors, world):
    """Opened signed out, as from an email read on another device."""
    visitor = visitors()
    page = visitor.page
    amara = world["amara"]
    stop = reverse("alerts:stop", args=[tokens.stop_token(resident_id=amara.pk, saved_search_id=world["saved"].pk)])
    visitor.open(stop, name="stop this alert")
    visitor.submit("Stop these emails", name="alert stopped")
    expect(page.locator("h1")).to_have_text("Alert stopped")
    visitor.submit("Send", name="why you stopped the alert, with errors", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you stopped the alert")
    visitor.open(reverse("alerts:stop", args=["nonsense"]), name="a link that does not work", status=400)
    expect(page.locator("h1")).to_have_text("This link does not work")

    not_relevant = reverse(
        "alerts:not_relevant", args=[tokens.feedback_token(resident_id=amara.pk), world["roofing"].pk]
    )
    visitor.open(not_relevant, name="tell us this was not relevant")
    page.get_by_label("What was wrong with it?").fill("It is too far from home.")
    visitor.submit("It was not relevant", name="not relevant, thank you")
    expect(page.locator("h1")).to_have_text("Thank you for telling us")
    visitor.assert_all_passed()


def test_an_advisors_matches_and_sharing_with_nothing_selected(visitors, world):
    visitor = visitors()
    page = visitor.page
    visitor.open(reverse("accounts:login"), name="sign in")
    visitor.sign_in(world["advisor"].user)

    visitor.open(reverse("advisors:matches"), name="new opportunities for your caseload")
    expect(page.locator("main").get_by_role("link", name="Roofing apprentice")).to_be_visible()

    visitor.open(reverse("advisors:listing_matches", args=[world["carpenter"].slug]), name="who it suits")
    for resident in ("Amara Okafor", "Sam Lee"):
        expect(page.locator("main").get_by_role("link", name=resident)).to_be_visible()
    visitor.submit("Share with them", name="who it suits, shared with no one", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the residents to share it with")
    visitor.assert_all_passed()
