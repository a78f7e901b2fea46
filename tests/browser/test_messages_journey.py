"""In Chromium: a partner signs in, reads what the council told them, changes their email settings and
unsubscribes from one kind by the link in an email; axe finds nothing serious on any of those pages."""

import re

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Preference
from opportunities.models import Status
from opportunities.services import opportunity_approve
from tests.factories import PASSWORD, MembershipFactory, OpportunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]


def test_partner_reads_a_message_and_chooses_what_to_receive(live_server, page, assert_accessible, staff_user):
    partner = UserFactory(email="sam@leabridge.example", full_name="Sam Okafor")
    membership = MembershipFactory(user=partner)
    listing = OpportunityFactory(
        organisation=membership.organisation, status=Status.SUBMITTED, title="Trainee electrician"
    )
    with transaction.atomic():
        opportunity_approve(opportunity=listing, by=staff_user)

    page.goto(live_server.url + "/account/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    page.get_by_label("Email address").fill("sam@leabridge.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert page.locator("h1").inner_text() == "Your account"
    assert page.get_by_text("(1 unread)").is_visible()
    assert page.locator(".govuk-tag", has_text="Unread").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Your listing is live: Trainee electrician").click()
    assert page.locator("h1").inner_text() == "Your listing is live: Trainee electrician"
    assert_accessible(page)

    page.goto(live_server.url + "/account/notifications/")
    assert page.locator(".govuk-tag", has_text="Unread").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Choose which emails we send you").click()
    assert_accessible(page)
    page.locator("#id_listing_closing_soon_1").check()  # in the inbox only
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("Your notification settings have been saved").is_visible()
    assert_accessible(page)
    assert Preference.objects.get(user=partner, kind="listing_closing_soon").channel == "inbox"

    # The unsubscribe link from the email, opened without being signed in.
    link = re.search(r"(/notifications/unsubscribe/[^/\s]+/)", mail.outbox[0].body).group(1)
    page.context.clear_cookies()
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.get_by_role("button", name="Stop these emails").click()
    assert page.locator("h1").inner_text() == "You have been unsubscribed"
    assert_accessible(page)
    assert Preference.objects.get(user=partner, kind="listing_approved").channel == "off"

    page.goto(live_server.url + "/notifications/unsubscribe/forged-token/")
    assert page.locator("h1").inner_text() == "This link does not work"
    assert_accessible(page)
