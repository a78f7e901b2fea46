"""A course's page with its dates, enrolling, taking up an offered place and giving a place up, through the pages:
what each person sees, the joining link only for those enrolled, and bad input refused with a message."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Delivery, Enrolment, EnrolmentStatus
from courses.services import enrolment_cancel, enrolment_create
from opportunities.models import Kind, Status
from tests.factories import CourseRunFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db

E = EnrolmentStatus
JOINING = "https://meet.example.test/j/123-456"


def page(client, run) -> str:
    response = client.get(f"/courses/{run.opportunity.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def signed_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def online():
    return CourseRunFactory(
        places=1, delivery=Delivery.ONLINE, online_tool="Zoom", joining_link=JOINING, test_link="https://zoom.test/"
    )


def test_the_page_shows_each_date_with_its_places(client):
    run = CourseRunFactory(places=2, days_and_times="Mondays, 6pm to 8pm")
    CourseRunFactory(opportunity=run.opportunity, starts_on=None, delivery=Delivery.BLENDED, cost=25)
    enrolment_create(run=run, resident=UserFactory())
    html = page(client, run)
    assert "Mondays, 6pm to 8pm" in html and "1 of 2 left" in html
    assert "Flexible start" in html and "£25" in html and "Blended" in html
    assert f"/courses/{run.opportunity.slug}/enrol/?run={run.pk}" in html
    enrolment_create(run=run, resident=UserFactory())
    enrolment_create(run=run, resident=UserFactory())
    assert "Full: 1 person is waiting" in page(client, run)


@pytest.mark.parametrize("listing", [{"kind": Kind.JOB}, {"status": Status.DRAFT}, {"status": Status.SUBMITTED}])
def test_only_published_courses_and_events_have_a_page(client, listing):
    run = CourseRunFactory(opportunity=OpportunityFactory(**({"kind": Kind.COURSE} | listing)))
    assert client.get(f"/courses/{run.opportunity.slug}/").status_code == 404


def test_enrolling_and_then_the_joining_link_only_for_those_enrolled(client, online):
    assert JOINING not in page(client, online)  # not signed in
    response = client.get(f"/courses/{online.opportunity.slug}/enrol/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    resident = signed_in(client)
    response = client.post(f"/courses/{online.opportunity.slug}/enrol/", {"run": online.pk})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "You are enrolled on" in html and "You are enrolled" in html
    assert JOINING in html and "Check it works on your device" in html
    assert Enrolment.objects.get(resident=resident).status == E.ENROLLED

    waiting = signed_in(client)
    client.post(f"/courses/{online.opportunity.slug}/enrol/", {"run": online.pk})
    html = page(client, online)
    assert Enrolment.objects.get(resident=waiting).status == E.WAITING
    assert "You are number 1 on the waiting list" in html and JOINING not in html
    signed_in(client)  # someone else, on nothing
    assert JOINING not in page(client, online)


@pytest.mark.parametrize("forged", ["", "abc", "999999", "OTHER"])
def test_a_forged_or_missing_date_is_refused_and_nothing_is_written(client, forged):
    run = CourseRunFactory()
    other = CourseRunFactory()
    signed_in(client)
    value = str(other.pk) if forged == "OTHER" else forged
    response = client.post(f"/courses/{run.opportunity.slug}/enrol/", {"run": value})
    assert response.status_code == 400
    assert "Choose a date from the list" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_enrolling_twice_after_the_deadline_or_on_a_cancelled_date_says_why(client):
    run = CourseRunFactory()
    resident = signed_in(client)
    enrolment_create(run=run, resident=resident)
    response = client.post(f"/courses/{run.opportunity.slug}/enrol/", {"run": run.pk})
    assert response.status_code == 400 and "already enrolled" in response.content.decode()
    late = CourseRunFactory(enrolment_deadline=timezone.localdate() - timedelta(days=2))
    response = client.post(f"/courses/{late.opportunity.slug}/enrol/", {"run": late.pk})
    assert response.status_code == 400 and "Enrolment for this date closed on" in response.content.decode()
    assert "Enrolment for this date closed on" in page(client, late)  # said on the page, with no button
    assert Enrolment.objects.filter(resident=resident).count() == 1


def test_an_offered_place_is_taken_up_from_the_page(client, online):
    first = UserFactory()
    enrolment_create(run=online, resident=first)
    resident = signed_in(client)
    waiting = enrolment_create(run=online, resident=resident)
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    html = page(client, online)
    assert "A place has come up for you" in html and "Take up this place" in html and JOINING not in html
    response = client.post(f"/account/enrolments/{waiting.pk}/accept/")
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=waiting.pk).status == E.ENROLLED
    assert JOINING in page(client, online)


def test_an_expired_offer_is_refused_with_a_message(client, online):
    first = UserFactory()
    enrolment_create(run=online, resident=first)
    resident = signed_in(client)
    waiting = enrolment_create(run=online, resident=resident)
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    Enrolment.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(f"/account/enrolments/{waiting.pk}/accept/")
    assert response.status_code == 400 and "This offer has run out" in response.content.decode()
    assert Enrolment.objects.get(pk=waiting.pk).status == E.OFFERED


def test_giving_up_a_place_asks_first_and_passes_it_on(client):
    run = CourseRunFactory(places=1)
    resident = signed_in(client)
    mine = enrolment_create(run=run, resident=resident)
    next_one = enrolment_create(run=run, resident=UserFactory())
    response = client.get(f"/account/enrolments/{mine.pk}/cancel/")
    assert "Are you sure you want to give up your place?" in response.content.decode()
    assert client.post(f"/account/enrolments/{mine.pk}/cancel/").status_code == 302
    assert Enrolment.objects.get(pk=mine.pk).status == E.CANCELLED
    assert Enrolment.objects.get(pk=next_one.pk).status == E.OFFERED


def test_someone_elses_entry_is_a_404(client):
    run = CourseRunFactory(places=1)
    theirs = enrolment_create(run=run, resident=UserFactory())
    signed_in(client)
    assert client.get(f"/account/enrolments/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/account/enrolments/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/account/enrolments/{theirs.pk}/accept/").status_code == 404
    assert Enrolment.objects.get(pk=theirs.pk).status == E.ENROLLED


def test_the_page_costs_the_same_queries_whatever_the_number_of_dates(client):
    run = CourseRunFactory(places=3)
    resident = signed_in(client)
    enrolment_create(run=run, resident=resident)
    counts = []
    for more in (1, 8):
        for _ in range(more):
            extra = CourseRunFactory(opportunity=run.opportunity)
            enrolment_create(run=extra, resident=UserFactory())
        with CaptureQueriesContext(connection) as queries:
            page(client, run)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_course_listing_leads_to_its_dates(client):
    run = CourseRunFactory()
    html = client.get(run.opportunity.get_absolute_url()).content.decode()
    assert f'href="/courses/{run.opportunity.slug}/"' in html and "See dates and enrol" in html
    job = OpportunityFactory()
    assert "See dates and enrol" not in client.get(job.get_absolute_url()).content.decode()


def test_the_account_page_lists_a_residents_places_positions_and_offers(client):
    from courses.selectors import enrolments_of

    resident = signed_in(client)
    full = CourseRunFactory(places=1, opportunity__title="Full course")
    enrolment_create(run=full, resident=UserFactory())
    enrolment_create(run=full, resident=UserFactory())
    enrolment_create(run=full, resident=resident)
    enrolment_create(run=CourseRunFactory(opportunity__title="Open course"), resident=resident)
    html = client.get("/account/").content.decode()
    assert "Your courses and events" in html
    assert "Waiting list: number 2" in html and "Enrolled" in html and "Full course" in html
    with CaptureQueriesContext(connection) as queries:
        places = enrolments_of(user=resident)
        [p.enrolment.run.opportunity.organisation.name for p in places]
    assert len(queries) == 1


def _json_ld(html: str) -> dict:
    import json
    import re

    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_each_date_is_in_the_json_ld_with_its_offer_and_places_left_and_never_a_joining_link(client, online):
    CourseRunFactory(opportunity=online.opportunity, places=5, cost=45, starts_on=None)
    resident = signed_in(client)
    enrolment_create(run=online, resident=resident)
    html = page(client, online)
    data = _json_ld(html)
    assert data["@type"] == "Course"
    first, flexible = data["hasCourseInstance"]
    assert first["courseMode"] == "Online" and first["remainingAttendeeCapacity"] == 0
    assert first["offers"]["availability"] == "https://schema.org/SoldOut" and first["offers"]["price"] == "0.00"
    assert "startDate" not in flexible and flexible["remainingAttendeeCapacity"] == 5
    assert flexible["offers"]["price"] == "45.00"
    assert JOINING in html and JOINING not in json.dumps(data)  # the page shows it to them; the JSON-LD never


def test_an_events_dates_are_each_an_event(client):
    run = CourseRunFactory(opportunity__kind=Kind.EVENT, delivery=Delivery.BLENDED, places=30)
    CourseRunFactory(opportunity=run.opportunity, status="cancelled")
    data = _json_ld(page(client, run))
    events = data["@graph"]
    assert [e["@type"] for e in events] == ["Event", "Event"]
    assert events[0]["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert events[0]["remainingAttendeeCapacity"] == 30
    assert events[1]["eventStatus"] == "https://schema.org/EventCancelled"
