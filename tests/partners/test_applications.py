"""Partners review applicants at /partners/applications/application/: only their own, moved through the service."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from applications.models import Application, ApplicationEvent, ApplicationStatus
from notifications.models import Notification
from opportunities.models import ApplyMethod, Status
from residents.models import EqualityAnswers, ResidentProfile
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    ApplicationFactory,
    MembershipFactory,
    OpportunityFactory,
    UserFactory,
    attach_cv,
)

A = ApplicationStatus
BASE = "/partners/applications/application"
pytestmark = pytest.mark.django_db


@pytest.fixture
def own_listing(organisation_a):
    return OpportunityFactory(
        organisation=organisation_a,
        title="Trainee electrician at Lea Bridge",
        screening_question_1="Why do you want to be an electrician?",
        screening_question_2="When could you start?",
    )


@pytest.fixture
def other_listing(organisation_b):
    return OpportunityFactory(organisation=organisation_b, title="Secret course at Shoreditch")


@pytest.fixture
def applicant(db):
    user = UserFactory(email="amara@example.test", full_name="Amara Okafor", role=Role.RESIDENT)
    ResidentProfile.objects.create(user=user, phone="07700 900123")
    EqualityAnswers.objects.create(user=user, gender="woman", ethnicity="black_african", disability="yes")
    return user


@pytest.fixture
def application(own_listing, applicant):
    return attach_cv(ApplicationFactory(opportunity=own_listing, resident=applicant, phone="07700 900123"))


@pytest.fixture
def hidden(own_listing, other_listing, organisation_a):
    """Applications a member of organisation A must never see."""
    website_listing = OpportunityFactory(organisation=organisation_a, title="Apply on our site", apply_method="website")
    return {
        "other organisation": attach_cv(
            ApplicationFactory(opportunity=other_listing, resident=UserFactory(full_name="Bea Other-Org"))
        ),
        "draft": ApplicationFactory(
            opportunity=own_listing,
            resident=UserFactory(full_name="Dan Draft"),
            status=A.DRAFT,
            submitted_at=None,
            sent_event=False,
        ),
        "left to apply": ApplicationFactory(
            opportunity=website_listing,
            resident=UserFactory(full_name="Lee Leftto"),
            route=ApplyMethod.WEBSITE,
            status=A.LEFT_TO_APPLY,
            submitted_at=None,
            sent_event=False,
        ),
        "applied on the partner's site": ApplicationFactory(
            opportunity=website_listing, resident=UserFactory(full_name="Sid Siteapplied"), route=ApplyMethod.WEBSITE
        ),
    }


@pytest.fixture
def signed_in_a(client, partner_a, partner_b):
    client.login(email=partner_a.email, password=PASSWORD)
    return client


def counts(application):
    application.refresh_from_db()
    return (
        application.status,
        application.history.count(),
        Notification.objects.filter(kind="application_moved").count(),
    )


# 1. Who sees what.


def test_list_shows_only_own_sent_applications(signed_in_a, application, hidden):
    response = signed_in_a.get(f"{BASE}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Applications to your listings" in page
    assert "Amara Okafor" in page and "Trainee electrician at Lea Bridge" in page
    for name in ("Bea Other-Org", "Dan Draft", "Lee Leftto", "Sid Siteapplied"):
        assert name not in page
    assert "Secret course at Shoreditch" not in page
    assert [a.pk for a in response.context["cl"].result_list] == [application.pk]


def test_list_is_newest_first_and_searchable(signed_in_a, own_listing):
    old = ApplicationFactory(
        opportunity=own_listing,
        resident=UserFactory(full_name="Olive Older"),
        submitted_at=timezone.now() - timedelta(days=3),
    )
    new = ApplicationFactory(opportunity=own_listing, resident=UserFactory(full_name="Nia Newer"))
    assert [a.pk for a in signed_in_a.get(f"{BASE}/").context["cl"].result_list] == [new.pk, old.pk]
    found = signed_in_a.get(f"{BASE}/", {"q": "olive"}).context["cl"].result_list
    assert [a.pk for a in found] == [old.pk]


def test_search_and_filters_never_reach_other_organisations(signed_in_a, application, hidden):
    theirs = hidden["other organisation"]
    for params in (
        {"q": "Bea"},
        {"listing": str(theirs.opportunity_id)},
        {"status": "draft"},
        {"status": "left"},
        {"status": "submitted", "q": "Other-Org"},
        {"listing": "not-a-number"},
    ):
        response = signed_in_a.get(f"{BASE}/", params)
        assert response.status_code == 200, params
        assert list(response.context["cl"].result_list) == [], params
        assert "Bea Other-Org" not in response.content.decode()
    # Lookups through relations that are not filters are refused outright.
    assert signed_in_a.get(f"{BASE}/", {"opportunity__organisation__slug": "shoreditch-skills-trust"}).status_code in (
        400,
        302,
    )
    assert signed_in_a.get(f"{BASE}/", {"resident__equality_answers__gender": "woman"}).status_code in (400, 302)


def test_listing_filter_offers_only_own_listings(signed_in_a, application, hidden, own_listing, organisation_a):
    second = ApplicationFactory(opportunity=OpportunityFactory(organisation=organisation_a, title="Office junior"))
    response = signed_in_a.get(f"{BASE}/")
    listing_filter = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "listing")
    assert dict(listing_filter.lookup_choices) == {
        own_listing.pk: "Trainee electrician at Lea Bridge",
        second.opportunity_id: "Office junior",
    }
    status_filter = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "status")
    assert {"draft", "left"}.isdisjoint(value for value, _ in status_filter.lookup_choices)
    filtered = signed_in_a.get(f"{BASE}/", {"listing": str(second.opportunity_id)}).context["cl"].result_list
    assert [a.pk for a in filtered] == [second.pk]
    by_status = signed_in_a.get(f"{BASE}/", {"status": "submitted"}).context["cl"].result_list
    assert {a.pk for a in by_status} == {application.pk, second.pk}


@pytest.mark.parametrize("which", ["other organisation", "draft", "left to apply", "applied on the partner's site"])
@pytest.mark.parametrize("view", ["change", "history", "cv", "delete"])
def test_hidden_applications_are_404_in_every_view(signed_in_a, hidden, which, view):
    target = hidden[which]
    before = counts(target)
    assert signed_in_a.get(f"{BASE}/{target.pk}/{view}/").status_code == 404
    response = signed_in_a.post(f"{BASE}/{target.pk}/{view}/", {"to": "shortlisted", "post": "yes"})
    assert response.status_code == 404
    assert counts(target) == before


def test_walking_ids_reveals_only_own(signed_in_a, application, hidden):
    ids = Application.objects.values_list("pk", flat=True)
    for guess in range(max(1, min(ids) - 3), max(ids) + 5):
        for view in ("change", "history", "cv"):
            status = signed_in_a.get(f"{BASE}/{guess}/{view}/").status_code
            if guess == application.pk:
                assert status == (302 if view == "history" else 200), (guess, view)
            else:
                assert status == 404, (guess, view)
    for view in ("add", "not-a-number/change", "not-a-number/cv", f"{application.pk}/delete"):
        assert signed_in_a.get(f"{BASE}/{view}/").status_code == 404, view


def test_guessing_cv_file_names_and_paths_never_serves_a_file(signed_in_a, application, hidden):
    theirs = hidden["other organisation"]
    for cv in (application.cv.name, theirs.cv.name):
        for url in (
            f"{BASE}/{theirs.pk}/cv/{cv}",
            f"{BASE}/{application.pk}/cv/{cv}",
            f"{BASE}/{cv}",
            f"{BASE}/cv/{cv}",
            f"/partners/{cv}",
            f"/partners/media/private/{cv}",
            f"/partners/private/{cv}",
            f"{BASE}/{theirs.pk}/cv/..%2F..%2F{cv}",
            f"/media/private/{cv}",
            f"/{cv}",
        ):
            response = signed_in_a.get(url, follow=True)
            assert response.status_code == 404, url
            assert PDF_BYTES not in b"".join(getattr(response, "streaming_content", [response.content])), url


def test_history_view_leads_to_the_status_history(signed_in_a, application):
    response = signed_in_a.get(f"{BASE}/{application.pk}/history/")
    assert response.status_code == 302 and response["Location"].endswith(f"/{application.pk}/change/#history")


@pytest.mark.parametrize("who", ["anonymous", "resident", "staff without membership", "resident who applied"])
def test_only_members_reach_these_pages(client, application, resident, staff_user, applicant, who):
    user = {"resident": resident, "staff without membership": staff_user, "resident who applied": applicant}.get(who)
    if user is not None:
        client.login(email=user.email, password=PASSWORD)
    before = counts(application)
    for url in (f"{BASE}/", f"{BASE}/{application.pk}/change/", f"{BASE}/{application.pk}/cv/"):
        response = client.get(url)
        assert response.status_code == 302 and "/partners/login/" in response["Location"], (who, url)
    response = client.post(f"{BASE}/{application.pk}/change/", {"to": "shortlisted"})
    assert response.status_code == 302 and "/partners/login/" in response["Location"]
    assert counts(application) == before


def test_index_leads_to_applications(signed_in_a):
    page = signed_in_a.get("/partners/").content.decode()
    assert "Applications to your listings" in page
    assert f'href="{BASE}/"' in page


# 2. The application's page.


def test_change_page_shows_the_application_and_nothing_from_equality_monitoring(signed_in_a, application):
    response = signed_in_a.get(f"{BASE}/{application.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for expected in (
        "Amara Okafor",
        "amara@example.test",
        "07700 900123",
        "Trainee electrician at Lea Bridge",
        "Why do you want to be an electrician?",
        "Answer to: When could you start?",
        "I have two years&#x27; experience in a busy shop",
        "Download CV",
        f"{BASE}/{application.pk}/cv/",
        "Move this application",
        "We send it to the applicant",
    ):
        assert expected in page, expected
    for secret in (
        "quality monitoring",
        "Black, Black British",
        "black_african",
        "Woman",
        "gender",
        "thnicity",
        "isabilit",
    ):
        assert secret not in page, secret
    # The CV's stored name (which would be a path to guess) is not in the page either.
    assert application.cv.name not in page


def test_change_page_for_an_applicant_without_a_profile_or_cv(signed_in_a, own_listing):
    bare = ApplicationFactory(opportunity=own_listing, resident=UserFactory(full_name="Pat Noprofile"))
    page = signed_in_a.get(f"{BASE}/{bare.pk}/change/").content.decode()
    assert "Pat Noprofile" in page and "Not given" in page
    assert "No CV was sent" in page and "Download CV" not in page
    assert signed_in_a.get(f"{BASE}/{bare.pk}/cv/").status_code == 404


def test_change_page_history_oldest_first(signed_in_a, application, partner_a):
    signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "reviewing"})
    signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "shortlisted"})
    page = signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    history = page[page.index('id="history"') :]
    assert history.index("Sent") < history.index("Being reviewed") < history.index("Shortlisted")
    assert "The applicant" in history and (partner_a.full_name or partner_a.email) in history


def test_move_to_interview_records_history_and_tells_the_resident(signed_in_a, application, partner_a):
    day = timezone.localdate() + timedelta(days=14)
    response = signed_in_a.post(
        f"{BASE}/{application.pk}/change/",
        {
            "to": "interview",
            "interview_date": day.isoformat(),
            "interview_time": "14:30",
            "interview_place": "Hackney Works, 1 Hillman Street, E8 1DY",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/{application.pk}/change/")
    application.refresh_from_db()
    assert application.status == A.INTERVIEW
    local = timezone.localtime(application.interview_at)
    assert (local.date(), local.hour, local.minute) == (day, 14, 30)
    event = application.history.order_by("-at", "-id").first()
    assert (event.from_status, event.to_status, event.by) == (A.SUBMITTED, A.INTERVIEW, partner_a)
    assert event.interview_place == "Hackney Works, 1 Hillman Street, E8 1DY" and event.interview_at
    notification = Notification.objects.get(kind="application_moved", recipient=application.resident)
    assert notification.context["status"] == "interview"
    assert notification.context["interview_place"] == "Hackney Works, 1 Hillman Street, E8 1DY"
    assert f"{day.day} {day:%B %Y}" in notification.context["interview_at"]
    assert "2:30pm" in notification.context["interview_at"]
    assert "Hackney Works, 1 Hillman Street" in notification.body
    page = signed_in_a.get(response["Location"]).content.decode()
    assert "is now: invited to interview" in page


def test_unsuccessful_with_feedback_is_sent_to_the_resident(signed_in_a, application):
    feedback = "Thank you. We chose someone with a driving licence; do apply again."
    response = signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "unsuccessful", "feedback": feedback})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.UNSUCCESSFUL and application.feedback == feedback
    assert application.history.order_by("-at", "-id").first().message == feedback
    notification = Notification.objects.get(kind="application_moved", recipient=application.resident)
    assert notification.context["feedback"] == feedback and feedback in notification.body
    # Nothing moves once unsuccessful: the page says so and offers no form.
    page = signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    assert "can no longer be moved" in page and 'name="to"' not in page


def test_offer_then_start(signed_in_a, application):
    page = signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    assert 'value="started"' not in page  # only after an offer
    assert signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "offered"}).status_code == 302
    assert 'value="started"' in signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    assert signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "started"}).status_code == 302
    application.refresh_from_db()
    assert application.status == A.STARTED
    assert Notification.objects.filter(kind="application_moved").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to": "interview"}, "Enter the date of the interview"),
        ({"to": "interview", "interview_date": "2030-01-10", "interview_time": "10:00"}, "Enter where the interview"),
        (
            {"to": "interview", "interview_date": "31/02/2030", "interview_time": "10:00", "interview_place": "Here"},
            ("Interview date must be a real date"),
        ),
        (
            {"to": "interview", "interview_date": "2020-01-10", "interview_time": "10:00", "interview_place": "Here"},
            ("Interview date must be today or in the future"),
        ),
        (
            {"to": "interview", "interview_date": "2030-01-10", "interview_time": "25:99", "interview_place": "Here"},
            ("Interview time must be a real time"),
        ),
        ({"to": "withdrawn"}, "Select where to move the application"),
        ({"to": "draft"}, "Select where to move the application"),
        ({"to": "nonsense"}, "Select where to move the application"),
        ({"to": "started"}, "Select where to move the application"),
        ({"to": "submitted"}, "Select where to move the application"),
        ({}, "Select where to move the application"),
        ({"to": "shortlisted", "feedback": "Lovely"}, "Feedback is only sent with an unsuccessful decision"),
        ({"to": "unsuccessful", "feedback": "x" * 2001}, "Feedback must be 2,000 characters or fewer"),
    ],
)
def test_bad_moves_are_refused_and_change_nothing(signed_in_a, application, data, message):
    before = counts(application)
    response = signed_in_a.post(f"{BASE}/{application.pk}/change/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert counts(application) == before


def test_a_withdrawn_application_cannot_be_moved(signed_in_a, own_listing):
    withdrawn = ApplicationFactory(
        opportunity=own_listing, resident=UserFactory(full_name="Wes Withdrawn"), status=A.WITHDRAWN
    )
    page = signed_in_a.get(f"{BASE}/{withdrawn.pk}/change/").content.decode()
    assert "can no longer be moved: it is withdrawn" in page
    before = counts(withdrawn)
    response = signed_in_a.post(f"{BASE}/{withdrawn.pk}/change/", {"to": "reviewing"})
    assert response.status_code == 400
    assert "You cannot move this application because it is withdrawn." in response.content.decode()
    assert counts(withdrawn) == before


def test_a_move_made_stale_by_a_colleague_is_refused(signed_in_a, application, organisation_a):
    """The form offered "started" after an offer; meanwhile a colleague marked it unsuccessful."""
    from applications.services import application_move

    application_move(application=application, to=A.OFFERED, by=MembershipFactory(organisation=organisation_a).user)
    colleague = MembershipFactory(organisation=organisation_a).user
    application_move(application=application, to=A.UNSUCCESSFUL, by=colleague)
    before = counts(application)
    response = signed_in_a.post(f"{BASE}/{application.pk}/change/", {"to": "started"})
    assert response.status_code == 400
    assert "You cannot move this application because it is unsuccessful." in response.content.decode()
    assert counts(application) == before


# 4. Bulk moves.


def test_bulk_shortlist_moves_what_it_can_and_reports_the_rest(signed_in_a, own_listing, hidden):
    first, second = (
        ApplicationFactory(opportunity=own_listing, resident=UserFactory(full_name=name))
        for name in ("Ada First", "Ben Second")
    )
    withdrawn = ApplicationFactory(
        opportunity=own_listing, resident=UserFactory(full_name="Wes Withdrawn"), status=A.WITHDRAWN
    )
    theirs = hidden["other organisation"]
    response = signed_in_a.post(
        f"{BASE}/",
        {
            "action": "move_to_shortlisted",
            "_selected_action": [str(a.pk) for a in (first, second, withdrawn, theirs, hidden["draft"])],
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["2 moved to shortlisted. 1 could not be moved: Wes Withdrawn (withdrawn)."]
    for moved in (first, second):
        moved.refresh_from_db()
        assert moved.status == A.SHORTLISTED
        assert moved.history.filter(to_status=A.SHORTLISTED).count() == 1
    assert Notification.objects.filter(kind="application_moved").count() == 2
    for untouched, status in ((withdrawn, A.WITHDRAWN), (theirs, A.SUBMITTED), (hidden["draft"], A.DRAFT)):
        untouched.refresh_from_db()
        assert untouched.status == status


def test_bulk_reviewing_and_unsuccessful(signed_in_a, own_listing):
    one = ApplicationFactory(opportunity=own_listing, resident=UserFactory(full_name="Cal One"))
    reviewing = ApplicationFactory(
        opportunity=own_listing, resident=UserFactory(full_name="Dee Already"), status=A.REVIEWING
    )
    response = signed_in_a.post(
        f"{BASE}/", {"action": "move_to_reviewing", "_selected_action": [one.pk, reviewing.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 moved to reviewing. 1 could not be moved: Dee Already (being reviewed)."
    ]
    response = signed_in_a.post(
        f"{BASE}/", {"action": "mark_unsuccessful", "_selected_action": [one.pk, reviewing.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["2 marked as unsuccessful."]
    assert set(Application.objects.filter(pk__in=[one.pk, reviewing.pk]).values_list("status", flat=True)) == {
        A.UNSUCCESSFUL
    }
    assert not Notification.objects.filter(kind="application_moved", context__feedback__gt="").exists()


def test_bulk_moves_are_capped(signed_in_a, own_listing, monkeypatch):
    from partners import applications_admin

    monkeypatch.setattr(applications_admin, "BULK_LIMIT", 2)
    rows = [ApplicationFactory(opportunity=own_listing) for _ in range(3)]
    response = signed_in_a.post(
        f"{BASE}/", {"action": "move_to_reviewing", "select_across": "1", "_selected_action": [rows[0].pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "You can move up to 2 applications at a time. Filter the list or select fewer."
    ]
    assert set(Application.objects.values_list("status", flat=True)) == {A.SUBMITTED}


def test_an_applicant_who_deleted_their_account(signed_in_a, own_listing):
    gone = ApplicationFactory(opportunity=own_listing, resident=None, sent_event=False)
    page = signed_in_a.get(f"{BASE}/{gone.pk}/change/").content.decode()
    assert "Details removed" in page and "the applicant deleted their account, or the application is more" in page
    assert "Details removed" in signed_in_a.get(f"{BASE}/").content.decode()
    assert signed_in_a.post(f"{BASE}/{gone.pk}/change/", {"to": "reviewing"}).status_code == 302
    gone.refresh_from_db()
    assert gone.status == A.REVIEWING and not Notification.objects.filter(kind="application_moved").exists()


def test_the_phone_number_is_the_one_given_when_applying(signed_in_a, application, applicant):
    ResidentProfile.objects.update_or_create(user=applicant, defaults={"phone": "07700 900999"})
    page = signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    assert "07700 900123" in page and "07700 900999" not in page


def test_a_withdrawn_application_shows_no_contact_details_or_cv(signed_in_a, application, applicant):
    from applications.services import application_withdraw

    application_withdraw(application=application, by=applicant)
    page = signed_in_a.get(f"{BASE}/{application.pk}/change/").content.decode()
    assert "the applicant withdrew this application" in page
    assert applicant.email not in page and "07700 900123" not in page and "Download CV" not in page
    assert signed_in_a.get(f"{BASE}/{application.pk}/cv/").status_code == 404
    history = page[page.index("<h2>History</h2>") :]
    assert history.count("The applicant") == 2  # sent and withdrew


def test_only_detail_free_moves_are_bulk_actions(signed_in_a, application):
    response = signed_in_a.get(f"{BASE}/")
    actions = {value for value, _ in response.context["action_form"].fields["action"].choices if value}
    assert actions == {"move_to_reviewing", "move_to_shortlisted", "mark_unsuccessful"}
    before = counts(application)
    response = signed_in_a.post(f"{BASE}/", {"action": "delete_selected", "_selected_action": [application.pk]})
    assert Application.objects.filter(pk=application.pk).exists()
    assert counts(application) == before


# 3. The CV.


def test_cv_download(signed_in_a, application):
    response = signed_in_a.get(f"{BASE}/{application.pk}/cv/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert re.match(r'attachment; filename="sams-cv.pdf"', response["Content-Disposition"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_cv_of_a_file_gone_missing_is_404(signed_in_a, application):
    application.cv.storage.delete(application.cv.name)
    assert signed_in_a.get(f"{BASE}/{application.pk}/cv/").status_code == 404


# Query counts: every list keeps a constant number of queries as its rows grow.


def test_changelist_queries_do_not_grow_with_applications(signed_in_a, organisation_a):
    listings = [OpportunityFactory(organisation=organisation_a) for _ in range(3)]
    numbers = []
    for size in (3, 30):
        for i in range(size - Application.objects.count()):
            resident = UserFactory(full_name=f"Sam Appleby {size}-{i}")
            attach_cv(ApplicationFactory(opportunity=listings[i % 3], resident=resident))
        for url in (f"{BASE}/", f"{BASE}/?status=submitted&listing={listings[0].pk}&q=appleby"):
            with CaptureQueriesContext(connection) as queries:
                response = signed_in_a.get(url)
            assert response.status_code == 200
            numbers.append(len(queries))
    assert numbers[:2] == numbers[2:], numbers


def test_change_page_queries_do_not_grow_with_history(signed_in_a, application, partner_a):
    numbers = []
    for events in (1, 10):
        while application.history.count() < events:
            by = UserFactory() if application.history.count() % 2 else partner_a
            ApplicationEvent.objects.create(
                application=application, from_status=A.SUBMITTED, to_status=A.REVIEWING, by=by, message="Looked"
            )
        with CaptureQueriesContext(connection) as queries:
            response = signed_in_a.get(f"{BASE}/{application.pk}/change/")
        assert response.status_code == 200
        assert len(response.context["history"]) == events
        numbers.append(len(queries))
    assert numbers[0] == numbers[1], numbers


def test_listing_status_is_not_what_a_partner_filters_on(signed_in_a, own_listing, application):
    """Applications to a listing stay visible after it closes or is archived."""
    own_listing.status = Status.ARCHIVED
    own_listing.save(update_fields=["status"])
    assert [a.pk for a in signed_in_a.get(f"{BASE}/").context["cl"].result_list] == [application.pk]
