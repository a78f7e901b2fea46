"""In Chromium on a phone-sized screen: a young person signs up, confirms their email address, searches, saves a
listing, applies with a CV, and sees their application move on after the partner shortlists it; axe finds nothing
serious or critical on any page the journey visits (the partner's pages included)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, ApplicationStatus
from residents.models import ResidentProfile
from tests.factories import PASSWORD, MembershipFactory, OpportunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_sign_up_confirm_search_save_apply_and_see_the_shortlisting(
    live_server, page, browser, assert_accessible, tmp_path
):
    partner = MembershipFactory(user__email="sam@hackneymarshes.example", user__full_name="Sam Okafor").user
    listing = OpportunityFactory(
        organisation=partner.memberships.get().organisation,
        title="Trainee gardener",
        summary="Look after Hackney's parks with a friendly team.",
        screening_question_1="Why do you want to work outdoors?",
        min_age=16,
        max_age=24,
        hackney_connection_required=True,
    )
    cv = tmp_path / "Ada Lovelace CV.pdf"
    cv.write_bytes(PDF)

    def check(name):  # the name says which page, when a failure is read in the source
        assert_accessible(page)

    # Sign up.
    page.goto(live_server.url + "/accounts/signup/")
    check("sign up")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("Ada.Lovelace@example.test")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # no password yet
    check("sign up with errors")
    page.locator("input[type=password]").nth(0).fill("marshes-and-meadows-2026")
    page.locator("input[type=password]").nth(1).fill("marshes-and-meadows-2026")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_contain_text("Check your email")
    check("check your email")

    # Confirm, from the link in the email.
    (email,) = [m for m in mail.outbox if m.to == ["ada.lovelace@example.test"]]
    link = re.search(r"(/accounts/confirm/[^/\s]+/)", email.body).group(1)
    page.goto(live_server.url + link)
    check("confirm")
    page.get_by_role("button", name=re.compile("Confirm")).click()
    expect(page.locator("h1")).to_have_text("Your account")
    check("account")

    # Search, open the listing: the age range needs a date of birth and a Hackney connection.
    page.goto(live_server.url + "/")
    check("home")
    page.get_by_label("Search opportunities").fill("gardener")
    page.get_by_role("button", name="Search").click()
    check("search results")
    page.get_by_role("link", name="Trainee gardener").click()
    expect(page.get_by_text("Add your date of birth to your profile to apply.")).to_be_visible()
    check("listing, cannot apply yet")
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_text("You have saved this opportunity.")).to_be_visible()
    check("listing, saved")

    page.get_by_role("link", name="Update your profile").click()
    check("profile")
    page.goto(live_server.url + "/account/profile/change/")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2007")
    page.locator("#id_lives_in_hackney_0").check()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Save")).click()
    check("profile saved")
    assert ResidentProfile.objects.get(user__email="ada.lovelace@example.test").hackney_connection

    # Apply with a CV.
    page.goto(live_server.url + listing.get_absolute_url())
    expect(page.get_by_text("You can apply.")).to_be_visible()
    check("listing, can apply")
    page.get_by_role("link", name="Apply now").click()
    check("apply")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("apply with errors")
    page.get_by_label("Why do you want to work outdoors?").fill("I grew up by Hackney Marshes and love being outside.")
    page.get_by_label("Supporting statement").fill("I volunteer at the Growing Communities garden every Saturday.")
    page.get_by_label("Upload your CV (optional)").set_input_files(str(cv))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your application")
    check("check your answers")
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Application sent")
    check("application sent")

    page.goto(live_server.url + "/account/")
    expect(page.locator(".govuk-tag", has_text="Sent")).to_be_visible()
    assert page.get_by_role("link", name="Trainee gardener", exact=True).count() == 2  # applied for, and saved
    check("account with the application")

    # The partner shortlists it, in their own browser.
    application = Application.objects.get()
    partner_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    partner_page = partner_context.new_page()
    partner_page.goto(live_server.url + "/partners/applications/application/")
    partner_page.get_by_label("Email address").fill("sam@hackneymarshes.example")
    partner_page.get_by_label("Password").fill(PASSWORD)
    partner_page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    partner_page.get_by_role("link", name="Ada Lovelace").wait_for()
    assert_accessible(partner_page)
    partner_page.get_by_role("link", name="Ada Lovelace").click()
    assert_accessible(partner_page)
    with partner_page.expect_download() as download:
        partner_page.get_by_role("link", name=re.compile("Download")).click()
    assert download.value.path().read_bytes() == PDF
    partner_page.get_by_label("Shortlisted").check()
    with partner_page.expect_navigation():
        partner_page.get_by_role("button", name="Move application").click()
    assert_accessible(partner_page)
    partner_context.close()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED

    # The resident sees it: on their account, on the application, and in an email.
    page.reload()
    expect(page.locator(".govuk-tag", has_text="Shortlisted")).to_be_visible()
    check("account after shortlisting")
    page.get_by_role("link", name="Trainee gardener", exact=True).first.click()
    expect(page.get_by_text("Shortlisted").first).to_be_visible()
    check("application")
    assert any("shortlisted" in m.subject.lower() for m in mail.outbox if m.to == ["ada.lovelace@example.test"])


def test_following_withdrawing_and_taking_your_data_are_accessible(live_server, page, assert_accessible):
    from tests.factories import ApplicationFactory, UserFactory

    resident = UserFactory(email="kwame@example.test", full_name="Kwame Asante")
    application = ApplicationFactory(resident=resident, opportunity__title="Trainee chef")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("kwame@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your account")

    page.get_by_role("link", name="Trainee chef", exact=True).click()
    expect(page.locator("h1")).to_have_text("Your application")
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw this application").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to withdraw your application?")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw application").click()
    expect(page.locator(".govuk-tag", has_text="Withdrawn")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN

    page.goto(live_server.url + "/account/data/")
    expect(page.locator("h1")).to_have_text("Your data")
    assert_accessible(page)
    page.goto(live_server.url + "/account/delete/")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Enter your password to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator("h1")).to_have_text("Your account has been deleted")
    assert_accessible(page)
