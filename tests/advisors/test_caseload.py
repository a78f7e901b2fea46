"""An advisor's caseload: only the open cases they work on, searched and filtered, next step due first, 50 a page,
in the same number of queries however many cases there are; a bad filter is a 400 with a message."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from opportunities.models import PriorityGroup
from tests.accounts.conftest import page_problems
from tests.factories import AdvisorFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 10, 0, tzinfo=LONDON)  # a Monday
TODAY = date(2027, 3, 15)
URL = "/advisors/caseload/"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """`timezone.now` held at NOW: "overdue", "in the next 7 days" and "4 weeks" are counted from it."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def advisor(db):
    return AdvisorFactory(user__full_name="Grace Mensah")


@pytest.fixture
def colleague(db):
    return AdvisorFactory(user__full_name="Tom Ojo")


@pytest.fixture
def signed_in(client, advisor):
    client.force_login(advisor.user)
    return client


def case_for(name, lead, *, email=None, also=(), **fields):
    resident = UserFactory(full_name=name, email=email or f"{name.lower().replace(' ', '.')}@example.test")
    case = CaseFactory(resident=resident, lead_advisor=lead, **fields)
    case.advisors.add(*also)
    return case


def names(response) -> list[str]:
    """The residents listed, in order."""
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


def group(slug) -> PriorityGroup:
    return PriorityGroup.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").capitalize()})[0]


def test_only_the_advisors_own_open_cases_are_listed(signed_in, advisor, colleague):
    case_for("Led By Me", advisor)
    case_for("Helping On", colleague, also=[advisor])
    case_for("Someone Else", colleague)
    case_for("Closed Case", advisor, closed_at=NOW - timedelta(days=1), closed_reason="Found work")
    response = signed_in.get(URL)
    assert response.status_code == 200 and page_problems(response, error=False) == []
    assert sorted(names(response)) == ["Helping On", "Led By Me"]
    assert "2 open cases" in response.content.decode()


def test_a_row_links_to_the_case_and_says_what_is_next(signed_in, advisor, colleague):
    case = case_for(
        "Amara Okafor",
        colleague,
        also=[advisor],
        next_step="Send CV to the construction academy",
        next_step_due=TODAY + timedelta(days=2),
        last_contact_at=NOW - timedelta(days=3),
    )
    case.priority_groups.add(group("care-experienced"))
    html = signed_in.get(URL).content.decode()
    assert f'href="/advisors/cases/{case.pk}/">Amara Okafor</a>' in html
    assert "Send CV to the construction academy" in html and "Due 17 March 2027" in html
    assert "12 March 2027" in html and "Tom Ojo" in html
    assert '<strong class="govuk-tag govuk-tag--blue govuk-!-margin-top-1">Care experienced</strong>' in html


def test_sorted_by_next_step_due_with_none_last_then_by_name(signed_in, advisor):
    case_for("Zara No Date", advisor)
    case_for("Adam No Date", advisor)
    case_for("Later Due", advisor, next_step_due=TODAY + timedelta(days=10))
    case_for("Bea Soon", advisor, next_step_due=TODAY + timedelta(days=1))
    case_for("Abe Soon", advisor, next_step_due=TODAY + timedelta(days=1))
    assert names(signed_in.get(URL)) == ["Abe Soon", "Bea Soon", "Later Due", "Adam No Date", "Zara No Date"]


def test_search_by_name_or_email(signed_in, advisor, colleague):
    case_for("Amara Okafor", advisor, email="amara@example.test")
    case_for("Ola Bello", advisor, email="ob1987@example.test")
    case_for("Amara Jones", colleague)  # not on this advisor's caseload
    assert names(signed_in.get(URL, {"q": "amara"})) == ["Amara Okafor"]
    assert names(signed_in.get(URL, {"q": "OB1987"})) == ["Ola Bello"]
    assert names(signed_in.get(URL, {"q": "ola bello"})) == ["Ola Bello"]
    response = signed_in.get(URL, {"q": "nobody"})
    assert names(response) == [] and "No open cases match these filters" in response.content.decode()


