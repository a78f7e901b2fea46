import pytest
from django.core.exceptions import PermissionDenied

from partners.services import organisation_save
from tests.factories import PASSWORD, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_renaming_an_organisation_reindexes_its_listings(client, organisation_a, partner_a):
    OpportunityFactory(organisation=organisation_a, title="Site labourer")
    organisation_a.name = "Woodberry Down Builders"
    organisation_save(organisation=organisation_a, by=partner_a)
    results = client.get("/opportunities/", {"q": "Woodberry"}).context["result"].page.object_list
    assert [o.title for o in results] == ["Site labourer"]


def test_partner_admin_edits_contact_details_but_not_what_the_council_checks(client, organisation_a, partner_a):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(
        f"/partners/organisations/organisation/{organisation_a.pk}/change/",
        {
            "name": "Renamed Ltd",
            "type": "school",
            "website": "lea-bridge.example",
            "disability_confident": "on",
            "company_number": "09876543",
        },
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.website == "https://lea-bridge.example" and organisation_a.company_number == "09876543"
    assert organisation_a.name == "Lea Bridge Builders" and organisation_a.type == "employer"
    assert organisation_a.disability_confident is False


def test_plain_members_and_other_organisations_cannot_change_details(client, organisation_a, organisation_b, partner_b):
    # partner_b is a plain member of organisation B.
    with pytest.raises(PermissionDenied):
        organisation_save(organisation=organisation_b, by=partner_b)
    with pytest.raises(PermissionDenied):
        organisation_save(organisation=organisation_a, by=partner_b)
    client.login(email=partner_b.email, password=PASSWORD)
    url = f"/partners/organisations/organisation/{organisation_b.pk}/change/"
    assert client.post(url, {"name": "Renamed", "type": "employer"}).status_code == 403
    organisation_b.refresh_from_db()
    assert organisation_b.name == "Shoreditch Skills Trust"


def test_staff_can_find_people_to_add_to_an_organisation(client, staff_user, partner_a):
    client.login(email=staff_user.email, password=PASSWORD)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "organisations", "model_name": "membership", "field_name": "user", "term": partner_a.email[:6]},
    )
    assert response.status_code == 200
    assert partner_a.email in response.content.decode()


def test_sign_in_ignores_capitals_in_the_email(client, partner_a):
    assert client.login(email=partner_a.email.upper(), password=PASSWORD)
