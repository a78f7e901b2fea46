"""Asking for an advisor (anyone signed in, no eligibility test), referring someone with their consent (partner
members; the page never says whether the person had an account), and triage: one lead, one case, whoever clicks
first."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from advisors.models import Case, ContactMethod, Referral, ReferralSource
from advisors.services.referrals import referral_assign
from notifications.models import Notification
from organisations.models import Membership
from residents.models import ResidentProfile
from tests.accounts.conftest import page_problems
from tests.concurrency import at_once
from tests.factories import AdvisorFactory, CaseFactory, MembershipFactory, ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 10, 0, tzinfo=LONDON)  # a Monday
REFER_URL = "/advisors/refer/"
CHECK_URL = "/advisors/refer/check/"
SOMEONE_URL = "/advisors/refer/someone/"
TRIAGE_URL = "/advisors/referrals/"
PLAIN_WORDS = (
    "You can ask for an advisor whatever your situation, including if you have a health condition or disability, "
    "diagnosed or not."
)


@pytest.fixture
def clock(monkeypatch):
    """`timezone.now` held at NOW (services, pages and the outbox all read it)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def advisor(db):
    return AdvisorFactory(user__full_name="Grace Mensah", user__email="grace@hackney.example")


@pytest.fixture
def other_advisor(db):
    return AdvisorFactory(user__full_name="Tom Ojo", user__email="tom@hackney.example", is_bookable=False)


def page(response) -> str:
    return response.content.decode()


