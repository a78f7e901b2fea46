"""/courses/: courses and events with a date residents can still join, each filter, the order, places left, bad
values explained, and the same number of queries however many dates there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CourseRun, Delivery, RunStatus
from courses.selectors import joinable_runs, why_not_enrol
from courses.services import enrolment_create
from opportunities.models import Kind, Status
from tests.factories import CourseRunFactory, OpportunityFactory, UserFactory, sector

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get("/courses/", params)
    assert response.status_code == 200
    return [result.opportunity.title for result in response.context["result"].results]


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def course(title, *, kind=Kind.COURSE, **run):
    return CourseRunFactory(opportunity__title=title, opportunity__kind=kind, **run)


def test_only_dates_residents_can_still_join_are_listed(client):
    course("Open", starts_on=in_days(10))
    course("Cancelled", status=RunStatus.CANCELLED)
    course("Started", starts_on=timezone.localdate())
    course("Enrolment closed", enrolment_deadline=in_days(-1))
    course("Draft", opportunity__status=Status.DRAFT)
    course("Listing closed", opportunity__closing_date=in_days(-1))
    OpportunityFactory(title="A job")
    assert titles(client) == ["Open"]


def test_each_filter_narrows(client):
    course("Evening bookkeeping online", delivery=Delivery.ONLINE, evening=True, daytime=False, level=2)
    course(
        "Weekend care open day",
        kind=Kind.EVENT,
        opportunity__sector=sector("health-and-social-care"),
        weekend=True,
        daytime=False,
        cost=10,
        starts_on=in_days(60),
    )
    course("Flexible English", starts_on=None, delivery=Delivery.BLENDED, level=1)
    assert set(titles(client, kind="event")) == {"Weekend care open day"}
    assert set(titles(client, sector="health-and-social-care")) == {"Weekend care open day"}
    assert set(titles(client, level="2")) == {"Evening bookkeeping online"}
    assert set(titles(client, delivery=["online", "blended"])) == {"Evening bookkeeping online", "Flexible English"}
    assert set(titles(client, starts="30")) == {"Evening bookkeeping online", "Flexible English"}
    assert set(titles(client, free="yes")) == {"Evening bookkeeping online", "Flexible English"}
    assert set(titles(client, time=["evening", "weekend"])) == {"Evening bookkeeping online", "Weekend care open day"}


def test_soonest_first_with_places_left_and_more_dates(client):
    later = course("Later", starts_on=in_days(40))
    soon = course("Soon", starts_on=in_days(5), places=1)
    course("Flexible", starts_on=None)
    for days in (50, 60, 70):
        CourseRunFactory(opportunity=later.opportunity, starts_on=in_days(days))
    enrolment_create(run=soon, resident=UserFactory())
    assert titles(client) == ["Flexible", "Soon", "Later"]
    html = client.get("/courses/").content.decode()
    assert "full, with a waiting list" in html and "And 1 more date." in html and "10 places left" in html


def test_bad_values_are_explained_and_the_rest_used(client):
    course("Open")
    response = client.get("/courses/", {"kind": "nope", "level": "99", "sector": "astronomy", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem with your search" in html
    assert '<a href="#kind-course">Choose courses or events from the list</a>' in html
    assert '<a href="#id_level">Choose a level from the list</a>' in html
    assert [r.opportunity.title for r in response.context["result"].results] == ["Open"]


def test_the_same_queries_however_many_dates(client):
    counts = []
    for more in (2, 25):
        for number in range(more):
            run = CourseRunFactory(starts_on=in_days(3 + number))
            enrolment_create(run=run, resident=UserFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/courses/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] == 5, counts  # the count, the page's courses, their listings, their dates, the subjects


def test_the_list_and_the_reasons_on_a_course_page_agree():
    """joinable_runs (SQL) and why_not_enrol (words) are two forms of one rule: check them on every state."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    listings = [(Status.PUBLISHED, None), (Status.PUBLISHED, yesterday), (Status.CLOSED, None)]
    for status in RunStatus.values:
        for starts in (None, today - timedelta(days=1), today, today + timedelta(days=1)):
            for deadline in (None, today - timedelta(days=1), today):
                for listing_status, closing in listings:
                    CourseRunFactory(
                        status=status,
                        starts_on=starts,
                        ends_on=None,
                        enrolment_deadline=deadline,
                        opportunity__status=listing_status,
                        opportunity__closing_date=closing,
                    )
    joinable = set(joinable_runs(today).values_list("pk", flat=True))
    runs = CourseRun.objects.select_related("opportunity")
    assert joinable == {run.pk for run in runs if not why_not_enrol(run, today)}
    assert joinable  # some of each
