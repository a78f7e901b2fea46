"""A resident can take a copy of everything held about them, and delete their account leaving nothing personal."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from accounts.models import Role, SignInThrottle, User
from accounts.services import password_reset_request, sign_in_failure_record, throttle_key
from advisors.models import (
    Appointment,
    Assessment,
    CaseAuditEntry,
    CaseNote,
    CheckIn,
    Outcome,
    SharedOpportunity,
    SupportAction,
    SupportGiven,
)
from applications import services
from applications.models import Application, ApplicationStatus
from notifications.models import Notification
from notifications.services import preference_set
from privacy.data_rights import PERSONAL_MODELS
from residents.models import EqualityAnswers, ResidentProfile
from tests.factories import PASSWORD, AdvisorFactory, CaseFactory, OpportunityFactory, ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "precious.okafor@example.test"
NAME = "Precious Adeyemi-Okafor"
PHONE = "07700 900123"


@pytest.fixture
def person(organisation_a, partner_a, private_files):
    """A resident with a row of every kind: profile, equality answers, saved, applications (with CV), messages."""
    user = UserFactory(email=EMAIL, full_name=NAME, role=Role.RESIDENT)
    ResidentProfile.objects.create(
        user=user, phone=PHONE, date_of_birth=date(2004, 5, 17), postcode="E8 1DY", skills="Forklift licence"
    )
    EqualityAnswers.objects.create(user=user, gender="woman", ethnicity="black_african", care_experienced="yes")
    listing = OpportunityFactory(organisation=organisation_a, title="Kitchen porter", screening_question_1="Why us?")
    services.saved_opportunity_add(user=user, opportunity=OpportunityFactory(organisation=organisation_a))
    application = services.application_draft_save(
        resident=user,
        opportunity=listing,
        answers=[f"I am {NAME} and I love kitchens"],
        statement=f"Call me on {PHONE}.",
        cv=ContentFile(b"%PDF-1.4 " + NAME.encode(), name=f"{NAME}.pdf"),
        cv_type="pdf",
    )
    services.application_submit(application=application, by=user)
    services.application_move(
        application=application, to="unsuccessful", by=partner_a, feedback=f"Thank you {NAME}, not this time."
    )
    preference_set(user=user, kind="application_sent", channel="inbox")
    Appointment.objects.create(
        advisor=AdvisorFactory(),
        resident=user,
        type="careers_guidance",
        mode="phone",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        help_wanted=f"Call {NAME} about care work",
    )
    _case_of(user, listing)
    return user


def _case_of(user, listing):
    """A case with one row of each thing an advisor records, each naming the person."""
    referral = ReferralFactory(resident=user, help_wanted=f"{NAME} wants help into care work", status="assigned")
    case = CaseFactory(resident=user, next_step=f"Ring {NAME} about the interview")
    referral.case = case
    referral.save()
    Assessment.objects.create(case=case, aspirations=f"{NAME} aspires to run a kitchen", barriers=["transport"])
    SupportAction.objects.create(case=case, description=f"{NAME} to update the CV", owner="resident")
    note = CaseNote.objects.create(case=case, author=case.lead_advisor.user, body=f"{NAME} confided a worry")
    CaseAuditEntry.objects.create(
        case=case, case_number=case.pk, who=note.author, who_email=note.author.email, action="notes_read"
    )
    SharedOpportunity.objects.create(case=case, opportunity=listing, message=f"{NAME}, this suits you")
    SupportGiven.objects.create(
        case=case, kind="travel", description=f"Oyster top-up for {NAME}", given_on=date(2026, 11, 2)
    )
    start = Outcome.objects.create(
        case=case, kind="job_start", achieved_on=date(2026, 11, 9), employer="Mare Street Deli"
    )
    CheckIn.objects.create(
        case=case, outcome=start, due="first_week", due_on=date(2026, 11, 16), notes=f"{NAME} is happy"
    )


def test_every_model_linked_to_a_person_is_exported_and_deleted():
    """A new model pointing at a person must be added to the export and to deletion (PERSONAL_MODELS)."""
    not_about_the_person = {
        "opportunities.Opportunity",  # who last changed a listing's status: a partner or moderator at work
        "opportunities.StatusChange",  # the same, in a listing's history
        # who gave a partner access: the organisation's record (the link is cleared when an account is deleted)
        "organisations.MembershipChange",
        "admin.LogEntry",  # staff admin's own log of staff actions
        "advisors.AdvisorProfile",  # an advisor's working profile: staff accounts are closed by the council
        "matching.AdvisorDigest",  # an advisor's choice of a morning email, the same
        "auth.Group",  # roles: exported as the account's "roles"
        "auth.Permission",
    }
    linked = {f"{rel.related_model._meta.app_label}.{rel.related_model.__name__}" for rel in User._meta.related_objects}
    covered = {f"{m._meta.app_label}.{m.__name__}" for m in PERSONAL_MODELS}
    assert linked - not_about_the_person - covered == set()


def test_export_holds_every_row_about_the_resident(client, person):
    client.force_login(person)
    sign_in_failure_record(email=EMAIL, ip="192.0.2.7")  # a mistyped password since (signing in clears them)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    export = json.loads(response.content)
    assert export["account"]["email"] == EMAIL and export["account"]["full_name"] == NAME
    assert export["profile"]["phone"] == PHONE and export["profile"]["postcode"] == "E8 1DY"
    assert export["equality_monitoring"]["ethnicity"] == "black_african"
    assert len(export["saved_opportunities"]) == 1
    (application,) = export["applications"]
    assert application["listing"] == "Kitchen porter" and application["status"] == "unsuccessful"
    assert application["answers"] == [{"question": "Why us?", "answer": f"I am {NAME} and I love kitchens"}]
    assert application["feedback"].startswith("Thank you")
    assert application["phone"] == PHONE  # as given when applying
    assert [e["to_status"] for e in application["history"]] == ["submitted", "unsuccessful"]
    assert application["cv_name"].endswith(".pdf")
    (appointment,) = export["appointments"]
    assert appointment["help_wanted"] == f"Call {NAME} about care work" and appointment["type"] == "careers_guidance"
    assert export["referrals"][0]["help_wanted"].startswith(NAME)
    (case,) = export["cases"]
    assert case["next_step"] == f"Ring {NAME} about the interview" and case["lead_advisor"]
    assert export["assessments"][0]["barriers"] == ["transport"]
    assert export["support_plan"][0]["description"] == f"{NAME} to update the CV"
    assert export["shared_opportunities"][0]["listing"] == "Kitchen porter"
    assert export["support_given"][0]["kind"] == "travel" and export["outcomes"][0]["employer"] == "Mare Street Deli"
    assert export["check_ins"][0]["notes"] == f"{NAME} is happy"
    # Case notes are the advisors' working record, released on a subject access request (docs/decisions.md).
    assert "confided" not in json.dumps(export)
    held = Notification.objects.filter(recipient=person)
    assert len(held) >= 2 and len(export["messages"]) == len(held)
    exported = json.dumps(export["messages"])
    assert not any(n.key in exported for n in held)  # a reset message's key holds its token
    # A working link (here, to choose a new password) is left out of the copy.
    password_reset_request(email=EMAIL)
    reset = Notification.objects.get(recipient=person, kind="password_reset")
    copy = client.get("/account/data.json").json()["messages"]
    assert len(copy) == len(held) + 1
    assert reset.context["reset_url"] not in json.dumps(copy) and "/accounts/reset/" not in json.dumps(copy)
    assert [(p["kind"], p["channel"]) for p in export["message_settings"]] == [("application_sent", "inbox")]
    assert [t["failures"] for t in export["sign_in_attempts"]] == [1]

    page = client.get("/account/data/")
    assert page.status_code == 200
    text = page.content.decode()
    for words in (
        EMAIL,
        PHONE,
        "Kitchen porter",
        "Black, Black British, Caribbean or African: African",  # choices in words, not codes
        "Unsuccessful",
        "Why us?",
        "Equality monitoring",
        "Messages we have sent you",
        "17 May 2004",
    ):
        assert words in text, words
    for code in ("black_african", "unsuccessful", "cv_type", "None"):
        assert code not in text, code


def test_the_account_page_leads_to_your_data_and_deleting_it(client, person, staff_user):
    client.force_login(person)
    page = client.get("/account/").content.decode()
    assert 'href="/account/data/"' in page and 'href="/account/delete/"' in page
    client.force_login(staff_user)
    assert 'href="/account/delete/"' not in client.get("/account/").content.decode()


def test_export_is_only_ever_your_own(client, person):
    client.force_login(UserFactory(role=Role.RESIDENT))
    assert EMAIL not in client.get("/account/data.json").content.decode()
    assert PHONE not in client.get("/account/data/").content.decode()
    client.logout()
    assert client.get("/account/data.json").status_code == 302


def test_wrong_password_deletes_nothing(client, person):
    client.force_login(person)
    response = client.post("/account/delete/", {"password": "not my password"})
    assert response.status_code == 400 and "The password is not right" in response.content.decode()
    assert User.objects.filter(email=EMAIL).exists()
    assert client.post("/account/delete/", {}).status_code == 400


def test_after_deletion_no_personal_data_remains(client, person, private_files, django_capture_on_commit_callbacks):
    application = Application.objects.get()
    cv_path = private_files / application.cv.name
    assert cv_path.exists()
    client.force_login(person)
    sign_in_failure_record(email=EMAIL, ip="192.0.2.7")
    with django_capture_on_commit_callbacks(execute=True):
        with_commit = client.post("/account/delete/", {"password": PASSWORD})
    assert with_commit.status_code == 200 and "Your account has been deleted" in with_commit.content.decode()

    assert not User.objects.filter(email=EMAIL).exists()
    assert not SignInThrottle.objects.filter(key=throttle_key("email", EMAIL)).exists()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from the database itself
            dump = repr(cursor.fetchall()).lower()
            for secret in (
                EMAIL,
                NAME,
                PHONE,
                "forklift",
                "call me on",
                "love kitchens",
                "thank you precious",
                "oyster",
            ):
                assert secret.lower() not in dump, f"{secret!r} is still in {table}"
    assert not cv_path.exists()
    # The anonymous fact remains for reports: an application was made and how far it got.
    kept = Application.objects.get()
    assert kept.resident_id is None and kept.status == ApplicationStatus.UNSUCCESSFUL and kept.submitted_at
    assert client.get("/account/").status_code == 302  # signed out
    # Who read the (now deleted) notes stays on record, by case number, naming the advisor only.
    assert CaseAuditEntry.objects.get().case is None


def test_staff_accounts_are_not_deleted_here(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 400 and "closed by the council" in response.content.decode()
    assert User.objects.filter(pk=staff_user.pk).exists()


def test_deleted_applicant_shows_as_anonymous_to_the_partner(client, person, partner_a):
    client.force_login(person)
    client.post("/account/delete/", {"password": PASSWORD})
    application = Application.objects.for_partner(partner_a).get()
    client.force_login(partner_a)
    listing = client.get("/partners/applications/application/").content.decode()
    page = client.get(f"/partners/applications/application/{application.pk}/change/").content.decode()
    for text in (listing, page):
        assert "Kitchen porter" in text and NAME not in text and EMAIL not in text


def test_unused_accounts_are_warned_then_deleted_as_the_privacy_notice_says(client, person, partner_a, staff_user):
    """Two years without signing in: a warning a month before, then deletion; signing in keeps the account."""
    from datetime import timedelta

    from django.utils import timezone

    from config.celery import app
    from privacy.data_rights import accounts_delete_inactive

    assert "privacy.tasks.delete_inactive_accounts" in {e["task"] for e in app.conf.beat_schedule.values()}
    keeper = UserFactory(email="keeper@example.test", role=Role.RESIDENT)
    two_years_ago = timezone.now() - timedelta(days=730)
    User.objects.filter(pk__in=[person.pk, keeper.pk, partner_a.pk, staff_user.pk]).update(
        last_login=two_years_ago + timedelta(days=20), date_joined=two_years_ago - timedelta(days=100)
    )
    assert accounts_delete_inactive() == (2, 0)  # the two residents; never partners or staff
    warning = Notification.objects.get(recipient=person, kind="account_inactive")
    assert warning.subject.startswith("We will delete your Hackney Opportunities account on")
    assert accounts_delete_inactive() == (0, 0)  # warned once

    client.force_login(keeper)  # signing in keeps the account
    later = timezone.now() + timedelta(days=31)
    assert accounts_delete_inactive(now=later) == (0, 1)
    assert not User.objects.filter(email=EMAIL).exists()
    assert User.objects.filter(pk__in=[keeper.pk, partner_a.pk, staff_user.pk]).count() == 3
    assert Application.objects.get().resident_id is None  # kept anonymously, as on any deletion
