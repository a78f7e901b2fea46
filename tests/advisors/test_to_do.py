"""What an advisor has to do besides appointments: check-ins due this week or overdue and next steps due, on
Today and in a morning message (once a day), only ever for the cases they are on."""

from datetime import date, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisors.models import CheckIn, Outcome
from advisors.services.availability import advisors_to_do_send
from notifications.models import Notification
from tests.factories import AdvisorFactory, CaseFactory, ReferralFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2027, 3, 23)


@pytest.fixture(autouse=True)
def clock():
    with patch("django.utils.timezone.now", lambda: datetime.combine(TODAY, time(8, 0), tzinfo=LONDON)):
        yield


@pytest.fixture
def advisor():
    return AdvisorFactory(user__full_name="Grace Mensah")


def started(case, *, days_ago: int, employer="Eastway Freight"):
    """A job start with its check-ins, as outcome_record makes them."""
    start = Outcome.objects.create(
        case=case, kind="job_start", achieved_on=TODAY - timedelta(days=days_ago), employer=employer
    )
    for due, after in (("first_week", 7), ("week_13", 91), ("week_26", 182)):
        CheckIn.objects.create(case=case, outcome=start, due=due, due_on=start.achieved_on + timedelta(days=after))
    return start


def test_today_lists_check_ins_next_steps_and_referrals_waiting(client, advisor):
    overdue = CaseFactory(lead_advisor=advisor, resident__full_name="Tunde Bakare")
    started(overdue, days_ago=10)  # first week due 3 days ago
    soon = CaseFactory(lead_advisor=advisor, resident__full_name="Mei Lin Chen")
    started(soon, days_ago=87, employer="Dalston Rise Bakery")  # 13 weeks due in 4 days (first week long done)
    CheckIn.objects.filter(case=soon, due="first_week").update(done_at=datetime(2026, 12, 30, tzinfo=LONDON))
    CaseFactory(lead_advisor=advisor, resident__full_name="Hannah Goldberg", next_step="Call about the class",
                next_step_due=TODAY - timedelta(days=2))  # fmt: skip
    CaseFactory(lead_advisor=advisor, next_step="Not yet", next_step_due=TODAY + timedelta(days=5))
    theirs = CaseFactory(resident__full_name="Someone Else", next_step="Not mine", next_step_due=TODAY)
    started(theirs, days_ago=10)
    ReferralFactory()
    client.force_login(advisor.user)
    page = client.get("/advisors/").content.decode()
    assert "Tunde Bakare: after the first week at Eastway Freight" in page and "since 20 March" in page
    assert "Mei Lin Chen: at 13 weeks at Dalston Rise Bakery" in page and "due Saturday 27 March" in page
    assert "Hannah Goldberg: Call about the class" in page
    assert "Not yet" not in page and "Someone Else" not in page and "Not mine" not in page
    assert "1 referral waiting for an advisor" in page


def test_nothing_to_do_says_so(client, advisor):
    client.force_login(advisor.user)
    assert "No check-ins or next steps are due" in client.get("/advisors/").content.decode()


def test_today_costs_the_same_queries_however_much_is_due(client, advisor):
    client.force_login(advisor.user)

    def grow(size):
        for _ in range(size):
            case = CaseFactory(lead_advisor=advisor, next_step="Ring", next_step_due=TODAY)
            started(case, days_ago=10)

    counts = queries_for(client, "/advisors/", grow)
    assert counts[0] == counts[1], counts


def test_each_advisor_is_told_once_a_morning_of_what_is_due_on_their_cases(advisor):
    coach = AdvisorFactory(user__full_name="Tomasz Nowak")
    case = CaseFactory(lead_advisor=advisor, resident__full_name="Tunde Bakare", next_step="Send the CV",
                       next_step_due=TODAY)  # fmt: skip
    case.advisors.add(coach)
    started(case, days_ago=10)
    idle = AdvisorFactory()
    assert advisors_to_do_send() == 2
    advisors_to_do_send()  # the same morning again: nothing more
    assert Notification.objects.filter(kind="advisor_to_do").count() == 2
    told = Notification.objects.get(recipient=advisor.user, kind="advisor_to_do")
    assert told.subject == "Due on your cases: 1 check-in and 1 next step"
    assert "Tunde Bakare: after the first week, due Saturday 20 March" in told.body
    assert "Tunde Bakare: Send the CV" in told.body and told.link == "/advisors/"
    assert Notification.objects.filter(recipient=coach.user, kind="advisor_to_do").exists()
    assert not Notification.objects.filter(recipient=idle.user).exists()


def test_the_morning_message_runs_from_beat():
    from config.celery import app

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "advisors.tasks.tell_advisors_what_is_due")
    assert entry["schedule"].hour == {8}


def test_the_morning_message_costs_the_same_queries_however_much_is_due(advisor):
    counts = []
    for size in (2, 12):
        Notification.objects.all().delete()
        for _ in range(size):
            started(CaseFactory(lead_advisor=advisor, next_step="Ring", next_step_due=TODAY), days_ago=10)
        with CaptureQueriesContext(connection) as queries:
            advisors_to_do_send()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
