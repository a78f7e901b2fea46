"""A case's shared opportunities, applications (and CVs) and support given, as the advisors on the case use them;
the advisors told of the resident's applications; and nobody else reaching any of it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from advisors.models import CheckIn, Outcome, SharedOpportunity, SupportGiven
from advisors.selectors.casework import shared_with
from advisors.services.casework import opportunity_share, outcome_record
from applications.models import ApplicationStatus
from applications.services import application_leave_to_apply, application_mark_applied, application_submit
from notifications.models import Notification
from opportunities.models import Status
from tests.factories import (
    PDF_BYTES,
    AdvisorFactory,
    ApplicationFactory,
    CaseFactory,
    MembershipFactory,
    OpportunityFactory,
    UserFactory,
    attach_cv,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return CaseFactory(resident__full_name="Amara Okafor", lead_advisor__user__full_name="Dee Advisor")


@pytest.fixture
def advisor(case):
    return case.lead_advisor.user


@pytest.fixture
def signed_in(client, advisor):
    client.force_login(advisor)
    return client


def url(case, section, *rest):
    return "/".join([f"/advisors/cases/{case.pk}/{section}", *map(str, rest), ""])


def date_fields(name, day) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# Sharing opportunities ----------------------------------------------------------------------------------------


def test_search_finds_open_listings_by_title_and_offers_up_to_ten(signed_in, case):
    OpportunityFactory.create_batch(12, title="Barista at a Dalston café")
    OpportunityFactory(title="Barista trainee (draft)", status=Status.DRAFT)
    OpportunityFactory(title="Barista, closed", closing_date=timezone.localdate() - timedelta(days=1))
    OpportunityFactory(title="Warehouse operative")

    response = signed_in.get(url(case, "opportunities"), {"q": "barista"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('name="opportunity"') == 10
    assert "Barista at a Dalston café" in page
    assert "Barista trainee (draft)" not in page and "Barista, closed" not in page and "Warehouse" not in page


def test_sharing_a_match_with_a_message_tells_the_resident(signed_in, case, advisor):
    listing = OpportunityFactory(title="Barista at a Dalston café")

    response = signed_in.post(
        url(case, "opportunities"), {"q": "barista", "opportunity": listing.pk, "message": "This fits your hours."}
    )

    assert response.status_code == 302
    shared = SharedOpportunity.objects.get()
    assert (shared.case, shared.opportunity, shared.shared_by) == (case, listing, advisor)
    assert shared.message == "This fits your hours."
    told = Notification.objects.get(kind="opportunity_shared")
    assert told.recipient == case.resident and told.link == listing.get_absolute_url()
    assert "Dee Advisor" in told.subject and "This fits your hours." in told.body

    page = signed_in.get(url(case, "opportunities")).content.decode()
    assert "Barista at a Dalston café" in page and "This fits your hours." in page and "Dee Advisor" in page
    assert "Not yet" in page


@pytest.mark.parametrize(
    "link",
    [
        "https://hackney.example/opportunities/{slug}/",
        "hackney.example/opportunities/{slug}/apply/",
        "/opportunities/{slug}",
        "{slug}",
    ],
)
def test_sharing_by_pasting_a_link_or_slug(signed_in, case, link):
    listing = OpportunityFactory()

    response = signed_in.post(url(case, "opportunities"), {"link": link.format(slug=listing.slug), "message": ""})

    assert response.status_code == 302
    assert SharedOpportunity.objects.get().opportunity == listing


@pytest.mark.parametrize(
    ("listing", "field"),
    [
        ({"status": Status.DRAFT}, "link"),
        ({"status": Status.SUBMITTED}, "link"),
        ({"status": Status.ARCHIVED}, "link"),
        ({"status": Status.CLOSED}, "link"),
        ({"closing_date": timezone.localdate() - timedelta(days=1)}, "link"),
        ({"status": Status.DRAFT}, "opportunity"),
        (None, "link"),
        (None, "opportunity"),
    ],
)
def test_only_published_open_listings_can_be_shared(signed_in, case, partner_b, organisation_b, listing, field):
    if listing is None:  # a forged slug or id
        value = "no-such-listing" if field == "link" else "987654321"
    else:
        opportunity = OpportunityFactory(organisation=organisation_b, **listing)  # another organisation's
        value = f"/opportunities/{opportunity.slug}/" if field == "link" else opportunity.pk
    OpportunityFactory()  # a match for the search, so a choice can be sent

    response = signed_in.post(url(case, "opportunities"), {field: value, "q": "customer"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error: " in page
    assert "You can only share an opportunity that is published and open" in page or "closed on" in page
    assert not SharedOpportunity.objects.exists()
    assert not Notification.objects.filter(kind="opportunity_shared").exists()


@pytest.mark.parametrize("data", [{}, {"opportunity": "abc"}, {"link": "   "}, {"link": "x" * 501}])
def test_nothing_chosen_or_garbled_is_refused(signed_in, case, data):
    OpportunityFactory(title="Barista")
    response = signed_in.post(url(case, "opportunities"), {"q": "barista", **data})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not SharedOpportunity.objects.exists()


def test_a_listing_is_shared_once_per_case(signed_in, case):
    listing = OpportunityFactory(title="Barista")
    signed_in.post(url(case, "opportunities"), {"opportunity": listing.pk, "q": "barista"})

    again = signed_in.post(url(case, "opportunities"), {"opportunity": listing.pk, "q": "barista"})

    assert again.status_code == 400
    assert "You have already shared “Barista” with Amara Okafor." in again.content.decode()
    assert SharedOpportunity.objects.count() == 1
    assert Notification.objects.filter(kind="opportunity_shared").count() == 1


def test_a_closed_case_shares_nothing(case, advisor):
    case.closed_at = timezone.now()
    case.save()

    with pytest.raises(ValidationError, match="This case is closed"):
        opportunity_share(case=case, opportunity=OpportunityFactory(), message="", by=advisor)
    assert not SharedOpportunity.objects.exists()


def test_the_list_says_whether_the_resident_applied(signed_in, case, advisor):
    applied, drafted, went, not_yet = OpportunityFactory.create_batch(4)
    for listing in (applied, drafted, went, not_yet):
        opportunity_share(case=case, opportunity=listing, message="", by=advisor)
    ApplicationFactory(opportunity=applied, resident=case.resident, status=ApplicationStatus.SHORTLISTED)
    ApplicationFactory(opportunity=drafted, resident=case.resident, status=ApplicationStatus.DRAFT, submitted_at=None)
    ApplicationFactory(
        opportunity=went, resident=case.resident, status=ApplicationStatus.LEFT_TO_APPLY, submitted_at=None
    )
    ApplicationFactory(opportunity=not_yet)  # someone else applied

    page = signed_in.get(url(case, "opportunities")).content.decode()

    assert page.count("Not yet") == 3
    assert page.count("Shortlisted") == 1


def test_shared_with_gives_a_residents_shared_opportunities(case, advisor):
    listing = OpportunityFactory(title="Barista")
    opportunity_share(case=case, opportunity=listing, message="Worth a look", by=advisor)
    archived = OpportunityFactory()
    opportunity_share(case=case, opportunity=archived, message="", by=advisor)
    archived.status = Status.ARCHIVED
    archived.save()

    rows = shared_with(user=case.resident)

    assert [(row.opportunity, row.message, row.shared_by) for row in rows] == [(listing, "Worth a look", advisor)]
    assert shared_with(user=UserFactory(role=Role.RESIDENT)) == []


# Advisors told of applications --------------------------------------------------------------------------------


@pytest.fixture
def colleague(case):
    colleague = AdvisorFactory(user__full_name="Kofi Colleague")
    case.advisors.add(colleague)
    return colleague.user


def draft_for(resident, opportunity=None):
    opportunity = opportunity or OpportunityFactory(screening_question_1="Why?", title="Barista")
    return ApplicationFactory(
        opportunity=opportunity, resident=resident, status=ApplicationStatus.DRAFT, submitted_at=None, sent_event=False
    )


def test_applying_for_a_shared_listing_tells_the_advisors_on_the_case(case, advisor, colleague):
    outsider = AdvisorFactory().user
    listing = OpportunityFactory(title="Barista", screening_question_1="Why?")
    opportunity_share(case=case, opportunity=listing, message="", by=advisor)

    application_submit(application=draft_for(case.resident, listing), by=case.resident)

    told = {n.recipient: n for n in Notification.objects.filter(kind="shared_opportunity_applied")}
    assert set(told) == {advisor, colleague}
    assert told[advisor].subject == "Amara Okafor applied for Barista you shared"
    assert told[colleague].subject == "Amara Okafor applied for Barista shared by Dee Advisor"
    assert told[advisor].link == f"/advisors/cases/{case.pk}/applications/"
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert not Notification.objects.filter(kind="caseload_application_sent").exists()


def test_applying_for_anything_else_tells_them_too(case, advisor, colleague):
    application_submit(application=draft_for(case.resident), by=case.resident)

    told = Notification.objects.filter(kind="caseload_application_sent")
    assert {n.recipient for n in told} == {advisor, colleague}
    assert {n.subject for n in told} == {"Amara Okafor applied for Barista"}


def test_saying_they_applied_elsewhere_tells_them_and_only_once(case, advisor):
    listing = OpportunityFactory(title="Chef", apply_method="website", apply_url="https://example.test/jobs")
    opportunity_share(case=case, opportunity=listing, message="", by=advisor)
    application = application_leave_to_apply(resident=case.resident, opportunity=listing)
    assert not Notification.objects.filter(recipient=advisor).exists()  # going to apply is not applying

    application_mark_applied(application=application, by=case.resident)

    told = Notification.objects.get(recipient=advisor)
    assert (told.kind, told.subject) == ("shared_opportunity_applied", "Amara Okafor applied for Chef you shared")


def test_no_open_case_no_one_is_told(case, advisor):
    case.closed_at = timezone.now()
    case.save()
    application_submit(application=draft_for(case.resident), by=case.resident)

    assert not Notification.objects.filter(kind__in=["shared_opportunity_applied", "caseload_application_sent"])


def test_a_resident_with_no_case_tells_no_advisor(advisor):
    resident = UserFactory(role=Role.RESIDENT)
    application_submit(application=draft_for(resident), by=resident)
    assert not Notification.objects.filter(recipient__advisor_profile__isnull=False).exists()


def test_an_advisor_who_left_the_team_is_not_told(case, advisor, colleague):
    colleague.groups.clear()
    application_submit(application=draft_for(case.resident), by=case.resident)
    assert {n.recipient for n in Notification.objects.filter(kind="caseload_application_sent")} == {advisor}


# Applications and CVs -----------------------------------------------------------------------------------------


def test_the_applications_page_shows_sent_applications_never_drafts(signed_in, case):
    sent = ApplicationFactory(resident=case.resident, opportunity__title="Barista", status=ApplicationStatus.INTERVIEW)
    ApplicationFactory(resident=case.resident, opportunity__title="Drafted job", status="draft", submitted_at=None)
    ApplicationFactory(resident=case.resident, opportunity__title="Went to look", status="left", submitted_at=None)
    ApplicationFactory(opportunity__title="Someone else's job")

    page = signed_in.get(url(case, "applications")).content.decode()

    assert "Barista" in page and sent.opportunity.organisation.name in page and "Invited to interview" in page
    assert "Drafted job" not in page and "Went to look" not in page and "Someone else" not in page


def test_the_cv_downloads_for_an_advisor_on_the_case(signed_in, case):
    application = attach_cv(ApplicationFactory(resident=case.resident))

    response = signed_in.get(url(case, "applications", application.pk, "cv"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment") and response["Cache-Control"] == "private, no-store"


def test_a_cv_of_another_resident_or_a_draft_is_not_found_through_this_case(signed_in, case):
    elsewhere = attach_cv(ApplicationFactory())
    draft = attach_cv(ApplicationFactory(resident=case.resident, status="draft", submitted_at=None))
    no_cv = ApplicationFactory(resident=case.resident)

    for application in (elsewhere, draft, no_cv):
        assert signed_in.get(url(case, "applications", application.pk, "cv")).status_code == 404


def test_another_advisor_gets_no_cv_and_the_resident_still_gets_their_own(client, case):
    application = attach_cv(ApplicationFactory(resident=case.resident))
    client.force_login(AdvisorFactory().user)
    assert client.get(url(case, "applications", application.pk, "cv")).status_code == 404
    client.force_login(case.resident)
    assert client.get(f"/account/applications/{application.pk}/cv/").status_code == 200


# Support given ------------------------------------------------------------------------------------------------


def test_recording_support_and_the_total(signed_in, case, advisor):
    today = timezone.localdate()
    for amount, kind in (("£25.50", "interview_clothing"), ("4.50", "travel"), ("", "other")):
        response = signed_in.post(
            url(case, "support"),
            {"kind": kind, "description": "Suit for an interview", "amount": amount, **date_fields("given_on", today)},
        )
        assert response.status_code == 302

    assert sorted(SupportGiven.objects.values_list("amount", flat=True)) == [0, Decimal("4.50"), Decimal("25.50")]
    assert SupportGiven.objects.filter(recorded_by=advisor, case=case).count() == 3
    page = signed_in.get(url(case, "support")).content.decode()
    assert (
        "£25.50" in page and "£30.00" in page and "Interview clothing" in page and 'class="govuk-input__prefix"' in page
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Amount must be £0 or more"),
        ("£-5", "Amount must be £0 or more"),
        ("abc", "Amount must be an amount of money, like £25.50"),
        ("1e9", "Amount must be an amount of money"),
        ("NaN", "Amount must be an amount of money"),
        ("Infinity", "Amount must be an amount of money"),
        ("٣", "Amount must be an amount of money"),
        ("25.505", "not have more than 2 numbers after the decimal point"),
        ("10000.01", "Amount must be £10,000 or less"),
        ("9" * 40, "Amount must be an amount of money"),
    ],
)
def test_bad_amounts_are_refused_and_write_nothing(signed_in, case, amount, message):
    response = signed_in.post(
        url(case, "support"), {"kind": "travel", "amount": amount, **date_fields("given_on", timezone.localdate())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SupportGiven.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "bribe"}, "Select the kind of support given"),
        (date_fields("given_on", timezone.localdate() + timedelta(days=1)), "Date given must be today or in the past"),
        ({"given_on_day": "31", "given_on_month": "2", "given_on_year": "2027"}, "Date given must be a real date"),
        ({"given_on_day": ""}, "Date given must include a day"),
        ({"given_on_day": "", "given_on_month": "", "given_on_year": ""}, "Enter the date the support was given"),
        ({"description": "x" * 301}, "Description must be 300 characters or fewer"),
    ],
)
def test_bad_support_is_refused_and_writes_nothing(signed_in, case, data, message):
    good = {"kind": "travel", "amount": "5", **date_fields("given_on", timezone.localdate())}
    response = signed_in.post(url(case, "support"), {**good, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SupportGiven.objects.exists()


def support_on(case, **kwargs):
    return SupportGiven.objects.create(
        case=case, kind="travel", amount=Decimal("4.50"), given_on=timezone.localdate(), **kwargs
    )


def test_removing_support(signed_in, case):
    support = support_on(case)
    assert "Are you sure" in signed_in.get(url(case, "support", support.pk, "remove")).content.decode()

    response = signed_in.post(url(case, "support", support.pk, "remove"))

    assert response.status_code == 302 and not SupportGiven.objects.exists()


def test_another_cases_support_is_not_found_through_this_case(signed_in, case):
    elsewhere = support_on(CaseFactory())
    assert signed_in.get(url(case, "support", elsewhere.pk, "remove")).status_code == 404
    assert signed_in.post(url(case, "support", elsewhere.pk, "remove")).status_code == 404
    assert SupportGiven.objects.filter(pk=elsewhere.pk).exists()


# Nobody else reaches any of it ----------------------------------------------------------------------------------


@pytest.fixture
def case_rows(case, advisor):
    """One of each row a URL of this case names: an application with a CV, support, a work start's check-in."""
    application = attach_cv(ApplicationFactory(resident=case.resident))
    support = support_on(case)
    start = outcome_record(
        case=case, kind="job_start", achieved_on=timezone.localdate(), employer="Hackney Council", by=advisor
    )
    return {"application": application, "support": support, "check_in": start.check_ins.first()}


