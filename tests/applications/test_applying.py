"""A resident saves, applies (with a CV), follows and withdraws; listings applied for elsewhere are tracked."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from applications import services
from applications.models import Application, ApplicationEvent, ApplicationStatus, SavedOpportunity
from notifications.models import Notification
from residents.models import ResidentProfile
from tests.factories import OpportunityFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def listing(organisation_a, partner_a):
    return OpportunityFactory(
        organisation=organisation_a,
        title="Trainee gardener",
        screening_question_1="Why do you want to work outdoors?",
        screening_question_2="When could you start?",
    )


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def apply_answers(**extra):
    return {
        "answer_1": "I love growing things.",
        "answer_2": "Next Monday.",
        "statement": "I have looked after the community garden on my estate for two years.",
        **extra,
    }


def send_application(client, listing, **extra):
    response = client.post(f"/opportunities/{listing.slug}/apply/", apply_answers(**extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.post(f"/opportunities/{listing.slug}/apply/check/")


# Eligibility on the listing page ------------------------------------------------------------------------


def test_anonymous_visitor_is_told_to_make_an_account(client, listing):
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "You need an account to apply" in page
    assert f"/opportunities/{listing.slug}/apply/" in page


def test_signed_in_resident_who_meets_the_rules_can_apply(signed_in, listing):
    page = signed_in.get(listing.get_absolute_url()).content.decode()
    assert "You can apply." in page
    assert "Save for later" in page


@pytest.mark.parametrize(
    ("rules", "profile", "reason"),
    [
        (
            {"min_age": 16, "max_age": 24},
            {"date_of_birth": date(1980, 1, 1)},
            "It is for people aged 16 to 24, and you are",
        ),
        ({"min_age": 18}, {}, "Add your date of birth to your profile to apply."),
        ({"hackney_connection_required": True}, {}, "only for people who live in Hackney"),
        ({"closing_date": timezone.localdate() - timedelta(days=1)}, {}, "This opportunity has closed."),
    ],
)
def test_reasons_a_resident_cannot_apply_are_plain(client, resident, organisation_a, rules, profile, reason):
    ResidentProfile.objects.create(user=resident, **profile)
    listing = OpportunityFactory(organisation=organisation_a, **rules)
    client.force_login(resident)
    page = client.get(f"/opportunities/{listing.slug}/apply/").content.decode()
    assert reason in page
    assert "You cannot apply for this opportunity" in page
    response = client.post(f"/opportunities/{listing.slug}/apply/", apply_answers())
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_hackney_connection_and_age_in_range_can_apply(client, resident, organisation_a):
    ResidentProfile.objects.create(user=resident, date_of_birth=date(2006, 3, 1), studied_in_hackney=True)
    listing = OpportunityFactory(organisation=organisation_a, min_age=16, max_age=24, hackney_connection_required=True)
    client.force_login(resident)
    assert "You can apply." in client.get(listing.get_absolute_url()).content.decode()


# Saving -------------------------------------------------------------------------------------------------


def test_save_and_remove_a_listing(signed_in, resident, listing):
    response = signed_in.post(f"/opportunities/{listing.slug}/save/")
    assert response.status_code == 302
    assert SavedOpportunity.objects.filter(user=resident, opportunity=listing).exists()
    assert "Trainee gardener" in signed_in.get("/account/").content.decode()
    assert "You have saved this opportunity" in signed_in.get(listing.get_absolute_url()).content.decode()
    signed_in.post(f"/opportunities/{listing.slug}/save/")  # twice keeps one
    assert SavedOpportunity.objects.count() == 1
    signed_in.post(f"/opportunities/{listing.slug}/save/", {"remove": "1"})
    assert not SavedOpportunity.objects.exists()


def test_saving_needs_an_account(client, listing):
    response = client.post(f"/opportunities/{listing.slug}/save/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not SavedOpportunity.objects.exists()


def test_saved_list_is_only_your_own(client, listing):
    alice = UserFactory(role=Role.RESIDENT)
    bob = UserFactory(role=Role.RESIDENT)
    services.saved_opportunity_add(user=alice, opportunity=listing)
    client.force_login(bob)
    assert "Trainee gardener" not in client.get("/account/").content.decode()


# Applying -----------------------------------------------------------------------------------------------


def test_apply_with_cv_check_answers_and_send(
    signed_in, resident, listing, partner_a, private_files, django_capture_on_commit_callbacks
):
    form = signed_in.get(f"/opportunities/{listing.slug}/apply/").content.decode()
    assert "Why do you want to work outdoors?" in form and "When could you start?" in form
    response = signed_in.post(
        f"/opportunities/{listing.slug}/apply/",
        apply_answers(cv=SimpleUploadedFile("My CV.pdf", PDF, content_type="application/pdf")),
    )
    assert response.status_code == 302 and response["Location"] == f"/opportunities/{listing.slug}/apply/check/"
    draft = Application.objects.get()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.cv_type == "pdf" and draft.cv_name == "my-cv.pdf"
    assert "My CV" not in draft.cv.name  # stored under a random name
    check = signed_in.get(f"/opportunities/{listing.slug}/apply/check/").content.decode()
    assert "Check your answers before sending your application" in check
    assert "I love growing things." in check and "my-cv.pdf" in check
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks():
        response = signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    assert response["Location"] == f"/opportunities/{listing.slug}/apply/sent/"
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    assert application.answers[0] == {
        "question": "Why do you want to work outdoors?",
        "answer": "I love growing things.",
    }
    assert list(application.history.values_list("from_status", "to_status")) == [("draft", "submitted")]
    assert Notification.objects.get(recipient=resident).kind == "application_sent"
    received = Notification.objects.get(recipient=partner_a)
    assert received.kind == "application_received" and "Trainee gardener" in received.subject
    assert "resident@example.test" not in received.body  # the email names the listing, not the person

    sent = signed_in.get(f"/opportunities/{listing.slug}/apply/sent/").content.decode()
    assert "govuk-panel--confirmation" in sent and "Application sent" in sent
    account = signed_in.get("/account/").content.decode()
    assert "Trainee gardener" in account and "Sent" in account
    cv = signed_in.get(f"/account/applications/{application.pk}/cv/")
    assert b"".join(cv.streaming_content) == PDF
    assert cv["Content-Disposition"].startswith("attachment")


def test_word_documents_are_accepted(signed_in, listing, private_files):
    response = signed_in.post(
        f"/opportunities/{listing.slug}/apply/", apply_answers(cv=SimpleUploadedFile("cv.docx", docx_bytes()))
    )
    assert response.status_code == 302
    assert Application.objects.get().cv_type == "docx"


def test_the_draft_keeps_what_was_written(signed_in, listing):
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers())
    form = signed_in.get(f"/opportunities/{listing.slug}/apply/").content.decode()
    assert "I love growing things." in form and "community garden" in form


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 this is a program, not a PDF"), "must be a PDF or Word document"),
        (SimpleUploadedFile("cv.pdf", b"PK\x03\x04 not really a zip"), "must be a PDF or Word document"),
        (SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)), "must be smaller than 5MB"),
        (SimpleUploadedFile("cv.pdf", b""), "The selected file is empty"),
    ],
    ids=["program-named-pdf", "broken-zip", "six-megabytes", "empty"],
)
def test_bad_cv_is_refused_and_nothing_is_kept(signed_in, listing, private_files, upload, message):
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers(cv=upload))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "There is a problem" in page and "<title>Error:" in page
    assert not Application.objects.exists()
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


def test_empty_statement_and_answers_are_refused(signed_in, listing):
    response = signed_in.post(
        f"/opportunities/{listing.slug}/apply/", {"answer_1": "", "answer_2": "  ", "statement": "   "}
    )
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Enter your answer to question 1",
        "Enter your answer to question 2",
        "Enter your supporting statement",
    ):
        assert message in page
    assert not Application.objects.exists()


def test_a_second_application_is_refused(signed_in, listing):
    send_application(signed_in, listing)
    assert (
        signed_in.get(f"/opportunities/{listing.slug}/apply/")["Location"]
        == Application.objects.get().get_absolute_url()
    )
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers(statement="Again"))
    assert response.status_code == 400 and "You have already applied" in response.content.decode()
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    assert response.status_code == 400
    assert Application.objects.count() == 1 and ApplicationEvent.objects.count() == 1
    assert Application.objects.get().statement.startswith("I have looked after")


def test_no_application_after_the_closing_date(signed_in, listing):
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers())
    listing.closing_date = timezone.localdate() - timedelta(days=1)
    listing.save()
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    assert response.status_code == 400 and "This opportunity has closed." in response.content.decode()
    assert Application.objects.get().status == ApplicationStatus.DRAFT
    assert not Notification.objects.exists()


def test_changed_questions_are_caught_before_sending(signed_in, listing):
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers())
    listing.screening_question_3 = "Do you have a driving licence?"
    listing.save()
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    assert response.status_code == 400 and "questions for this opportunity have changed" in response.content.decode()


# Following and withdrawing ------------------------------------------------------------------------------


def test_partner_moves_show_in_the_history_and_reach_the_resident(signed_in, resident, listing, partner_a):
    send_application(signed_in, listing)
    application = Application.objects.get()
    services.application_move(application=application, to="shortlisted", by=partner_a)
    when = timezone.make_aware(timezone.datetime(2026, 12, 3, 10, 30))
    services.application_move(
        application=application,
        to="interview",
        by=partner_a,
        interview_at=when,
        interview_place="Hackney Marshes Centre",
    )
    page = signed_in.get(application.get_absolute_url()).content.decode()
    assert "Invited to interview" in page and "Hackney Marshes Centre" in page and "Shortlisted" in page
    assert "Interview:</strong> Thursday 3 December 2026 at 10:30am" in page
    moved = Notification.objects.filter(recipient=resident, kind="application_moved").order_by("id")
    assert [n.context["status"] for n in moved] == ["shortlisted", "interview"]
    assert "Thursday 3 December 2026 at 10:30am" in moved[1].body


def test_forged_moves_change_nothing(signed_in, listing, partner_a, partner_b):
    send_application(signed_in, listing)
    application = Application.objects.get()
    for to in ("withdrawn", "draft", "submitted", "nonsense", "started"):
        with pytest.raises(ValidationError):
            services.application_move(application=application, to=to, by=partner_a)
    with pytest.raises(ValidationError):
        services.application_move(application=application, to="interview", by=partner_a)  # no date or place
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.application_move(application=application, to="shortlisted", by=partner_b)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.history.count() == 1
    assert not Notification.objects.filter(kind="application_moved").exists()


def test_withdraw(signed_in, listing, partner_a):
    send_application(signed_in, listing)
    application = Application.objects.get()
    page = signed_in.get(f"/account/applications/{application.pk}/withdraw/").content.decode()
    assert "Are you sure you want to withdraw your application?" in page
    response = signed_in.post(f"/account/applications/{application.pk}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    again = signed_in.post(f"/account/applications/{application.pk}/withdraw/")
    assert again.status_code == 400 and "because it is withdrawn" in again.content.decode()
    with pytest.raises(ValidationError):
        services.application_move(application=application, to="shortlisted", by=partner_a)
    assert application.history.count() == 2


# Applying elsewhere -------------------------------------------------------------------------------------


def test_leaving_for_the_partners_website_is_tracked(signed_in, resident, organisation_a):
    listing = OpportunityFactory(
        organisation=organisation_a, apply_method="website", apply_url="https://jobs.example.org/42"
    )
    page = signed_in.get(f"/opportunities/{listing.slug}/apply/").content.decode()
    assert "Continue to their website" in page
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/")
    assert response.status_code == 302 and response["Location"] == "https://jobs.example.org/42"
    application = Application.objects.get()
    assert (application.route, application.status) == ("website", ApplicationStatus.LEFT_TO_APPLY)
    assert "Went to apply" in signed_in.get("/account/").content.decode()
    signed_in.post(f"/opportunities/{listing.slug}/apply/")  # going again records nothing new
    assert Application.objects.count() == 1
    signed_in.post(f"/account/applications/{application.pk}/applied/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert signed_in.post(f"/account/applications/{application.pk}/applied/").status_code == 400


def test_email_applications_open_the_mail_app(signed_in, organisation_a):
    listing = OpportunityFactory(organisation=organisation_a, apply_method="email", apply_email="jobs@example.org")
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/")
    assert response["Location"] == "mailto:jobs@example.org"


def test_partners_never_see_applications_made_elsewhere(signed_in, organisation_a, partner_a):
    listing = OpportunityFactory(
        organisation=organisation_a, apply_method="website", apply_url="https://jobs.example.org/1"
    )
    signed_in.post(f"/opportunities/{listing.slug}/apply/")
    assert not Application.objects.for_partner(partner_a).exists()


# Permissions --------------------------------------------------------------------------------------------


def test_another_residents_application_and_cv_are_404(client, listing, partner_a, private_files):
    alice = UserFactory(role=Role.RESIDENT)
    client.force_login(alice)
    send_application(client, listing, cv=SimpleUploadedFile("cv.pdf", PDF))
    application = Application.objects.get()
    for intruder in (UserFactory(role=Role.RESIDENT), partner_a, UserFactory(role=Role.STAFF)):
        client.force_login(intruder)
        for pk in range(1, application.pk + 3):
            for suffix in ("", "withdraw/", "cv/"):
                assert client.get(f"/account/applications/{pk}/{suffix}").status_code == 404
            assert client.post(f"/account/applications/{pk}/withdraw/").status_code == 404
            assert client.post(f"/account/applications/{pk}/applied/").status_code == 404
        assert f"/account/applications/{application.pk}/" not in client.get("/account/").content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_applying_needs_an_account(client, listing):
    for path in ("apply/", "apply/check/", "apply/sent/"):
        response = client.get(f"/opportunities/{listing.slug}/{path}")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unpublished_listing_cannot_be_applied_for(signed_in, organisation_a):
    draft = OpportunityFactory(organisation=organisation_a, status="draft")
    assert signed_in.get(f"/opportunities/{draft.slug}/apply/").status_code == 404
    assert signed_in.post(f"/opportunities/{draft.slug}/save/").status_code == 404


# Partner digest and query counts ------------------------------------------------------------------------


def test_daily_digest_for_partners_who_chose_it(signed_in, listing, partner_a):
    from notifications.services import preference_set

    preference_set(user=partner_a, kind="applications_digest", channel="email")
    send_application(signed_in, listing)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.applications_digest_send(today=tomorrow) == 1
    assert services.applications_digest_send(today=tomorrow) == 1  # same key: nothing new
    digest = Notification.objects.get(kind="applications_digest")
    assert digest.subject == "One new application yesterday"
    assert "Trainee gardener: one new" in digest.body
    assert services.applications_digest_send(today=tomorrow + timedelta(days=1)) == 0


def test_beat_sends_the_applications_digest_each_morning():
    from config.celery import app

    assert "applications.tasks.send_applications_digest" in {e["task"] for e in app.conf.beat_schedule.values()}


def test_account_page_query_count_does_not_grow(client, organisation_a):
    resident = UserFactory(role=Role.RESIDENT)
    client.force_login(resident)

    def add(n):
        for _ in range(n):
            listing = OpportunityFactory(organisation=organisation_a)
            Application.objects.create(opportunity=listing, resident=resident, status="submitted")
            services.saved_opportunity_add(user=resident, opportunity=listing)

    add(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/account/")
    add(10)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/account/").content.decode()
    assert page.count("govuk-tag--blue") == 11
    assert len(many) == len(few)


# Retention ----------------------------------------------------------------------------------------------


def test_applications_keep_personal_details_only_as_long_as_the_privacy_notice_says(
    signed_in, resident, organisation_a, partner_a, private_files, django_capture_on_commit_callbacks
):
    from config.celery import app

    assert "applications.tasks.anonymise_expired_applications" in {e["task"] for e in app.conf.beat_schedule.values()}
    today = timezone.localdate()
    old = OpportunityFactory(organisation=organisation_a, screening_question_1="Why us?")
    recent = OpportunityFactory(organisation=organisation_a, screening_question_1="Why us?")
    for listing in (old, recent):
        signed_in.post(
            f"/opportunities/{listing.slug}/apply/",
            {"answer_1": "Because.", "statement": "Mine.", "cv": SimpleUploadedFile("cv.pdf", PDF)},
        )
        signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    old_application = Application.objects.get(opportunity=old)
    services.application_move(application=old_application, to="unsuccessful", by=partner_a, feedback="Not now.")
    cv_file = private_files / old_application.cv.name
    type(old).objects.filter(pk=old.pk).update(closing_date=today - timedelta(days=731))
    type(recent).objects.filter(pk=recent.pk).update(closing_date=today - timedelta(days=729))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.applications_anonymise_expired(today=today) == 1
    old_application.refresh_from_db()
    assert old_application.resident_id is None and old_application.status == ApplicationStatus.UNSUCCESSFUL
    assert (old_application.answers, old_application.statement, old_application.cv, old_application.feedback) == (
        [],
        "",
        "",
        "",
    )
    assert not old_application.history.filter(by=resident).exists()
    assert not cv_file.exists()
    assert Application.objects.get(opportunity=recent).resident_id == resident.pk
    assert services.applications_anonymise_expired(today=today) == 0


def test_a_draft_cannot_be_sent_once_the_listing_moves_to_the_partners_site(signed_in, listing):
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers())
    listing.apply_method, listing.apply_url = "website", "https://jobs.example.org/9"
    listing.save()
    response = signed_in.post(f"/opportunities/{listing.slug}/apply/check/")
    assert response.status_code in (302, 400)
    assert Application.objects.get().status == ApplicationStatus.DRAFT
    with pytest.raises(ValidationError):
        services.application_submit(application=Application.objects.get(), by=Application.objects.get().resident)


def test_a_cv_whose_file_went_missing_is_404_not_an_error(signed_in, listing, private_files):
    send_application(signed_in, listing, cv=SimpleUploadedFile("cv.pdf", PDF))
    application = Application.objects.get()
    application.cv.storage.delete(application.cv.name)
    assert signed_in.get(f"/account/applications/{application.pk}/cv/").status_code == 404


def test_a_cv_is_not_left_behind_when_the_draft_cannot_be_saved(resident, listing, private_files, monkeypatch):
    from django.core.files.base import ContentFile
    from django.db import DatabaseError

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Application, "save", broken_save)
    with pytest.raises(DatabaseError):
        services.application_draft_save(
            resident=resident,
            opportunity=listing,
            answers=["a", "b"],
            statement="Mine.",
            cv=ContentFile(PDF, name="cv.pdf"),
            cv_type="pdf",
        )
    assert not private_files.exists() or not any(p.is_file() for p in private_files.rglob("*"))


def test_other_office_files_are_not_taken_for_word_documents():
    from applications.files import cv_type_of

    ole2 = bytes.fromhex("d0cf11e0a1b11ae1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macros")
    assert cv_type_of(io.BytesIO(ole2 + b"\x00" * 500 + "Workbook".encode("utf-16-le"))) is None  # Excel 97
    assert cv_type_of(io.BytesIO(ole2 + b"\x00" * 500 + "WordDocument".encode("utf-16-le"))) == "doc"
    assert cv_type_of(io.BytesIO(buffer.getvalue())) is None  # Word with macros
    assert cv_type_of(io.BytesIO(docx_bytes())) == "docx"


def test_removing_an_uploaded_cv_is_a_real_gov_uk_checkbox(signed_in, listing, private_files):
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers(cv=SimpleUploadedFile("cv.pdf", PDF)))
    page = signed_in.get(f"/opportunities/{listing.slug}/apply/").content.decode()
    item = page[page.index('<div class="govuk-checkboxes__item">') :]
    assert (
        item.split("\n")[1]
        .strip()
        .startswith('<input type="checkbox" name="remove_cv" class="govuk-checkboxes__input"')
    )
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_remove_cv">Remove the CV I uploaded</label>' in page
    )
    signed_in.post(f"/opportunities/{listing.slug}/apply/", apply_answers(remove_cv="on"))
    assert not Application.objects.get().cv
