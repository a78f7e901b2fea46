"""A resident's case, as the advisors on it see it: the summary (what the resident shares, referrals, advisors,
priority groups, next step, appointments), the assessment, the support plan and the audited case notes; nobody
else reaches any of it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from advisors.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Assessment,
    Barrier,
    CaseAuditEntry,
    CaseNote,
    Mode,
    Referral,
    ReferralSource,
    SupportAction,
)
from advisors.services import cases as services
from notifications.models import Notification
from opportunities.models import PriorityGroup
from residents.models import EqualityAnswers, ResidentProfile
from tests.concurrency import at_once
from tests.factories import AdvisorFactory, CaseFactory, MembershipFactory, ReferralFactory, UserFactory, sector
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


def appointment(advisor, resident, starts_at, type=AppointmentType.CAREERS_GUIDANCE, **fields) -> Appointment:
    return Appointment.objects.create(
        advisor=advisor,
        resident=resident,
        type=type,
        mode=Mode.PHONE,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        **fields,
    )


def note(case, author, body="Talked about warehouse work.", **fields) -> CaseNote:
    return CaseNote.objects.create(case=case, author=author, body=body, **fields)


def action(case, description="Update your CV", **fields) -> SupportAction:
    return SupportAction.objects.create(
        case=case, description=description, owner=fields.pop("owner", SupportAction.Owner.RESIDENT), **fields
    )


@pytest.fixture
def groups(db) -> list[PriorityGroup]:
    """Two of the priority groups (made again if a transactional test has flushed the reference data)."""
    names = ["Care-experienced young people", "Young people aged 16 to 24"]
    return [PriorityGroup.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in names]


@pytest.fixture
def case(db):
    resident = UserFactory(full_name="Amara Okafor", email="amara@example.test", role=Role.RESIDENT)
    lead = AdvisorFactory(user__full_name="Priya Shah", job_title="Hackney Works advisor")
    return CaseFactory(resident=resident, lead_advisor=lead)


@pytest.fixture
def lead(case):
    return case.lead_advisor.user


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def coach(case):
    """A job coach working on the case with the lead."""
    coach = AdvisorFactory(user__full_name="Dan Brown", job_title="Job coach")
    case.advisors.add(coach)
    return coach


def url(case, section=""):
    return f"/advisors/cases/{case.pk}/{section}"


def problem(response, message):
    """A GOV.UK error page: 400, "Error: " in the title, the error summary and the message."""
    page = response.content.decode()
    assert response.status_code == 400, response.status_code
    assert "<title>Error: " in page
    assert "There is a problem" in page and 'class="govuk-error-summary"' in page
    assert message in page, message
    return page


def date_fields(name, day: date | None = None, *, raw=None):
    parts = raw or ((str(day.day), str(day.month), str(day.year)) if day else ("", "", ""))
    return {f"{name}_day": parts[0], f"{name}_month": parts[1], f"{name}_year": parts[2]}


# The summary -------------------------------------------------------------------------------------------------


def test_summary_shows_the_resident_referral_advisors_next_step_and_their_appointments(as_lead, case, coach):
    membership = MembershipFactory(user__full_name="Kofi Mensah")
    ReferralFactory(
        resident=case.resident,
        case=case,
        status=Referral.Status.ASSIGNED,
        source=ReferralSource.PARTNER,
        referred_by=membership.user,
        organisation=membership.organisation,
        help_wanted="Looking for a first job in construction.",
        contact_times="After 4pm",
        adjustments="Needs a step-free venue",
        consent_recorded_at=timezone.now(),
        consent_how="Agreed on the phone",
    )
    case.next_step, case.next_step_due = "Send two applications", date(2031, 4, 30)
    case.save()
    soon = timezone.now() + timedelta(days=3)
    appointment(case.lead_advisor, case.resident, soon.replace(minute=0, second=0, microsecond=0))
    elsewhere = AdvisorFactory()
    appointment(elsewhere, case.resident, soon + timedelta(hours=2), AppointmentType.MOCK_INTERVIEW)
    cancelled = AppointmentStatus.CANCELLED
    appointment(coach, case.resident, soon + timedelta(days=1), AppointmentType.CV_AND_APPLICATIONS, status=cancelled)
    appointment(coach, case.resident, timezone.now() - timedelta(days=3), AppointmentType.IN_WORK_SUPPORT)

    response = as_lead.get(url(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    for words in (
        "Amara Okafor",
        "amara@example.test",
        "a partner organisation",
        "Looking for a first job in construction.",
        "Phone call",
        "After 4pm",
        "Needs a step-free venue",
        "Kofi Mensah",
        membership.organisation.name,
        "Priya Shah",
        "Dan Brown",
        "Job coach",
        "Send two applications",
        "30 April 2031",
        "Careers guidance",
    ):
        assert words in page, words
    for not_theirs in ("Mock interview", "CV and applications", "In-work support"):  # elsewhere, cancelled, past
        assert not_theirs not in page, not_theirs


def test_profile_and_equality_answers_are_shown_only_when_the_resident_shares_them(as_lead, case):
    profile = ResidentProfile.objects.create(
        user=case.resident, phone="07700 900123", postcode="E8 1DY", aspirations="Become an electrician"
    )
    profile.interested_sectors.add(sector("construction"))
    EqualityAnswers.objects.create(user=case.resident, ethnicity="black_caribbean", care_experienced="yes")

    page = as_lead.get(url(case)).content.decode()
    assert "Amara Okafor has not chosen to share their profile with advisors" in page
    assert "Amara Okafor has not chosen to share their equality monitoring answers with advisors" in page
    assert "07700 900123" not in page and "Become an electrician" not in page and "Construction" not in page
    assert "Caribbean" not in page

    case.shares_profile = True
    case.save()
    page = as_lead.get(url(case)).content.decode()
    assert "07700 900123" in page and "Become an electrician" in page and "Construction" in page
    assert "not chosen to share their profile" not in page
    assert "Caribbean" not in page

    case.shares_equality = True
    case.save()
    page = as_lead.get(url(case)).content.decode()
    assert "Black, Black British, Caribbean or African: Caribbean" in page
    assert "not chosen to share their equality" not in page

    # Once the case is closed, what they shared is no longer shown.
    case.closed_at = timezone.now()
    case.save()
    page = as_lead.get(url(case)).content.decode()
    assert "07700 900123" not in page and "Caribbean" not in page
    assert "This case is closed: what Amara Okafor chose to share is no longer shown." in page


def test_priority_groups_are_chosen_by_checkboxes(as_lead, case, groups):
    page = as_lead.get(url(case, "priority-groups/")).content.decode()
    assert page.count('type="checkbox" name="groups"') == PriorityGroup.objects.count()

    response = as_lead.post(url(case, "priority-groups/"), {"groups": [group.pk for group in groups]})
    assert response.status_code == 302 and response["Location"] == url(case)
    assert set(case.priority_groups.all()) == set(groups)
    page = as_lead.get(url(case)).content.decode()
    assert all(group.name in page for group in groups)

    response = as_lead.post(url(case, "priority-groups/"), {"groups": []})
    assert not case.priority_groups.exists()


@pytest.mark.parametrize("forged", ["999999", "care-experienced", "1 OR 1=1"])
def test_a_priority_group_not_in_the_list_is_refused(as_lead, case, groups, forged):
    real = groups[0]
    response = as_lead.post(url(case, "priority-groups/"), {"groups": [real.pk, forged]})
    problem(response, "Choose priority groups from the list")
    assert not case.priority_groups.exists()


def test_the_next_step_and_its_due_date_are_set(as_lead, case):
    due = timezone.localdate() + timedelta(days=14)
    response = as_lead.post(
        url(case, "next-step/"), {"next_step": " Mock interview practice "} | date_fields("due", due)
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.next_step, case.next_step_due) == ("Mock interview practice", due)
    page = as_lead.get(url(case, "next-step/")).content.decode()
    assert 'value="Mock interview practice"' in page and f'value="{due.day}"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"next_step": "Call back"} | date_fields("due", raw=("31", "2", "2031")), "Due date must be a real date"),
        ({"next_step": "Call back"} | date_fields("due", raw=("1", "", "2031")), "Due date must include a month"),
        ({"next_step": "Call back"} | date_fields("due", date(2020, 1, 6)), "Due date must be today or in the future"),
        (
            {"next_step": ""} | date_fields("due", date.today() + timedelta(days=30)),
            "Enter the next step, or remove its due date",
        ),
        ({"next_step": "x" * 201} | date_fields("due"), "Next step must be 200 characters or fewer"),
    ],
)
def test_a_bad_next_step_is_refused_and_nothing_is_written(as_lead, case, fields, message):
    problem(as_lead.post(url(case, "next-step/"), fields), message)
    case.refresh_from_db()
    assert (case.next_step, case.next_step_due) == ("", None)


def test_another_advisor_is_added_to_the_case_and_told(as_lead, client, case):
    coach = AdvisorFactory(user__full_name="Dan Brown")
    page = as_lead.get(url(case, "advisors/add/")).content.decode()
    assert "Dan Brown" in page and f'value="{case.lead_advisor.pk}"' not in page

    response = as_lead.post(url(case, "advisors/add/"), {"advisor": coach.pk})
    assert response.status_code == 302
    assert coach in case.advisors.all()
    told = Notification.objects.get(recipient=coach.user, kind="case_assigned")
    assert "Amara Okafor" in told.body and "Priya Shah" in told.body
    client.force_login(coach.user)
    assert client.get(url(case)).status_code == 200
    assert client.get(url(case, "notes/")).status_code == 200


def test_an_advisor_already_on_the_case_or_not_an_advisor_is_refused(as_lead, case, coach):
    not_an_advisor = AdvisorFactory(user__role=None)
    left = AdvisorFactory(user__is_active=False)
    for forged in (coach.pk, case.lead_advisor.pk, not_an_advisor.pk, left.pk, 999999, "Dan"):
        problem(as_lead.post(url(case, "advisors/add/"), {"advisor": forged}), "Choose an advisor from the list")
    assert set(case.advisors.all()) == {case.lead_advisor, coach}
    with pytest.raises(ValidationError, match="already working on this case"):
        services.case_advisor_add(case=case, advisor=coach, by=case.lead_advisor.user)
    with pytest.raises(ValidationError, match="Choose an advisor from the list"):
        services.case_advisor_add(case=case, advisor=left, by=case.lead_advisor.user)


# The assessment ----------------------------------------------------------------------------------------------


ASSESSMENT = {
    "aspirations": "Work as an electrician",
    "interests": "Fixing things, football",
    "skills": "Customer service, some wiring at college",
    "barriers": [Barrier.CONFIDENCE, Barrier.TRANSPORT],
    "barrier_notes": "Anxious in big groups; no bus pass",
}


def test_the_assessment_is_recorded_with_who_and_when_then_changed(as_lead, client, case, coach):
    page = as_lead.get(url(case, "assessment/")).content.decode()
    assert page.count('type="checkbox" name="barriers"') == len(Barrier)
    assert "not been recorded yet" in page

    response = as_lead.post(url(case, "assessment/"), ASSESSMENT)
    assert response.status_code == 302 and response["Location"] == url(case, "assessment/")
    assessment = Assessment.objects.get(case=case)
    assert assessment.barriers == [Barrier.CONFIDENCE, Barrier.TRANSPORT]
    assert assessment.assessed_by == case.lead_advisor.user
    assert timezone.now() - assessment.assessed_at < timedelta(minutes=1)
    page = as_lead.get(url(case, "assessment/")).content.decode()
    assert "Work as an electrician" in page and "Anxious in big groups" in page
    assert "Priya Shah" in page and 'value="confidence" id="id_barriers_6" checked' in page

    client.force_login(coach.user)
    first_saved = assessment.updated_at
    response = client.post(url(case, "assessment/"), ASSESSMENT | {"barriers": [Barrier.HOUSING]})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.barriers == [Barrier.HOUSING] and assessment.updated_at > first_saved
    assert assessment.assessed_by == case.lead_advisor.user  # who first assessed them
    assert Assessment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_advisors_saving_the_first_assessment_at_once_make_one(case, coach):
    people = iter([case.lead_advisor.user, coach.user])
    errors = at_once(2, lambda: services.assessment_save(case=case, by=next(people), **ASSESSMENT))
    assert errors == []
    assert Assessment.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("forged", ["unemployed", "HOUSING", "<script>"])
def test_a_barrier_not_in_the_list_is_refused(as_lead, case, forged):
    response = as_lead.post(url(case, "assessment/"), ASSESSMENT | {"barriers": [Barrier.HOUSING, forged]})
    problem(response, "Choose barriers from the list")
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError, match="Choose barriers from the list"):
        services.assessment_save(case=case, by=case.lead_advisor.user, **ASSESSMENT | {"barriers": [forged]})
    assert not Assessment.objects.exists()


# The support plan --------------------------------------------------------------------------------------------


def test_an_action_for_the_resident_is_added_and_they_are_told(as_lead, case):
    due = timezone.localdate() + timedelta(days=7)
    response = as_lead.post(
        url(case, "plan/"),
        {"description": " Send your CV to Lea Bridge Builders ", "owner": "resident"} | date_fields("due_on", due),
    )
    assert response.status_code == 302 and response["Location"] == url(case, "plan/")
    added = SupportAction.objects.get(case=case)
    assert (added.description, added.owner, added.due_on) == ("Send your CV to Lea Bridge Builders", "resident", due)
    assert added.created_by == case.lead_advisor.user and added.done_at is None
    told = Notification.objects.get(recipient=case.resident, kind="support_action_added")
    assert "Send your CV to Lea Bridge Builders" in told.body and "/account/support/" in told.body

    as_lead.post(
        url(case, "plan/"), {"description": "Find a work placement", "owner": "advisor"} | date_fields("due_on")
    )
    assert SupportAction.objects.filter(case=case, owner="advisor", due_on=None).exists()
    assert Notification.objects.filter(kind="support_action_added").count() == 1  # only actions for them

    page = as_lead.get(url(case, "plan/")).content.decode()
    assert "Send your CV to Lea Bridge Builders" in page and "Find a work placement" in page
    assert due.strftime("%B") in page


def action_fields(description="Call the placement team", owner="resident", **due) -> dict:
    return {"description": description, "owner": owner} | date_fields("due_on", **due)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (action_fields("  "), "Enter the action"),
        (action_fields(raw=("30", "2", "2031")), "Due date must be a real date"),
        (action_fields(raw=("x", "3", "2031")), "Due date must be a real date"),
        (action_fields(day=date(2021, 3, 1)), "Due date must be today or in the future"),
        (action_fields(owner="the council"), "Choose who will do this"),
        (action_fields("x" * 301), "The action must be 300 characters or fewer"),
    ],
)
def test_a_bad_action_is_refused_and_nothing_is_written(as_lead, case, fields, message):
    problem(as_lead.post(url(case, "plan/"), fields), message)
    assert not SupportAction.objects.exists() and not Notification.objects.exists()


def test_actions_are_marked_done_and_not_done_and_removed(as_lead, case):
    cv = action(case)
    response = as_lead.post(url(case, f"plan/{cv.pk}/mark/"), {"done": "yes"})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.done_at is not None
    assert "Done" in as_lead.get(url(case, "plan/")).content.decode()
    as_lead.post(url(case, f"plan/{cv.pk}/mark/"), {"done": "no"})
    cv.refresh_from_db()
    assert cv.done_at is None
    problem(as_lead.post(url(case, f"plan/{cv.pk}/mark/"), {"done": "maybe"}), "Choose done or not done")

    page = as_lead.get(url(case, f"plan/{cv.pk}/remove/")).content.decode()
    assert "Are you sure you want to remove this action?" in page and "Update your CV" in page
    assert SupportAction.objects.filter(pk=cv.pk).exists()  # a GET removes nothing
    response = as_lead.post(url(case, f"plan/{cv.pk}/remove/"))
    assert response.status_code == 302 and response["Location"] == url(case, "plan/")
    assert not SupportAction.objects.filter(pk=cv.pk).exists()


def test_an_action_of_another_case_is_not_found(as_lead, case):
    other = action(CaseFactory(lead_advisor=case.lead_advisor))  # even one the same advisor leads
    for path in (f"plan/{other.pk}/mark/", f"plan/{other.pk}/remove/"):
        assert as_lead.post(url(case, path), {"done": "yes"}).status_code == 404, path
    other.refresh_from_db()
    assert other.done_at is None


# The case notes and their audit ------------------------------------------------------------------------------


def test_every_read_of_the_notes_is_audited_with_who_and_when(as_lead, client, case, coach):
    note(case, coach.user, "An older note", created_at=timezone.now() - timedelta(days=2))
    note(case, case.lead_advisor.user, "The newest note")
    before = timezone.now()

    page = as_lead.get(url(case, "notes/")).content.decode()
    assert page.index("The newest note") < page.index("An older note")
    entry = CaseAuditEntry.objects.get()
    assert (entry.case, entry.case_number, entry.who, entry.who_email) == (
        case,
        case.pk,
        case.lead_advisor.user,
        case.lead_advisor.user.email,
    )
    assert entry.action == CaseAuditEntry.Action.NOTES_READ and before <= entry.at <= timezone.now()

    as_lead.get(url(case, "notes/"))
    client.force_login(coach.user)
    client.get(url(case, "notes/"))
    reads = CaseAuditEntry.objects.filter(action="notes_read")
    assert reads.count() == 3
    assert reads.filter(who=coach.user).count() == 1


def test_reading_the_notes_any_other_way_is_audited_too(case):
    note(case, case.lead_advisor.user, "Private")
    notes = services.case_notes_read(case=case, by=case.lead_advisor.user)
    assert [n.body for n in notes] == ["Private"]
    assert CaseAuditEntry.objects.filter(action="notes_read", who=case.lead_advisor.user).count() == 1


def test_a_note_is_added_audited_and_contact_moves_the_last_contact_on(as_lead, case):
    page = as_lead.get(url(case, "notes/add/")).content.decode()
    assert page.count('type="radio" name="kind"') == len(CaseNote.Kind)
    response = as_lead.post(url(case, "notes/add/"), {"kind": "note", "body": "Prefers mornings."})
    assert response.status_code == 302 and response["Location"] == url(case, "notes/")
    added = CaseNote.objects.get()
    assert (added.author, added.kind, added.body) == (case.lead_advisor.user, "note", "Prefers mornings.")
    entry = CaseAuditEntry.objects.get(action="note_added")
    assert (entry.note, entry.who, entry.case_number) == (added, case.lead_advisor.user, case.pk)
    case.refresh_from_db()
    assert case.last_contact_at is None  # a note is not contact

    as_lead.post(url(case, "notes/add/"), {"kind": "phone_call", "body": "Called about the CV."})
    case.refresh_from_db()
    assert timezone.now() - case.last_contact_at < timedelta(minutes=1)
    assert CaseAuditEntry.objects.filter(action="note_added").count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "note", "body": "   "}, "Enter the note"),
        ({"kind": "gossip", "body": "Something"}, "Choose what kind of note this is"),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_written(as_lead, case, fields, message):
    problem(as_lead.post(url(case, "notes/add/"), fields), message)
    assert not CaseNote.objects.exists() and not CaseAuditEntry.objects.exists()
    case.refresh_from_db()
    assert case.last_contact_at is None


def test_an_advisor_changes_their_own_note_and_the_change_is_audited(as_lead, case):
    mine = note(case, case.lead_advisor.user, "First words")
    page = as_lead.get(url(case, "notes/")).content.decode()
    assert f"/notes/{mine.pk}/change/" in page
    reads = CaseAuditEntry.objects.filter(action="notes_read").count()
    assert "First words" in as_lead.get(url(case, f"notes/{mine.pk}/change/")).content.decode()
    # What the change page shows is a read like any other, of that one note.
    opened = CaseAuditEntry.objects.filter(action="notes_read").order_by("-pk").first()
    assert CaseAuditEntry.objects.filter(action="notes_read").count() == reads + 1 and opened.note == mine

    response = as_lead.post(url(case, f"notes/{mine.pk}/change/"), {"kind": "meeting", "body": "Better words"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.kind, mine.body) == ("meeting", "Better words") and mine.updated_at > mine.created_at
    entry = CaseAuditEntry.objects.get(action="note_changed")
    assert (entry.note, entry.who) == (mine, case.lead_advisor.user)
    problem(as_lead.post(url(case, f"notes/{mine.pk}/change/"), {"kind": "meeting", "body": ""}), "Enter the note")
    mine.refresh_from_db()
    assert mine.body == "Better words" and CaseAuditEntry.objects.filter(action="note_changed").count() == 1


def test_someone_elses_note_cannot_be_changed(as_lead, case, coach):
    theirs = note(case, coach.user, "The coach's words")
    elsewhere = note(CaseFactory(lead_advisor=case.lead_advisor), case.lead_advisor.user, "On another case")
    assert f"/notes/{theirs.pk}/change/" not in as_lead.get(url(case, "notes/")).content.decode()
    for target in (theirs, elsewhere):
        change = url(case, f"notes/{target.pk}/change/")
        assert as_lead.get(change).status_code == 404
        assert as_lead.post(change, {"kind": "note", "body": "Overwritten"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.case_note_change(note=theirs, by=case.lead_advisor.user, kind="note", body="Overwritten")
    assert {n.body for n in CaseNote.objects.all()} == {"The coach's words", "On another case"}
    assert not CaseAuditEntry.objects.exclude(action="notes_read").exists()


def test_council_staff_with_the_permission_inspect_the_audit_read_only(client, case, staff_user):
    services.case_notes_read(case=case, by=case.lead_advisor.user)
    services.case_note_add(case=case, by=case.lead_advisor.user, kind="note", body="Private")
    staff_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="advisors", codename="view_caseauditentry")
    )
    client.force_login(staff_user)

    listing = client.get("/admin/advisors/caseauditentry/")
    page = listing.content.decode()
    assert listing.status_code == 200
    assert page.count(case.lead_advisor.user.email) >= 2
    assert "Read the case notes" in page and "Added a note" in page and str(case.pk) in page
    assert "Private" not in page  # who and when, never what the note says
    found = client.get(f"/admin/advisors/caseauditentry/?q={case.pk}")
    assert found.status_code == 200 and found.context["cl"].result_count == 2

    entry = CaseAuditEntry.objects.first()
    change = client.get(f"/admin/advisors/caseauditentry/{entry.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        client.post(f"/admin/advisors/caseauditentry/{entry.pk}/change/", {"who_email": "x@example.test"}).status_code
        == 403
    )
    assert client.get("/admin/advisors/caseauditentry/add/").status_code == 403
    assert client.post(f"/admin/advisors/caseauditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CaseAuditEntry.objects.count() == 2
    assert CaseAuditEntry.objects.get(pk=entry.pk).who_email == case.lead_advisor.user.email


def test_the_audit_is_not_for_staff_accounts_without_the_permission(client, case):
    services.case_notes_read(case=case, by=case.lead_advisor.user)
    client.force_login(case.lead_advisor.user)  # advisors can sign in to the staff admin, but not read the audit
    assert client.get("/admin/advisors/caseauditentry/").status_code == 403
    superuser = User.objects.create_superuser(email="root@hackney.example", password="x" * 20)
    client.force_login(superuser)
    assert client.get("/admin/advisors/caseauditentry/").status_code == 200


# Nobody else reaches a case ----------------------------------------------------------------------------------


def case_urls(case, action, note):
    return [
        url(case),
        url(case, "priority-groups/"),
        url(case, "next-step/"),
        url(case, "advisors/add/"),
        url(case, "assessment/"),
        url(case, "plan/"),
        url(case, f"plan/{action.pk}/mark/"),
        url(case, f"plan/{action.pk}/remove/"),
        url(case, "notes/"),
        url(case, "notes/add/"),
        url(case, f"notes/{note.pk}/change/"),
    ]


@pytest.mark.parametrize("who", ["another advisor", "the case's own resident", "a partner member", "council staff"])
def test_nobody_but_the_advisors_on_the_case_reaches_any_of_its_pages(client, case, who, staff_user):
    cv, words = action(case), note(case, case.lead_advisor.user, "Private words")
    person = {
        "another advisor": lambda: AdvisorFactory().user,
        "the case's own resident": lambda: case.resident,
        "a partner member": lambda: MembershipFactory().user,
        "council staff": lambda: staff_user,
    }[who]()
    client.force_login(person)
    for page in case_urls(case, cv, words):
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"done": "yes", "body": "Overwritten", "next_step": "x"}).status_code == 404, page
    assert SupportAction.objects.get().done_at is None and CaseNote.objects.get().body == "Private words"
    assert not CaseAuditEntry.objects.exists()


def test_a_guessed_case_id_is_not_found_and_signed_out_people_sign_in(client, as_lead, case):
    cv, words = action(case), note(case, case.lead_advisor.user)
    for guessed in (url(case).replace(str(case.pk), "999999"), "/advisors/cases/0/", "/advisors/cases/999999/notes/"):
        assert as_lead.get(guessed).status_code == 404, guessed
    as_lead.logout()
    for page in case_urls(case, cv, words):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), page


def test_a_page_of_only_one_method_says_so_to_the_advisors_on_the_case(as_lead, case):
    cv = action(case)
    assert as_lead.post(url(case)).status_code == 405
    assert as_lead.post(url(case, "notes/")).status_code == 405
    assert as_lead.get(url(case, f"plan/{cv.pk}/mark/")).status_code == 405


def test_services_refuse_anyone_not_on_the_case(case, coach, groups):
    outsider = AdvisorFactory().user
    cv, words = action(case), note(case, coach.user)
    attempts = [
        lambda: services.case_priority_groups_set(case=case, groups=groups, by=outsider),
        lambda: services.case_next_step_set(case=case, next_step="x", due=None, by=outsider),
        lambda: services.case_advisor_add(case=case, advisor=AdvisorFactory(), by=outsider),
        lambda: services.assessment_save(case=case, by=outsider, **ASSESSMENT),
        lambda: services.support_action_add(case=case, by=outsider, description="x", owner="resident", due_on=None),
        lambda: services.support_action_mark(action=cv, done=True, by=outsider),
        lambda: services.support_action_remove(action=cv, by=outsider),
        lambda: services.case_note_add(case=case, by=outsider, kind="note", body="x"),
        lambda: services.case_note_change(note=words, by=outsider, kind="note", body="x"),
        lambda: services.case_notes_read(case=case, by=outsider),
        lambda: services.case_notes_read(case=case, by=case.resident),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert not case.priority_groups.exists() and not Assessment.objects.exists()
    assert SupportAction.objects.get().done_at is None and CaseNote.objects.get().body == words.body
    assert not CaseAuditEntry.objects.exists() and case.advisors.count() == 2


def test_an_advisor_whose_account_is_closed_loses_the_case(case, coach):
    coach.user.is_active = False
    coach.user.save()
    with pytest.raises(PermissionDenied):
        services.case_notes_read(case=case, by=coach.user)


# Queries stay the same as the case grows --------------------------------------------------------------------


def test_the_summary_keeps_its_queries_as_the_case_grows(as_lead, case):
    case.shares_profile = case.shares_equality = True
    case.save()
    ResidentProfile.objects.create(user=case.resident).interested_sectors.add(sector())
    EqualityAnswers.objects.create(user=case.resident, gender="woman")
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)

    def grow(n):
        for number in range(n):
            coach = AdvisorFactory()
            case.advisors.add(coach)
            appointment(coach, case.resident, starts + timedelta(hours=number))
            ReferralFactory(resident=case.resident, case=case, status=Referral.Status.ASSIGNED)
            group = PriorityGroup.objects.create(name=f"Group {coach.pk}", slug=f"group-{coach.pk}")
            case.priority_groups.add(group)

    counts = queries_for(as_lead, url(case), grow)
    assert counts[0] == counts[1], counts


def test_the_plan_keeps_its_queries_as_it_grows(as_lead, case):
    counts = queries_for(as_lead, url(case, "plan/"), lambda n: [action(case, f"Action {i}") for i in range(n)])
    assert counts[0] == counts[1], counts


def test_the_notes_keep_their_queries_as_they_grow(as_lead, case, coach):
    def grow(n):
        for number in range(n):
            note(case, coach.user if number % 2 else case.lead_advisor.user, f"Note {number}")

    counts = queries_for(as_lead, url(case, "notes/"), grow)
    assert counts[0] == counts[1], counts


def test_the_audit_list_keeps_its_queries_as_it_grows(client, case):
    client.force_login(User.objects.create_superuser(email="root@hackney.example", password="x" * 20))

    def grow(n):
        for _ in range(n):
            services.case_notes_read(case=case, by=case.lead_advisor.user)

    counts = queries_for(client, "/admin/advisors/caseauditentry/", grow)
    assert counts[0] == counts[1], counts


def test_a_due_date_years_away_and_an_endless_note_are_refused(as_lead, case):
    far = {"description": "Renew the CSCS card", "owner": "resident", "due_on_day": "1", "due_on_month": "1"}
    response = as_lead.post(url(case, "plan/"), far | {"due_on_year": "9999"})
    assert response.status_code == 400 and "Due date must be the same as or before" in response.content.decode()
    response = as_lead.post(url(case, "notes/add/"), {"kind": "note", "body": "x" * 10_001})
    assert response.status_code == 400 and "The note must be 10,000 characters or fewer" in response.content.decode()
    assert not case.actions.exists() and not case.notes.exists()