def case_urls(case, rows):
    return [
        url(case, "opportunities"),
        url(case, "applications"),
        url(case, "applications", rows["application"].pk, "cv"),
        url(case, "support"),
        url(case, "support", rows["support"].pk, "remove"),
        url(case, "outcomes"),
        url(case, "outcomes", "record"),
        url(case, "check-ins", rows["check_in"].pk),
    ]


def test_every_page_opens_for_an_advisor_on_the_case(client, case, case_rows, colleague):
    for user in (case.lead_advisor.user, colleague):
        client.force_login(user)
        for address in case_urls(case, case_rows):
            assert client.get(address).status_code == 200, address
    read_only = [url(case, "applications"), url(case, "applications", case_rows["application"].pk, "cv")]
    for address in [*read_only, url(case, "outcomes")]:
        assert client.post(address).status_code == 405, address


@pytest.mark.parametrize("who", ["other_advisor", "case_resident", "other_resident", "partner", "staff"])
def test_everyone_else_gets_not_found_for_every_url_and_method(client, case, case_rows, who, partner_a, staff_user):
    people = {
        "other_advisor": lambda: AdvisorFactory().user,
        "case_resident": lambda: case.resident,
        "other_resident": lambda: UserFactory(role=Role.RESIDENT),
        "partner": lambda: partner_a,
        "staff": lambda: staff_user,
    }
    client.force_login(people[who]())
    counts = (SupportGiven.objects.count(), Outcome.objects.count(), CheckIn.objects.filter(done_at=None).count())

    for address in case_urls(case, case_rows):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"notes": "x", "kind": "travel", "link": "x"}).status_code == 404, address

    assert (SupportGiven.objects.count(), Outcome.objects.count(), CheckIn.objects.filter(done_at=None).count()) == (
        counts
    )