def test_filter_by_priority_group(signed_in, advisor):
    care, send = group("care-experienced"), group("send")
    both = case_for("In Both", advisor)
    both.priority_groups.add(care, send)
    case_for("Care Only", advisor).priority_groups.add(care)
    case_for("In None", advisor)
    assert sorted(names(signed_in.get(URL, {"priority": "care-experienced"}))) == ["Care Only", "In Both"]
    # A case in both groups is listed once.
    assert sorted(names(signed_in.get(URL, {"priority": ["care-experienced", "send"]}))) == ["Care Only", "In Both"]
    assert names(signed_in.get(URL, {"priority": "send"})) == ["In Both"]


def test_filter_by_when_the_next_step_is_due(signed_in, advisor):
    case_for("Was Due Yesterday", advisor, next_step_due=TODAY - timedelta(days=1))
    case_for("Due Today", advisor, next_step_due=TODAY)
    case_for("Due In Seven Days", advisor, next_step_due=TODAY + timedelta(days=7))
    case_for("Due In Eight Days", advisor, next_step_due=TODAY + timedelta(days=8))
    case_for("No Next Step", advisor)
    assert names(signed_in.get(URL, {"due": "overdue"})) == ["Was Due Yesterday"]
    assert names(signed_in.get(URL, {"due": "week"})) == ["Due Today", "Due In Seven Days"]
    both = names(signed_in.get(URL, {"due": ["overdue", "week"]}))
    assert both == ["Was Due Yesterday", "Due Today", "Due In Seven Days"]


def test_filter_no_contact_in_four_weeks(signed_in, advisor):
    case_for("Never Contacted", advisor)
    case_for("Contacted 29 Days Ago", advisor, last_contact_at=NOW - timedelta(days=29))
    case_for("Contacted 27 Days Ago", advisor, last_contact_at=NOW - timedelta(days=27))
    assert sorted(names(signed_in.get(URL, {"quiet": "yes"}))) == ["Contacted 29 Days Ago", "Never Contacted"]


def test_only_cases_i_lead(signed_in, advisor, colleague):
    case_for("Led By Me", advisor)
    case_for("Helping On", colleague, also=[advisor])
    assert names(signed_in.get(URL, {"mine": "yes"})) == ["Led By Me"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"priority": "not-a-group"}, "Choose a priority group from the list"),
        ({"due": "someday"}, "Choose when the next step is due from the list"),
        ({"quiet": "maybe"}, "Choose the tick box from the list"),
        ({"mine": "1"}, "Choose the tick box from the list"),
        ({"q": "x" * 201}, "Search words must be 200 characters or fewer"),
    ],
)
def test_a_bad_filter_is_a_400_with_a_message(signed_in, advisor, query, message):
    case_for("Still Listed", advisor)
    response = signed_in.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert page_problems(response, error=True) == []
    assert names(response) == ["Still Listed"]  # the rest of the filters still apply


def test_fifty_a_page_with_govuk_pagination(signed_in, advisor):
    for number in range(51):
        case_for(f"Resident {number:02d}", advisor)
    first = signed_in.get(URL, {"mine": "yes"})
    assert len(names(first)) == 50 and 'class="govuk-pagination"' in first.content.decode()
    assert 'href="?mine=yes&amp;page=2"' in first.content.decode()
    second = signed_in.get(URL, {"mine": "yes", "page": "2"})
    assert names(second) == ["Resident 50"]
    assert names(signed_in.get(URL, {"page": "lots"})) == names(first)  # not a number: the first page


def test_the_caseload_costs_the_same_queries_however_many_cases(signed_in, advisor, colleague):
    care = group("care-experienced")
    counts, made = [], 0
    for size in (5, 50):
        while made < size:
            case = case_for(f"Resident {made}", advisor if made % 2 else colleague, also=[advisor])
            case.priority_groups.add(care)
            made += 1
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(URL, {"priority": "care-experienced", "q": "resident"})
        assert response.status_code == 200 and len(names(response)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PARTNER, Role.STAFF, Role.ADVISOR])
def test_only_advisors_with_a_profile_see_a_caseload(client, role):
    client.force_login(UserFactory(role=role))  # an advisor without a profile is not an advisor yet
    assert client.get(URL).status_code == 404