def kinds_sent(kind) -> dict[str, Notification]:
    return {n.recipient.email: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def link_in(notification: Notification, words: str) -> str:
    """The path of the link with these words in a notification's body."""
    (url,) = re.findall(rf"\[{re.escape(words)}\]\((https?://[^)\s]+)\)", notification.body)
    return url.removeprefix(settings.SITE_URL)


# Asking for an advisor ----------------------------------------------------------------------------------------


def self_referral(**changes) -> dict:
    data = {
        "help_wanted": "I would like to get back into work after being ill for a long time.",
        "contact_method": ContactMethod.PHONE,
        "phone": "07700900982",
        "contact_times": "Weekday mornings",
        "adjustments": "I need step-free access.",
        "shares_profile": "yes",
        "shares_equality": "no",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    "url", [REFER_URL, CHECK_URL, SOMEONE_URL, TRIAGE_URL, "/advisors/referrals/1/", "/advisors/caseload/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_a_resident_asks_for_an_advisor_checks_and_sends(client, resident, advisor, other_advisor, clock):
    UserFactory(role=Role.ADVISOR)  # in the group but with no profile: not an advisor anyone can be given to
    UserFactory(role=Role.PARTNER)
    client.force_login(resident)
    response = client.get(REFER_URL)
    assert response.status_code == 200
    assert PLAIN_WORDS in page(response)
    assert page_problems(response, error=False) == []

    response = client.post(REFER_URL, self_referral())
    assert response.status_code == 302 and response["Location"] == CHECK_URL
    check = client.get(CHECK_URL)
    assert "I would like to get back into work" in page(check) and "07700 900982" in page(check)
    assert "Weekday mornings" in page(check) and "I need step-free access." in page(check)
    assert not Referral.objects.exists()  # nothing is sent before the check page is

    response = client.post(CHECK_URL)
    assert response.status_code == 302 and response["Location"] == "/advisors/refer/sent/"
    referral = Referral.objects.get()
    assert (referral.resident, referral.source, referral.status) == (resident, ReferralSource.SELF, "waiting")
    assert (referral.contact_method, referral.contact_times) == (ContactMethod.PHONE, "Weekday mornings")
    assert (referral.shares_profile, referral.shares_equality) == (True, False)
    assert referral.created_at == NOW and referral.consent_recorded_at is None
    assert ResidentProfile.objects.get(user=resident).phone == "07700 900982"
    told = kinds_sent("referral_received")
    assert set(told) == {"grace@hackney.example", "tom@hackney.example"}
    assert link_in(told["grace@hackney.example"], "See the referral") == f"/advisors/referrals/{referral.pk}/"
    assert "get back into work" not in told["grace@hackney.example"].body  # what they wrote stays on the page
    sent = client.get("/advisors/refer/sent/")
    assert "Request sent" in page(sent) and "by phone call" in page(sent)


def test_sharing_is_off_unless_the_resident_says_yes(client, resident):
    client.force_login(resident)
    form = page(client.get(REFER_URL))
    assert re.search(r'name="shares_profile" value="no" id="id_shares_profile_1" checked', form)
    assert re.search(r'name="shares_equality" value="no" id="id_shares_equality_1" checked', form)
    client.post(REFER_URL, self_referral(shares_profile="no", contact_method=ContactMethod.EMAIL, phone=None))
    client.post(CHECK_URL)
    referral = Referral.objects.get()
    assert (referral.shares_profile, referral.shares_equality) == (False, False)


def test_a_call_or_text_needs_a_number_and_the_profile_one_is_used(client, resident):
    client.force_login(resident)
    response = client.post(REFER_URL, self_referral(contact_method=ContactMethod.TEXT, phone=""))
    assert response.status_code == 400
    assert "Enter a telephone number so an advisor can call or text you, or choose email" in page(response)
    assert page_problems(response, error=True) == []
    response = client.post(REFER_URL, self_referral(phone="call me maybe"))
    assert response.status_code == 400 and "Enter a telephone number, like 07700 900 982" in page(response)

    ResidentProfile.objects.create(user=resident, phone="020 7946 0000")
    form = page(client.get(REFER_URL))
    assert 'name="phone"' not in form and "020 7946 0000" in form
    client.post(REFER_URL, self_referral(contact_method=ContactMethod.TEXT, phone=None))
    assert "020 7946 0000" in page(client.get(CHECK_URL))
    client.post(CHECK_URL)
    assert Referral.objects.get().contact_method == ContactMethod.TEXT


def test_required_answers_are_asked_for(client, resident):
    client.force_login(resident)
    response = client.post(REFER_URL, self_referral(help_wanted="  ", contact_method=None))
    assert response.status_code == 400
    assert "Enter what you would like help with" in page(response)
    assert "Select how you would like an advisor to contact you" in page(response)
    assert CHECK_URL not in response.get("Location", "")


def test_a_second_request_while_one_waits_is_refused_and_writes_nothing(client, resident, advisor):
    client.force_login(resident)
    client.post(REFER_URL, self_referral())
    # Sent from another tab between this tab's form and its check page.
    ReferralFactory(resident=resident)
    response = client.post(CHECK_URL)
    assert response.status_code == 400
    assert "You have already asked for an advisor" in page(response)
    assert Referral.objects.count() == 1
    assert not Notification.objects.filter(kind="referral_received").exists()

    again = client.get(REFER_URL)
    assert "You have already asked for an advisor" in page(again) and 'name="help_wanted"' not in page(again)
    assert client.post(REFER_URL, self_referral()).status_code == 400


def test_the_service_refuses_a_second_waiting_request(resident):
    from advisors.services.referrals import referral_self_create

    ReferralFactory(resident=resident)
    with pytest.raises(ValidationError, match="You have already asked for an advisor"):
        referral_self_create(resident=resident, help_wanted="Work", contact_method=ContactMethod.EMAIL)
    assert Referral.objects.count() == 1


def test_a_resident_with_an_advisor_is_told_who_and_how_to_book(client, resident, advisor):
    CaseFactory(resident=resident, lead_advisor=advisor)
    client.force_login(resident)
    response = client.get(REFER_URL)
    assert "You already have an advisor" in page(response) and "Grace Mensah" in page(response)
    assert 'href="/appointments/book/"' in page(response)
    assert client.post(REFER_URL, self_referral()).status_code == 400
    assert not Referral.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_five_requests_at_once_from_one_resident_give_one_referral():
    from advisors.services.referrals import referral_self_create

    resident = UserFactory(role=Role.RESIDENT)
    errors = at_once(
        5,
        lambda: referral_self_create(resident=resident, help_wanted="Work", contact_method=ContactMethod.EMAIL),
    )
    assert len(errors) == 4 and all(isinstance(error, ValidationError) for error in errors), errors
    assert Referral.objects.filter(resident=resident).count() == 1


# Referring someone --------------------------------------------------------------------------------------------


def someone(organisation, **changes) -> dict:
    data = {
        "organisation": str(organisation.pk),
        "source": ReferralSource.LEAVING_CARE,
        "full_name": "  Sam   Taylor ",
        "email": " Sam.Taylor@Example.test ",
        "phone": "07700 900 123",
        "help_wanted": "Sam would like an apprenticeship in construction.",
        "contact_method": ContactMethod.TEXT,
        "contact_times": "After 4pm",
        "adjustments": "Sam has dyslexia: written information in plain English helps.",
        "consent": "on",
        "consent_how": "in_person",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_partner_refers_someone_new_who_is_invited_to_choose_a_password(
    client, partner_a, organisation_a, advisor, clock
):
    client.force_login(partner_a)
    form = client.get(SOMEONE_URL)
    assert form.status_code == 200 and page_problems(form, error=False) == []
    assert "The person you are referring" in page(form)
    response = client.post(SOMEONE_URL, someone(organisation_a))
    assert response.status_code == 302 and response["Location"] == "/advisors/refer/someone/sent/"

    person = User.objects.get(email="sam.taylor@example.test")
    assert person.full_name == "Sam Taylor" and person.has_role(Role.RESIDENT)
    assert not person.has_usable_password() and person.email_confirmed_at is None
    assert ResidentProfile.objects.get(user=person).phone == "07700 900123"
    referral = Referral.objects.get()
    assert (referral.resident, referral.referred_by, referral.organisation) == (person, partner_a, organisation_a)
    assert (referral.source, referral.consent_recorded_at, referral.consent_how) == ("leaving_care", NOW, "In person")
    assert (referral.shares_profile, referral.shares_equality) == (False, False)  # only the resident chooses

    (invitation,) = Notification.objects.filter(recipient=person)
    assert invitation.kind == "referral_invitation"
    assert invitation.subject == "Lea Bridge Builders has referred you to an employment advisor"
    assert partner_a.full_name in invitation.body
    assert set(kinds_sent("referral_received")) == {"grace@hackney.example"}

    # The link in the invitation lets them choose a password, and so sign in.
    client.logout()
    choose = client.get(link_in(invitation, "Choose a password"), follow=True)
    assert choose.status_code == 200 and 'name="new_password1"' in page(choose)


def test_the_page_after_referring_is_the_same_whether_or_not_they_had_an_account(client, partner_a, organisation_a):
    client.force_login(partner_a)
    client.post(SOMEONE_URL, someone(organisation_a))
    new = without_csrf(page(client.get("/advisors/refer/someone/sent/")))

    existing = UserFactory(email="jo.brown@example.test", full_name="Joanna Brown-Smith", role=Role.RESIDENT)
    ResidentProfile.objects.create(user=existing, phone="020 7946 0000")
    client.post(SOMEONE_URL, someone(organisation_a, full_name="Sam Taylor", email="jo.brown@example.test"))
    known = without_csrf(page(client.get("/advisors/refer/someone/sent/")))
    assert known == new
    assert "Joanna" not in known

    existing.refresh_from_db()
    assert existing.full_name == "Joanna Brown-Smith" and existing.has_usable_password()
    assert ResidentProfile.objects.get(user=existing).phone == "020 7946 0000"  # their own number stands
    told = Notification.objects.get(recipient=existing)
    assert told.kind == "referral_made_for_you" and "Lea Bridge Builders" in told.subject
    assert Referral.objects.get(resident=existing).referred_by == partner_a


def test_without_consent_nothing_is_written(client, partner_a, organisation_a):
    client.force_login(partner_a)
    response = client.post(SOMEONE_URL, someone(organisation_a, consent=None))
    assert response.status_code == 400
    assert "Confirm that the person agreed to be referred" in page(response)
    assert "Sam Taylor agreed to this referral" in page(response)
    assert page_problems(response, error=True) == []
    response = client.post(SOMEONE_URL, someone(organisation_a, consent_how=None))
    assert response.status_code == 400 and "Select how they agreed to be referred" in page(response)
    assert not User.objects.filter(email="sam.taylor@example.test").exists()
    assert not Referral.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("forged", ["other", "999999", "abc"])
def test_an_organisation_not_theirs_is_refused(client, partner_a, organisation_a, organisation_b, forged):
    client.force_login(partner_a)
    organisation = {"other": str(organisation_b.pk)}.get(forged, forged)
    response = client.post(SOMEONE_URL, someone(organisation_a) | {"organisation": organisation})
    assert response.status_code == 400
    assert "Select one of your organisations" in page(response)
    assert organisation_b.name not in page(response)
    assert not Referral.objects.exists() and not User.objects.filter(email="sam.taylor@example.test").exists()


def test_a_member_of_two_organisations_chooses_which_refers(client, partner_a, organisation_a, organisation_b):
    MembershipFactory(organisation=organisation_b, user=partner_a, role=Membership.Role.MEMBER)
    client.force_login(partner_a)
    form = page(client.get(SOMEONE_URL))
    assert organisation_a.name in form and organisation_b.name in form
    client.post(SOMEONE_URL, someone(organisation_b))
    assert Referral.objects.get().organisation == organisation_b


def test_a_call_for_someone_needs_their_number(client, partner_a, organisation_a):
    client.force_login(partner_a)
    response = client.post(SOMEONE_URL, someone(organisation_a, phone=""))
    assert response.status_code == 400
    assert "Enter their telephone number so an advisor can call or text them, or choose email" in page(response)
    assert client.post(SOMEONE_URL, someone(organisation_a, phone="", contact_method="email")).status_code == 302


def test_someone_already_waiting_keeps_their_request(client, partner_a, organisation_a, resident):
    ReferralFactory(resident=resident)
    client.force_login(partner_a)
    response = client.post(SOMEONE_URL, someone(organisation_a, email=resident.email))
    assert response.status_code == 302
    assert Referral.objects.filter(resident=resident).count() == 1
    told = Notification.objects.get(recipient=resident)
    assert told.kind == "referral_made_for_you" and "You have already asked for an advisor" in told.body
    # The same organisation referring them again sends nothing more.
    assert client.post(SOMEONE_URL, someone(organisation_a, email=resident.email)).status_code == 302
    assert Notification.objects.filter(recipient=resident).count() == 1


def test_one_person_refers_at_most_25_people_a_day(client, partner_a, organisation_a):
    client.force_login(partner_a)
    for number in range(25):
        response = client.post(SOMEONE_URL, someone(organisation_a, email=f"person.{number}@example.test"))
        assert response.status_code == 302, number
    response = client.post(SOMEONE_URL, someone(organisation_a, email="one.more@example.test"))
    assert response.status_code == 400
    assert "You have referred 25 people in the last 24 hours" in page(response)
    assert not User.objects.filter(email="one.more@example.test").exists()
    assert Referral.objects.count() == 25


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.ADVISOR, Role.STAFF])
def test_only_partner_members_can_refer_someone(client, role):
    user = UserFactory(role=role)
    if role == Role.ADVISOR:
        AdvisorFactory(user=user)
    client.force_login(user)
    assert client.get(SOMEONE_URL).status_code == 404
    assert client.post(SOMEONE_URL, {"full_name": "Sam", "email": "sam@example.test"}).status_code == 404
    assert client.get("/advisors/refer/someone/sent/").status_code == 404
    assert not Referral.objects.exists()


# Triage -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "partner", "staff", "advisor_without_profile"])
def test_only_advisors_reach_triage(client, who, partner_a, staff_user, resident):
    user = {
        "resident": resident,
        "partner": partner_a,
        "staff": staff_user,
        "advisor_without_profile": UserFactory(role=Role.ADVISOR),
    }[who]
    referral = ReferralFactory()
    client.force_login(user)
    assert client.get(TRIAGE_URL).status_code == 404
    assert client.get(f"/advisors/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": "1"}).status_code == 404
    assert client.post(f"/advisors/referrals/{referral.pk}/close/", {"reason": "duplicate"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WAITING


def test_the_queue_lists_waiting_referrals_oldest_first(client, advisor, partner_a, organisation_a, clock):
    ReferralFactory(resident__full_name="Newest Person", created_at=NOW - timedelta(hours=1))
    ReferralFactory(
        resident__full_name="Oldest Person",
        created_at=NOW - timedelta(days=3),
        source=ReferralSource.VIRTUAL_SCHOOL,
        referred_by=partner_a,
        organisation=organisation_a,
        consent_recorded_at=NOW - timedelta(days=3),
        consent_how="By phone",
        adjustments="An interpreter (Turkish)",
        contact_method=ContactMethod.EMAIL,
    )
    ReferralFactory(resident__full_name="Assigned Person", status=Referral.Status.ASSIGNED)
    ReferralFactory(resident__full_name="Closed Person", status=Referral.Status.CLOSED)
    client.force_login(advisor.user)
    response = client.get(TRIAGE_URL)
    assert response.status_code == 200 and page_problems(response, error=False) == []
    html = page(response)
    assert html.index("Oldest Person") < html.index("Newest Person")
    assert "Assigned Person" not in html and "Closed Person" not in html
    assert "3 days" in html and "Since today" in html
    assert "Virtual School" in html and f"{partner_a.full_name}, Lea Bridge Builders" in html
    assert "An interpreter (Turkish)" in html and "Weekday mornings" in html


def test_the_queue_costs_the_same_queries_however_long(client, advisor):
    client.force_login(advisor.user)
    counts = []
    for size in (3, 25):
        ReferralFactory.create_batch(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TRIAGE_URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_assigning_makes_the_case_and_tells_the_resident_and_the_lead(client, advisor, other_advisor, clock):
    referral = ReferralFactory(
        resident__full_name="Amara Okafor", resident__email="amara@example.test", shares_profile=True
    )
    client.force_login(advisor.user)
    form = page(client.get(f"/advisors/referrals/{referral.pk}/"))
    # The one choosing comes first, and advisors not taking bookings can be chosen too.
    assert form.index("Grace Mensah (you)") < form.index("Tom Ojo")
    assert "(not taking bookings)" in form

    response = client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": other_advisor.pk})
    assert response.status_code == 302 and response["Location"] == TRIAGE_URL
    case = Case.objects.get()
    assert (case.resident, case.lead_advisor, case.source) == (referral.resident, other_advisor, ReferralSource.SELF)
    assert list(case.advisors.all()) == [other_advisor]
    assert (case.shares_profile, case.shares_equality, case.opened_at) == (True, False, NOW)
    referral.refresh_from_db()
    assert (referral.status, referral.case, referral.assigned_by) == ("assigned", case, advisor.user)
    assert referral.assigned_at == NOW

    told = Notification.objects.get(recipient=referral.resident, kind="advisor_assigned")
    assert told.subject == "Your employment advisor is Tom Ojo"
    assert link_in(told, "Book an appointment") == "/appointments/book/"
    lead = Notification.objects.get(recipient=other_advisor.user, kind="case_assigned")
    assert lead.subject == "You are now the lead advisor for Amara Okafor" and "Grace Mensah" in lead.body
    assert not Notification.objects.filter(recipient=advisor.user, kind="case_assigned").exists()
    done = page(client.get(TRIAGE_URL))
    assert "Tom Ojo now leads the case of Amara Okafor. We have told Amara Okafor who it is." in done
    assert "Amara Okafor" not in page(client.get(TRIAGE_URL))


def test_taking_a_referral_oneself_tells_only_the_resident(client, advisor):
    referral = ReferralFactory()
    client.force_login(advisor.user)
    client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": advisor.pk})
    assert Case.objects.get().lead_advisor == advisor
    assert list(Notification.objects.values_list("kind", flat=True)) == ["advisor_assigned"]


def test_a_referral_for_someone_with_an_open_case_joins_it(client, advisor, other_advisor, partner_a, organisation_a):
    case = CaseFactory(lead_advisor=other_advisor)
    referral = ReferralFactory(
        resident=case.resident,
        source=ReferralSource.JOBCENTRE,
        referred_by=partner_a,
        organisation=organisation_a,
        consent_recorded_at=timezone.now(),
        consent_how="In writing",
    )
    client.force_login(advisor.user)
    html = page(client.get(f"/advisors/referrals/{referral.pk}/"))
    assert "already has an open case, led by Tom Ojo" in html
    client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": advisor.pk})
    assert Case.objects.count() == 1
    referral.refresh_from_db()
    assert referral.case == case and case.lead_advisor == other_advisor
    assert set(case.advisors.all()) == {advisor, other_advisor}
    told = Notification.objects.get(recipient=case.resident, kind="advisor_assigned")
    assert told.subject == "Your employment advisor is Tom Ojo"


def test_a_referral_assigned_already_says_to_whom(client, advisor, other_advisor):
    referral = ReferralFactory()
    client.force_login(advisor.user)
    client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": other_advisor.pk})
    response = client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": advisor.pk})
    assert response.status_code == 400
    assert "This referral has already been assigned to Tom Ojo." in page(response)
    assert page_problems(response, error=True) == []
    assert Case.objects.get().lead_advisor == other_advisor


def test_once_triaged_a_referral_is_only_for_the_case_and_whoever_triaged_it(client, advisor, other_advisor):
    referral = ReferralFactory(help_wanted="Support with my anxiety before interviews")
    client.force_login(advisor.user)
    client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": other_advisor.pk})
    third = AdvisorFactory()
    for who, outcome in ((other_advisor, 200), (advisor, 200), (third, 404)):
        client.force_login(who.user)
        response = client.get(f"/advisors/referrals/{referral.pk}/")
        assert response.status_code == outcome, who
    assert "anxiety" not in response.content.decode()


@pytest.mark.parametrize("lead", ["", "999999", "abc"])
def test_a_lead_not_on_the_list_is_refused(client, advisor, lead):
    referral = ReferralFactory()
    not_an_advisor = UserFactory(role=Role.RESIDENT)
    client.force_login(advisor.user)
    response = client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": lead or not_an_advisor.pk})
    assert response.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_five_advisors_assigning_one_referral_at_once_make_one_case():
    advisors = [AdvisorFactory(user__full_name=f"Advisor {n}") for n in range(5)]
    referral = ReferralFactory()
    queue = iter(advisors)

    def assign():
        me = next(queue)
        referral_assign(referral=referral, lead_advisor=me, by=me.user)

    errors = at_once(5, assign)
    assert len(errors) == 4, errors
    case = Case.objects.get()
    assert all(
        isinstance(error, ValidationError)
        and error.messages == [f"This referral has already been assigned to {case.lead_advisor}."]
        for error in errors
    ), errors
    assert Notification.objects.filter(kind="advisor_assigned").count() == 1
    referral.refresh_from_db()
    assert referral.case == case and referral.assigned_by == case.lead_advisor.user


def test_closing_when_they_could_not_be_contacted_tells_them(client, advisor):
    referral = ReferralFactory(resident__full_name="Ola Bello")
    client.force_login(advisor.user)
    response = client.post(f"/advisors/referrals/{referral.pk}/close/", {"reason": "could_not_contact"})
    assert response.status_code == 302 and response["Location"] == TRIAGE_URL
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED and referral.case is None
    assert (referral.closed_reason, referral.closed_by, referral.closed_at is not None) == (
        "could_not_contact",
        advisor.user,
        True,
    )
    told = Notification.objects.get(recipient=referral.resident)
    assert told.kind == "referral_closed" and link_in(told, "Ask for an advisor") == REFER_URL
    assert "The referral of Ola Bello is closed." in page(client.get(TRIAGE_URL))
    assert "Ola Bello" not in page(client.get(TRIAGE_URL))
    again = client.post(f"/advisors/referrals/{referral.pk}/", {"lead_advisor": advisor.pk})
    assert again.status_code == 400 and "This referral has already been closed." in page(again)
    assert not Case.objects.exists()


def test_closing_a_duplicate_tells_nobody(client, advisor):
    referral = ReferralFactory()
    client.force_login(advisor.user)
    client.post(f"/advisors/referrals/{referral.pk}/close/", {"reason": "duplicate"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert not Notification.objects.exists()


def test_closing_needs_a_reason(client, advisor):
    referral = ReferralFactory()
    client.force_login(advisor.user)
    for data in ({}, {"reason": "bored"}):
        response = client.post(f"/advisors/referrals/{referral.pk}/close/", data)
        assert response.status_code == 400
        assert "Select why you are closing the referral" in page(response)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WAITING
    assert client.get(f"/advisors/referrals/{referral.pk}/close/").status_code == 405


def test_a_referral_that_does_not_exist_is_a_404(client, advisor):
    client.force_login(advisor.user)
    assert client.get("/advisors/referrals/999999/").status_code == 404


def test_partners_and_residents_find_the_way_to_an_advisor(client, partner_a):
    home = client.get("/").content.decode()
    assert 'href="/appointments/book/"' in home and 'href="/advisors/refer/"' in home
    client.force_login(partner_a)
    assert 'href="/advisors/refer/someone/"' in client.get("/partners/").content.decode()
    assert 'href="/advisors/refer/someone/"' in client.get("/account/").content.decode()
