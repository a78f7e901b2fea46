"""A resident's side of their support at /account/support/: their advisors, their plan (marking their own actions
done), their next step and what they share; never the case notes, and never anyone else's plan."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from advisors.models import CaseAuditEntry, CaseNote, SupportAction
from advisors.selectors.cases import support_of
from advisors.services import cases as services
from residents.models import ResidentProfile
from tests.factories import AdvisorFactory, CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = "/account/support/"
SHARING = "/account/support/sharing/"


def mark_url(action):
    return f"/account/support/actions/{action.pk}/mark/"


def action(case, description="Update your CV", **fields) -> SupportAction:
    return SupportAction.objects.create(
        case=case, description=description, owner=fields.pop("owner", SupportAction.Owner.RESIDENT), **fields
    )


@pytest.fixture
def case(db):
    resident = UserFactory(full_name="Amara Okafor", role=Role.RESIDENT)
    lead = AdvisorFactory(user__full_name="Priya Shah", job_title="Hackney Works advisor")
    case = CaseFactory(resident=resident, lead_advisor=lead, next_step="Practise for the interview")
    case.next_step_due = date(2031, 5, 2)
    case.save()
    return case


@pytest.fixture
def as_resident(client, case):
    client.force_login(case.resident)
    return client


def test_someone_with_no_advisor_is_shown_how_to_ask_for_one(client, resident):
    client.force_login(resident)
    response = client.get(HOME)
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    assert 'href="/advisors/refer/"' in page and 'href="/appointments/book/"' in page
    assert support_of(user=resident) is None


def test_a_closed_case_is_no_longer_their_support(client, case):
    case.closed_at = timezone.now()
    case.save()
    client.force_login(case.resident)
    assert 'href="/advisors/refer/"' in client.get(HOME).content.decode()
    assert client.get(SHARING).status_code == 404


def test_the_resident_sees_their_advisors_plan_and_next_step_but_never_the_notes(as_resident, case):
    coach = AdvisorFactory(user__full_name="Dan Brown", job_title="Job coach")
    case.advisors.add(coach)
    action(case, "Send your CV to Lea Bridge Builders", due_on=date(2031, 4, 30))
    action(case, "Find you a work placement", owner=SupportAction.Owner.ADVISOR)
    action(case, "Sign up for the forklift course", done_at=timezone.now())
    CaseNote.objects.create(case=case, author=case.lead_advisor.user, body="PRIVATE: worried about housing")

    response = as_resident.get(HOME)
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    for words in (
        "Priya Shah",
        "Hackney Works advisor",
        "Dan Brown",
        "Job coach",
        "Send your CV to Lea Bridge Builders",
        "30 April 2031",
        "Find you a work placement",
        "Sign up for the forklift course",
        "Practise for the interview",
        "2 May 2031",
    ):
        assert words in page, words
    assert "PRIVATE" not in page and "housing" not in page
    assert not CaseAuditEntry.objects.exists()


def test_the_resident_marks_their_own_action_done_but_not_the_advisors(as_resident, case):
    theirs = action(case)
    advisors = action(case, "Find you a work placement", owner=SupportAction.Owner.ADVISOR)
    page = as_resident.get(HOME).content.decode()
    assert mark_url(theirs) in page and mark_url(advisors) not in page

    response = as_resident.post(mark_url(theirs), {"done": "yes"})
    assert response.status_code == 302 and response["Location"] == HOME
    theirs.refresh_from_db()
    assert theirs.done_at is not None
    as_resident.post(mark_url(theirs), {"done": "no"})
    theirs.refresh_from_db()
    assert theirs.done_at is None

    assert as_resident.post(mark_url(advisors), {"done": "yes"}).status_code == 404
    assert as_resident.get(mark_url(theirs)).status_code == 405
    advisors.refresh_from_db()
    assert advisors.done_at is None
    with pytest.raises(PermissionDenied):
        services.support_action_mark(action=advisors, done=True, by=case.resident)
    advisors.refresh_from_db()
    assert advisors.done_at is None


def test_a_forged_mark_is_refused_with_a_message(as_resident, case):
    theirs = action(case)
    response = as_resident.post(mark_url(theirs), {"done": "perhaps"})
    assert response.status_code == 400 and "Choose done or not done" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_another_residents_plan_is_never_reachable(client, case):
    theirs = action(case, "Amara's own action")
    other = UserFactory(role=Role.RESIDENT)
    CaseFactory(resident=other)
    client.force_login(other)
    page = client.get(HOME).content.decode()
    assert "Amara's own action" not in page and "Priya Shah" not in page
    assert client.post(mark_url(theirs), {"done": "yes"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None
    with pytest.raises(PermissionDenied):
        services.support_action_mark(action=theirs, done=True, by=other)
    with pytest.raises(PermissionDenied):
        services.case_sharing_set(case=case, by=other, shares_profile=True, shares_equality=True)
    case.refresh_from_db()
    assert not case.shares_profile


def test_the_resident_chooses_what_their_advisors_see(as_resident, client, case):
    ResidentProfile.objects.create(user=case.resident, phone="07700 900123")
    page = as_resident.get(HOME).content.decode()
    assert "Not shared" in page and 'href="/account/support/sharing/"' in page
    page = as_resident.get(SHARING).content.decode()
    assert 'name="shares_profile" value="no" id="id_shares_profile_1" checked' in page
    assert "Your advisors can always see the applications you send" in page  # whatever they choose here

    response = as_resident.post(SHARING, {"shares_profile": "yes", "shares_equality": "no"})
    assert response.status_code == 302 and response["Location"] == HOME
    case.refresh_from_db()
    assert (case.shares_profile, case.shares_equality) == (True, False)

    client.force_login(case.lead_advisor.user)
    assert "07700 900123" in client.get(f"/advisors/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"shares_profile": "always", "shares_equality": "no"}, "Choose yes if you want to share your profile"),
        ({"shares_profile": "yes", "shares_equality": "1"}, "Choose yes if you want to share your equality"),
        ({"shares_equality": "yes"}, "Choose yes if you want to share your profile"),
    ],
)
def test_forged_sharing_values_are_refused_and_nothing_changes(as_resident, case, fields, message):
    response = as_resident.post(SHARING, fields)
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in page and "There is a problem" in page
    assert message in page
    case.refresh_from_db()
    assert (case.shares_profile, case.shares_equality) == (False, False)


def test_only_the_resident_chooses_what_is_shared(case):
    with pytest.raises(PermissionDenied):
        services.case_sharing_set(case=case, by=case.lead_advisor.user, shares_profile=True, shares_equality=True)
    with pytest.raises(ValidationError):
        services.case_sharing_set(case=case, by=case.resident, shares_profile="yes", shares_equality=False)


def test_signed_out_people_sign_in_and_others_see_no_case(client, case):
    theirs = action(case)
    for page in (HOME, SHARING):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), page
    assert client.post(mark_url(theirs), {"done": "yes"}).status_code == 302
    for person in (case.lead_advisor.user, MembershipFactory().user):
        client.force_login(person)
        assert "Update your CV" not in client.get(HOME).content.decode()
        assert client.get(SHARING).status_code == 404
        assert client.post(mark_url(theirs), {"done": "yes"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_the_support_page_keeps_its_queries_as_the_plan_grows(as_resident, case):
    def grow(n):
        for number in range(n):
            case.advisors.add(AdvisorFactory())
            action(case, f"Action {number}", due_on=timezone.localdate() + timedelta(days=number))
            action(case, f"Advisor's action {number}", owner=SupportAction.Owner.ADVISOR)
            CaseNote.objects.create(case=case, author=case.lead_advisor.user, body=f"Note {number}")

    counts = []
    for size in (2, 12):
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            assert as_resident.get(HOME).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_support_of_gives_the_lead_first_and_the_whole_plan(case):
    coach = AdvisorFactory(user__full_name="Aaron Able")  # sorts before the lead by name
    case.advisors.add(coach)
    first, second = action(case, "First"), action(case, "Second", owner=SupportAction.Owner.ADVISOR)
    support = support_of(user=case.resident)
    assert support.case == case
    assert support.advisors == [case.lead_advisor, coach]
    assert set(support.actions) == {first, second}
