"""Done-when 2: a partner posts each kind at /partners/, staff approve it at /admin/, and residents find it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Kind, Opportunity, Programme, Status, StatusChange
from tests.factories import PASSWORD, sector, ward

ADD_URL = "/partners/opportunities/opportunity/add/"

# One distinctive word per kind, so that each listing can be found by words alone.
KIND_WORDS = {
    Kind.JOB: "warehouse",
    Kind.APPRENTICESHIP: "plumbing",
    Kind.WORK_PLACEMENT: "horticulture",
    Kind.SUPPORTED_INTERNSHIP: "library",
    Kind.VOLUNTEERING: "foodbank",
    Kind.WORK_EXPERIENCE: "architecture",
    Kind.COURSE: "bookkeeping",
    Kind.EVENT: "jobsfair",
}


def listing_form(kind: str, **overrides) -> dict:
    word = KIND_WORDS[kind]
    data = {
        "kind": kind,
        "title": f"Trainee {word} role",
        "summary": f"A friendly first step into {word} in Hackney.",
        "description": "You will learn on the job.\n\n- Training\n- A mentor",
        "attendance": "in_person",
        "address": "Hackney Town Hall, Mare Street",
        "postcode": "E8 1EA",
        "ward": str(ward("hackney-central").pk),
        "sector": str(sector("public-sector-and-council-services").pk),
        "positions": "2",
        "apply_method": "here",
        "closing_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "min_age": "16",
        "max_age": "24",
        "_save": "Save",
    }
    if kind in (Kind.JOB, Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT):
        data.update(
            pay_min="15.50", pay_max="16.00", pay_period="hour", hours_per_week="30", working_pattern="full_time"
        )
    if kind == Kind.APPRENTICESHIP:
        data["level"] = "3"
    if kind == Kind.EVENT:
        data["start_date"] = (timezone.localdate() + timedelta(days=25)).isoformat()
    if kind == Kind.COURSE:
        data.update(level="1", attendance="online", postcode="", address="", ward="")
    if kind in (Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP):
        data.update(
            plan_tasks="Potting, watering and helping customers.",
            plan_hours_pattern="Tuesdays to Thursdays, 10am to 3pm",
            plan_supervisor="Amina Yusuf, team leader",
            plan_adjustments="Quiet room, written instructions",
        )
    data.update(overrides)
    return data


def submit_as(client, partner, kind=Kind.JOB) -> Opportunity:
    """The partner posts a listing at /partners/ and signs out; returns the listing."""
    client.login(email=partner.email, password=PASSWORD)
    client.post(ADD_URL, listing_form(kind))
    client.logout()
    return Opportunity.objects.get()


def moderate(client, staff, listing, **decision):
    """Council staff post a decision on the moderation page; they stay signed in."""
    client.login(email=staff.email, password=PASSWORD)
    return client.post(reverse("admin:opportunities_opportunity_moderate", args=[listing.pk]), decision)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(Kind))
def test_partner_posts_staff_approves_resident_finds(client, partner_a, staff_user, kind):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(ADD_URL, listing_form(kind))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    listing = Opportunity.objects.get(title=f"Trainee {KIND_WORDS[kind]} role")
    assert listing.status == Status.SUBMITTED
    assert listing.organisation.memberships.filter(user=partner_a).exists()
    assert listing.status_changes.get().to_status == Status.SUBMITTED

    # Not public until approved.
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert listing.title not in client.get("/opportunities/", {"q": KIND_WORDS[kind]}).content.decode()

    client.logout()
    client.login(email=staff_user.email, password=PASSWORD)
    queue = client.get("/admin/opportunities/opportunity/", {"status__exact": "submitted"})
    assert listing.title in queue.content.decode()
    response = client.post(
        reverse("admin:opportunities_opportunity_moderate", args=[listing.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and listing.published_at is not None
    change = StatusChange.objects.filter(opportunity=listing).first()
    assert (change.from_status, change.to_status, change.by) == (Status.SUBMITTED, Status.PUBLISHED, staff_user)

    client.logout()
    page = client.get("/opportunities/", {"q": KIND_WORDS[kind]}).content.decode()
    assert listing.title in page
    page = client.get("/opportunities/", {"kind": kind}).content.decode()
    assert listing.title in page
    detail = client.get(listing.get_absolute_url())
    assert detail.status_code == 200
    assert listing.summary in detail.content.decode()


@pytest.mark.django_db
def test_partner_sees_message_when_changes_requested(client, partner_a, staff_user):
    listing = submit_as(client, partner_a)
    moderate(client, staff_user, listing, decision="request_changes", message="Add the hourly pay, please.")
    listing.refresh_from_db()
    assert listing.status == Status.CHANGES_REQUESTED
    client.logout()

    client.login(email=partner_a.email, password=PASSWORD)
    change_page = client.get(f"/partners/opportunities/opportunity/{listing.pk}/change/").content.decode()
    assert "Add the hourly pay, please." in change_page
    # Saving again resubmits it.
    response = client.post(f"/partners/opportunities/opportunity/{listing.pk}/change/", listing_form(Kind.JOB))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == Status.SUBMITTED and listing.moderation_message == ""


@pytest.mark.django_db
def test_reject_needs_a_reason_and_changes_nothing_without_one(client, partner_a, staff_user):
    listing = submit_as(client, partner_a)
    response = moderate(client, staff_user, listing, decision="reject", message="  ")
    assert response.status_code == 400
    assert "Enter why you are rejecting it" in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == Status.SUBMITTED
    moderate(client, staff_user, listing, decision="reject", message="This is not an opportunity in Hackney.")
    listing.refresh_from_db()
    assert listing.status == Status.REJECTED
    assert listing.moderation_message == "This is not an opportunity in Hackney."


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP])
def test_placement_cannot_be_submitted_without_employment_plan(client, partner_a, kind):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(ADD_URL, listing_form(kind, plan_tasks="", plan_supervisor=""))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "plan_tasks" in errors and "plan_supervisor" in errors
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_employment_plan_is_shown_to_residents(client, partner_a, staff_user):
    listing = submit_as(client, partner_a, Kind.SUPPORTED_INTERNSHIP)
    moderate(client, staff_user, listing, decision="approve")
    client.logout()
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Employment plan" in page
    assert "Amina Yusuf, team leader" in page
    assert "Tuesdays to Thursdays, 10am to 3pm" in page


@pytest.mark.django_db
def test_programmes_saved_with_listing(client, partner_a):
    programme = Programme.objects.get(slug="hackney-100")
    client.login(email=partner_a.email, password=PASSWORD)
    client.post(ADD_URL, listing_form(Kind.WORK_PLACEMENT, programmes=[str(programme.pk)]))
    assert list(Opportunity.objects.get().programmes.all()) == [programme]


@pytest.mark.django_db
def test_partner_only_members_can_sign_in(client, resident, partner_a):
    response = client.post("/partners/login/", {"username": resident.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "not a member of a partner organisation" in response.content.decode()
    response = client.post("/partners/login/", {"username": partner_a.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_partners_cannot_moderate(client, partner_a):
    client.login(email=partner_a.email, password=PASSWORD)
    client.post(ADD_URL, listing_form(Kind.JOB))
    listing = Opportunity.objects.get()
    response = client.post(
        reverse("admin:opportunities_opportunity_moderate", args=[listing.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    listing.refresh_from_db()
    assert listing.status == Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.ARCHIVED, Status.REJECTED])
def test_archived_and_rejected_listings_are_read_only_for_partners(client, partner_a, organisation_a, status):
    from tests.factories import OpportunityFactory

    listing = OpportunityFactory(organisation=organisation_a, status=status, title="Finished role")
    client.login(email=partner_a.email, password=PASSWORD)
    url = f"/partners/opportunities/opportunity/{listing.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and "Finished role" in page.content.decode()
    assert client.post(url, listing_form(Kind.JOB)).status_code == 403
    listing.refresh_from_db()
    assert listing.status == status and listing.title == "Finished role"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pay_min": "1000000", "pay_max": "1000000"}, "pay_min"),
        ({"pay_min": "-5"}, "pay_min"),
        ({"hours_per_week": "200"}, "hours_per_week"),
        ({"kind": "event", "start_date": ""}, "start_date"),
        ({"level": "3"}, "level"),
        ({"min_age": "30", "max_age": "18"}, "max_age"),
        ({"apply_method": "website", "apply_url": ""}, "apply_url"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_listing_input_is_explained_and_saves_nothing(client, partner_a, overrides, field):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(ADD_URL, {**listing_form(Kind.JOB), **overrides})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_only_moderators_reach_the_moderation_page(client, partner_a):
    from accounts.models import Role
    from tests.factories import OpportunityFactory, UserFactory

    listing = OpportunityFactory(status=Status.SUBMITTED)
    url = reverse("admin:opportunities_opportunity_moderate", args=[listing.pk])
    assert client.get(url).status_code == 302  # signed out: to the staff sign-in
    advisor = UserFactory(role=Role.ADVISOR)  # staff, but no moderation permission
    client.login(email=advisor.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve"}).status_code == 403
    listing.refresh_from_db()
    assert listing.status == Status.SUBMITTED
    staff = UserFactory(role=Role.STAFF)
    client.login(email=staff.email, password=PASSWORD)
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:opportunities_opportunity_moderate", args=[listing.pk + 999])).status_code == 404
