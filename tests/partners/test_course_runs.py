"""A partner's dates of courses and events in /partners/: adding and changing them for their own courses only, the
people enrolled and waiting (page and CSV), cancelling with a reason, and another organisation's dates a 404."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from advisors.models import Outcome, OutcomeKind
from courses.models import Attendance, CourseRun, Enrolment, EnrolmentStatus, RunStatus
from courses.services import enrolment_create
from notifications.models import Notification
from opportunities.models import Kind
from tests.factories import CaseFactory, CourseRunFactory, OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/partners/courses/courserun"
E = EnrolmentStatus


@pytest.fixture
def course_a(organisation_a):
    return OpportunityFactory(organisation=organisation_a, kind=Kind.COURSE, title="Bookkeeping for beginners")


@pytest.fixture
def run_a(course_a):
    return CourseRunFactory(opportunity=course_a, places=2)


@pytest.fixture
def run_b(organisation_b):
    return CourseRunFactory(opportunity__organisation=organisation_b, opportunity__title="Secret skills course")


def form(run_or_course, **changes) -> dict:
    starts = timezone.localdate() + timedelta(days=30)
    data = {
        "opportunity": run_or_course.pk,
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=60)).isoformat(),
        "days_and_times": "Mondays, 6pm to 8pm",
        "evening": "on",
        "delivery": "classroom",
        "venue": "Hackney Central Library, 1 Reading Lane, London E8 1GQ",
        "places": "12",
        "cost": "0",
    }
    return {**data, **changes}


def test_a_member_adds_a_date_to_their_own_course_only(client, partner_a, course_a, organisation_b):
    client.force_login(partner_a)
    assert client.post(f"{BASE}/add/", form(course_a)).status_code == 302
    run = CourseRun.objects.get()
    assert run.opportunity == course_a and run.places == 12 and run.evening
    theirs = OpportunityFactory(organisation=organisation_b, kind=Kind.COURSE)
    job = OpportunityFactory(organisation=course_a.organisation)
    for listing in (theirs, job):
        response = client.post(f"{BASE}/add/", form(listing))
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert CourseRun.objects.count() == 1


def test_a_date_online_needs_its_tool_and_a_classroom_its_venue(client, partner_a, course_a):
    client.force_login(partner_a)
    response = client.post(f"{BASE}/add/", form(course_a, delivery="online", venue=""))
    assert "Enter the online tool it runs on" in response.content.decode()
    response = client.post(f"{BASE}/add/", form(course_a, venue=""))
    assert "Enter the address of the venue" in response.content.decode()
    assert not CourseRun.objects.exists()


def test_fewer_places_than_taken_is_refused_and_a_change_of_date_is_told(client, partner_a, run_a):
    on_it = [UserFactory() for _ in range(3)]
    for person in on_it:
        enrolment_create(run=run_a, resident=person)
    client.force_login(partner_a)
    change = f"{BASE}/{run_a.pk}/change/"
    response = client.post(change, form(run_a.opportunity, places="1"))
    assert "2 people already have a place or an offer of one" in response.content.decode()
    assert CourseRun.objects.get(pk=run_a.pk).places == 2
    later = timezone.localdate() + timedelta(days=45)
    assert client.post(change, form(run_a.opportunity, starts_on=later.isoformat(), places="3")).status_code == 302
    run_a.refresh_from_db()
    assert run_a.starts_on == later and run_a.places == 3
    assert Enrolment.objects.get(run=run_a, resident=on_it[2]).status == E.OFFERED  # the place added went on
    told = Notification.objects.filter(kind="course_run_changed")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in on_it)


def test_the_people_page_and_the_csv_list_who_is_enrolled_and_waiting(client, partner_a, run_a):
    for name in ("Ada Lovelace", "=HYPERLINK(1)", "Kwame Asante"):
        enrolment_create(run=run_a, resident=UserFactory(full_name=name))
    client.force_login(partner_a)
    page = client.get(f"{BASE}/{run_a.pk}/people/").content.decode()
    assert "Ada Lovelace" in page and "Kwame Asante" in page and "On the waiting list" in page
    response = client.get(f"{BASE}/{run_a.pk}/people.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email", "Status", "Place in waiting list", "Joined"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Kwame Asante"][2:4] == ["On the waiting list", "1"]
    assert "'=HYPERLINK(1)" in by_name  # never a formula in a spreadsheet


def test_cancelling_a_date_asks_why_and_tells_everyone(client, partner_a, run_a):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        enrolment_create(run=run_a, resident=person)
    client.force_login(partner_a)
    cancel = f"{BASE}/{run_a.pk}/cancel/"
    assert "3 people are enrolled, offered a place or waiting" in client.get(cancel).content.decode()
    response = client.post(cancel, {"reason": ""})
    assert response.status_code == 400 and "Enter why the date is cancelled" in response.content.decode()
    assert CourseRun.objects.get(pk=run_a.pk).status == RunStatus.OPEN
    assert client.post(cancel, {"reason": "The tutor is ill."}).status_code == 302
    assert CourseRun.objects.get(pk=run_a.pk).status == RunStatus.CANCELLED
    assert Notification.objects.filter(kind="course_run_cancelled", body__contains="The tutor is ill.").count() == 3
    # A cancelled date is only read.
    response = client.post(f"{BASE}/{run_a.pk}/change/", form(run_a.opportunity, places="50"))
    assert response.status_code == 403 and CourseRun.objects.get(pk=run_a.pk).places == 2


def test_a_date_people_joined_is_cancelled_not_deleted(client, partner_a, run_a, course_a):
    client.force_login(partner_a)
    empty = CourseRunFactory(opportunity=course_a)
    enrolment_create(run=run_a, resident=UserFactory())
    assert client.get(f"{BASE}/{run_a.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}/{empty.pk}/delete/", {"post": "yes"}).status_code == 302
    assert list(CourseRun.objects.all()) == [run_a]


@pytest.mark.parametrize("page", ["change", "people", "people.csv", "cancel", "delete", "history"])
def test_another_organisations_date_and_its_people_are_a_404(client, partner_a, run_b, page):
    enrolment_create(run=run_b, resident=UserFactory(full_name="Someone Else"))
    client.force_login(partner_a)
    assert client.get(f"{BASE}/{run_b.pk}/{page}" + ("" if page.endswith(".csv") else "/")).status_code == 404
    assert client.post(f"{BASE}/{run_b.pk}/cancel/", {"reason": "No."}).status_code == 404
    assert "Secret skills course" not in client.get(f"{BASE}/").content.decode()
    assert CourseRun.objects.get(pk=run_b.pk).status == RunStatus.OPEN


def _started(run):
    CourseRun.objects.filter(pk=run.pk).update(
        starts_on=timezone.localdate() - timedelta(days=14), ends_on=timezone.localdate() + timedelta(days=30)
    )


def test_a_register_is_taken_per_session_and_taken_again_replaces_it(client, partner_a, run_a):
    came, missed = UserFactory(full_name="Ada Lovelace"), UserFactory(full_name="Kwame Asante")
    entries = [enrolment_create(run=run_a, resident=person) for person in (came, missed)]
    _started(run_a)
    client.force_login(partner_a)
    register = f"{BASE}/{run_a.pk}/register/"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "Who came on" in client.get(register, {"on": yesterday}).content.decode()
    post = {"on": yesterday, "action": "register", "present": [entries[0].pk]}
    assert client.post(register, post).status_code == 302
    assert client.post(register, {**post, "present": [entries[0].pk, entries[1].pk]}).status_code == 302
    assert sorted(Attendance.objects.values_list("enrolment_id", "present")) == [(e.pk, True) for e in entries]
    response = client.post(register, {**post, "on": (timezone.localdate() + timedelta(days=1)).isoformat()})
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    for forged in ([999999], ["abc"]):
        response = client.post(register, {**post, "present": forged})
        assert response.status_code == 400 and "Choose people enrolled on this date" in response.content.decode()
    assert Attendance.objects.count() == 2


def test_completing_a_date_records_it_on_the_residents_case(client, partner_a, run_a):
    with_case, without = UserFactory(), UserFactory()
    case = CaseFactory(resident=with_case)
    entries = [enrolment_create(run=run_a, resident=person) for person in (with_case, without)]
    _started(run_a)
    client.force_login(partner_a)
    register = f"{BASE}/{run_a.pk}/register/"
    response = client.post(register, {"action": "complete", "completed": [e.pk for e in entries]})
    assert response.status_code == 302
    assert set(Enrolment.objects.filter(run=run_a).values_list("status", flat=True)) == {E.COMPLETED}
    (outcome,) = Outcome.objects.all()
    assert outcome.case == case and outcome.kind == OutcomeKind.COURSE_COMPLETION
    assert outcome.job_title == "Bookkeeping for beginners" and outcome.opportunity == run_a.opportunity
    client.force_login(case.lead_advisor.user)  # the advisor sees it on the case
    outcomes = client.get(f"/advisors/cases/{case.pk}/outcomes/").content.decode()
    assert "Bookkeeping for beginners" in outcomes
    client.force_login(partner_a)
    # Completed again (a second click): nothing more.
    response = client.post(register, {"action": "complete", "completed": [entries[0].pk]})
    assert response.status_code == 400 and Outcome.objects.count() == 1


def test_the_register_of_another_organisations_date_is_a_404(client, partner_a, run_b):
    entry = enrolment_create(run=run_b, resident=UserFactory())
    _started(run_b)
    client.force_login(partner_a)
    assert client.get(f"{BASE}/{run_b.pk}/register/").status_code == 404
    completing = {"action": "complete", "completed": [entry.pk]}
    assert client.post(f"{BASE}/{run_b.pk}/register/", completing).status_code == 404
    assert Enrolment.objects.get(pk=entry.pk).status == E.ENROLLED


def test_the_partners_date_pages_cost_the_same_queries_however_many_people_and_dates(client, partner_a, course_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(partner_a)
    run = CourseRunFactory(opportunity=course_a, places=3)
    _started(run)
    counts = []
    for more in (1, 6):
        for _ in range(more):
            CourseRunFactory(opportunity=course_a)
            Enrolment.objects.create(run=run, resident=UserFactory(), status=E.WAITING)
        pages = {}
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        for page in ("", f"{run.pk}/people/", f"{run.pk}/people.csv", f"{run.pk}/register/?on={yesterday}"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{BASE}/{page}").status_code == 200
            pages[page] = len(queries)
        counts.append(pages)
    assert counts[0] == counts[1], counts
