"""In Chromium on a phone-sized screen: a resident fills in their profile (with a mistake first) and the equality
monitoring questions, then removes their answers; axe finds nothing serious on any of those pages."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from residents.models import EqualityAnswers, ResidentProfile
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_fills_in_profile_and_equality_questions(live_server, page, assert_accessible):
    UserFactory(email="ada@example.test", full_name="Ada Okafor", role=Role.RESIDENT)
    page.goto(live_server.url + "/account/profile/")
    page.get_by_label("Email address").fill("ada@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Your profile")
    assert_accessible(page)
    page.get_by_role("link", name="Change postcode").click()
    expect(page.locator("h1")).to_have_text("Change your profile")
    assert_accessible(page)

    page.get_by_label("Postcode").fill("e8 1dy")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2000")
    page.get_by_role("group", name="Do you live in Hackney?").get_by_label("Yes").check()
    page.get_by_label("Apprenticeship").check()
    page.get_by_role("button", name="Save your profile").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    summary.get_by_role("link", name="Date of birth must be a real date").click()
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth_day"
    assert not ResidentProfile.objects.exists()

    page.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Save your profile").click()
    expect(page.get_by_text("Your profile has been saved")).to_be_visible()
    expect(page.get_by_text("E8 1DY")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Answer or change the equality monitoring questions").click()
    expect(page.locator("h1")).to_have_text("Equality monitoring questions")
    expect(page.get_by_text("Your age group is")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Black, Black British, Caribbean or African: Caribbean").check()
    page.get_by_role("group", name="Have you ever been in care?").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Your equality monitoring answers have been saved")).to_be_visible()
    assert_accessible(page)
    answers = EqualityAnswers.objects.get()
    assert (answers.ethnicity, answers.care_experienced, answers.gender) == ("black_caribbean", "prefer_not", "")

    page.get_by_role("button", name="Remove my answers").click()
    expect(page.get_by_text("Your equality monitoring answers have been removed")).to_be_visible()
    assert not EqualityAnswers.objects.exists()