def test_anonymous_people_are_sent_to_sign_in(client, case, case_rows):
    for address in case_urls(case, case_rows):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), address


def test_a_partner_member_of_the_listings_organisation_gets_nothing_either(client, case):
    application = attach_cv(ApplicationFactory(resident=case.resident))
    member = MembershipFactory(organisation=application.opportunity.organisation).user
    client.force_login(member)
    assert client.get(url(case, "applications", application.pk, "cv")).status_code == 404


# Query counts -----------------------------------------------------------------------------------------------


def test_shared_opportunities_page_queries_stay_constant(signed_in, case, advisor):
    def grow(n):
        for listing in OpportunityFactory.create_batch(n):
            opportunity_share(case=case, opportunity=listing, message="Look", by=advisor)
            ApplicationFactory(opportunity=listing, resident=case.resident)

    counts = queries_for(signed_in, url(case, "opportunities") + "?q=customer", grow)
    assert counts[0] == counts[1], counts


def test_applications_page_queries_stay_constant(signed_in, case):
    def grow(n):
        for application in ApplicationFactory.create_batch(n, resident=case.resident):
            attach_cv(application)

    counts = queries_for(signed_in, url(case, "applications"), grow)
    assert counts[0] == counts[1], counts


def test_support_page_queries_stay_constant(signed_in, case, advisor):
    counts = queries_for(
        signed_in, url(case, "support"), lambda n: [support_on(case, recorded_by=advisor) for _ in range(n)]
    )
    assert counts[0] == counts[1], counts
