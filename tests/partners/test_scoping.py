"""Done-when 3: a member of one organisation never reaches another organisation's listings."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from opportunities.models import Opportunity, Status
from tests.factories import PASSWORD, OpportunityFactory

BASE = "/partners/opportunities/opportunity"


@pytest.fixture
def listings(organisation_a, organisation_b):
    own = OpportunityFactory(
        organisation=organisation_a, title="Site labourer at Lea Bridge", status=Status.SUBMITTED, published_at=None
    )
    theirs_draft = OpportunityFactory(
        organisation=organisation_b, title="Secret draft course", status=Status.DRAFT, published_at=None
    )
    theirs_live = OpportunityFactory(organisation=organisation_b, title="Published skills course")
    return own, theirs_draft, theirs_live


@pytest.fixture
def signed_in_a(client, partner_a, partner_b):
    client.login(email=partner_a.email, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_list_shows_only_own_organisation(signed_in_a, listings):
    own, theirs_draft, theirs_live = listings
    page = signed_in_a.get(f"{BASE}/").content.decode()
    assert own.title in page
    assert theirs_draft.title not in page
    assert theirs_live.title not in page
    # Nor through search or filters on the list.
    page = signed_in_a.get(f"{BASE}/", {"q": "course", "status__exact": "draft"}).content.decode()
    assert theirs_draft.title not in page


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("which", ["draft", "published"])
def test_other_organisations_listing_is_404_in_every_view(signed_in_a, listings, view, which):
    _, theirs_draft, theirs_live = listings
    target = theirs_draft if which == "draft" else theirs_live
    assert signed_in_a.get(f"{BASE}/{target.pk}/{view}/").status_code == 404
    assert signed_in_a.post(f"{BASE}/{target.pk}/{view}/", {"post": "yes", "title": "Hijacked"}).status_code == 404
    target.refresh_from_db()
    assert target.title != "Hijacked" and Opportunity.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_guessing_ids_never_reveals_anything(signed_in_a, listings):
    own, *_ = listings
    highest = Opportunity.objects.order_by("-pk").first().pk
    for guess in range(1, highest + 5):
        for view in ("change", "delete", "history"):
            response = signed_in_a.get(f"{BASE}/{guess}/{view}/")
            assert response.status_code == (200 if guess == own.pk else 404), (guess, view)
    assert signed_in_a.get(f"{BASE}/not-a-number/change/").status_code == 404


@pytest.mark.django_db
def test_view_on_site_shortcut_is_not_offered(signed_in_a, listings):
    _, theirs_draft, _ = listings
    content_type = ContentType.objects.get_for_model(Opportunity)
    assert signed_in_a.get(f"/partners/r/{content_type.pk}/{theirs_draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_bulk_action_cannot_touch_other_organisation(signed_in_a, listings):
    own, theirs_draft, theirs_live = listings
    response = signed_in_a.post(
        f"{BASE}/",
        {
            "action": "archive_selected",
            "_selected_action": [str(own.pk), str(theirs_live.pk), str(theirs_draft.pk)],
        },
    )
    assert response.status_code == 302
    theirs_live.refresh_from_db()
    theirs_draft.refresh_from_db()
    own.refresh_from_db()
    assert own.status == Status.ARCHIVED
    assert theirs_live.status == Status.PUBLISHED and theirs_draft.status == Status.DRAFT


@pytest.mark.django_db
def test_own_listing_history_and_delete(signed_in_a, listings, partner_a):
    own, *_ = listings
    LogEntry.objects.log_actions(partner_a.pk, [own], CHANGE, change_message="Edited", single_object=True)
    assert "Edited" in signed_in_a.get(f"{BASE}/{own.pk}/history/").content.decode()
    # A listing that was never published can be deleted by its own organisation.
    response = signed_in_a.post(f"{BASE}/{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Opportunity.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_published_listing_cannot_be_deleted_only_archived(signed_in_a, organisation_a):
    live = OpportunityFactory(organisation=organisation_a)
    assert signed_in_a.post(f"{BASE}/{live.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Opportunity.objects.filter(pk=live.pk).exists()


@pytest.mark.django_db
def test_organisation_pages_are_scoped(signed_in_a, organisation_a, organisation_b):
    assert signed_in_a.get(f"/partners/organisations/organisation/{organisation_a.pk}/change/").status_code == 200
    assert signed_in_a.get(f"/partners/organisations/organisation/{organisation_b.pk}/change/").status_code == 404
    page = signed_in_a.get("/partners/organisations/organisation/").content.decode()
    assert organisation_a.name in page and organisation_b.name not in page


@pytest.mark.django_db
def test_member_with_two_organisations_chooses_and_only_those(client, organisation_a, organisation_b):
    from tests.factories import MembershipFactory, OrganisationFactory

    third = OrganisationFactory(name="Elsewhere Ltd", slug="elsewhere")
    member = MembershipFactory(organisation=organisation_a).user
    MembershipFactory(organisation=organisation_b, user=member)
    client.login(email=member.email, password=PASSWORD)
    form = client.get(f"{BASE}/add/").context["adminform"].form
    choices = {o.pk for o in form.fields["organisation_choice"].queryset}
    assert choices == {organisation_a.pk, organisation_b.pk}
    assert third.pk not in choices


@pytest.mark.django_db
def test_signed_out_and_residents_are_sent_to_sign_in(client, resident, listings):
    own, *_ = listings
    response = client.get(f"{BASE}/{own.pk}/change/")
    assert response.status_code == 302 and "/partners/login/" in response["Location"]
    client.login(email=resident.email, password=PASSWORD)
    response = client.get(f"{BASE}/{own.pk}/change/")
    assert response.status_code == 302 and "/partners/login/" in response["Location"]
