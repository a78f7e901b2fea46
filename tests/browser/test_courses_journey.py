"""Courses in Chromium, at 375 and 1280 pixels: a resident enrols on an online course and sees how to get ready and
its joining link; joins the waiting list of a full one; takes up the place offered when someone gives theirs up,
and then sees that course's joining link. The enrol form's error, and giving a place up, are checked too. Every
page has exactly one <h1>, and axe finds nothing serious or critical."""

import pytest
from playwright.sync_api import expect

from courses.models import Delivery, Enrolment
from courses.services import enrolment_cancel, enrolment_create
from tests.factories import CourseRunFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

SPREADSHEETS_LINK = "https://meet.example.test/spreadsheets"
WELLBEING_LINK = "https://meet.example.test/wellbeing"


def test_enrol_online_wait_for_a_full_course_take_up_the_offer_and_see_the_joining_links(visitors):
    spreadsheets = CourseRunFactory(
        opportunity__title="Spreadsheets for work",
        places=12,
        delivery=Delivery.ONLINE,
        online_tool="Zoom",
        joining_link=SPREADSHEETS_LINK,
        test_link="https://zoom.example.test/test",
        what_you_need="a laptop or tablet with a webcam, and your email address",
    )
    wellbeing = CourseRunFactory(
        opportunity__title="Confidence and wellbeing", places=1, delivery=Delivery.ONLINE, joining_link=WELLBEING_LINK
    )
    holder = UserFactory()
    enrolment_create(run=wellbeing, resident=holder)
    resident = UserFactory(full_name="Amara Okafor")
    visitor = visitors()
    page = visitor.page

    # Finding it among courses and events, then its dates, signing in to enrol, choosing the date, then how to
    # get ready.
    visitor.open("/courses/", name="courses and events")
    visitor.open("/courses/?delivery=online&time=nope", name="courses and events, a filter not understood")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    visitor.follow("Spreadsheets for work", name="online course's dates")
    expect(page.get_by_text(SPREADSHEETS_LINK)).to_have_count(0)
    visitor.follow(page.get_by_role("link", name="Enrol for the date starting"), name="sign in to enrol")
    visitor.sign_in(resident, landing=None)
    expect(page.locator("h1")).to_have_text("Which date do you want?")
    expect(page.get_by_role("radio").first).to_be_checked()  # the date whose button was pressed
    visitor.check("choose a date")
    visitor.open(f"/courses/{spreadsheets.opportunity.slug}/enrol/", name="choose a date, none chosen yet")
    visitor.submit("Enrol", name="enrol with no date chosen", status=400)
    page.get_by_role("radio").first.check()
    visitor.submit("Enrol", name="enrolled")
    expect(page.get_by_text("You are enrolled on “Spreadsheets for work”.")).to_be_visible()
    expect(page.get_by_role("link", name=SPREADSHEETS_LINK)).to_be_visible()
    expect(page.get_by_role("link", name="Check it works on your device")).to_be_visible()

    # A full course: the waiting list, and the place offered when someone gives theirs up.
    visitor.open(f"/courses/{wellbeing.opportunity.slug}/", name="full course's dates")
    visitor.follow(page.get_by_role("link", name="Join the waiting list for the date starting"), name="choose a date")
    page.get_by_role("radio").first.check()
    visitor.submit("Enrol", name="on the waiting list")
    expect(page.get_by_text("You are number 1 on the waiting list")).to_be_visible()
    expect(page.get_by_text(WELLBEING_LINK)).to_have_count(0)
    enrolment_cancel(enrolment=Enrolment.objects.get(run=wellbeing, resident=holder), by=holder)
    visitor.open(f"/courses/{wellbeing.opportunity.slug}/", name="a place offered")
    expect(page.get_by_text("A place has come up for you.")).to_be_visible()
    visitor.submit("Take up this place", name="place taken up")
    expect(page.get_by_role("link", name=WELLBEING_LINK)).to_be_visible()

    # Giving a place up asks first.
    visitor.follow(page.get_by_role("link", name="Give up your place for Confidence and wellbeing"), name="give up")
    visitor.submit("Give up my place", name="place given up")
    expect(page.get_by_text("You have given up your place on “Confidence and wellbeing”.")).to_be_visible()
    visitor.assert_all_passed()
