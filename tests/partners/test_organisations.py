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


def test_partner_admin_edits_own_organisation_through_the_service(client, organisation_a, partner_a):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(
        f"/partners/partners/organisation/{organisation_a.pk}/change/",
        {"name": "Lea Bridge Builders CIC", "type": "employer", "website": "lea-bridge.example", "hackney_based": "on"},
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Lea Bridge Builders CIC" and organisation_a.website == "https://lea-bridge.example"


def test_plain_members_and_other_organisations_cannot_change_details(client, organisation_a, organisation_b, partner_b):
    # partner_b is a plain member of organisation B.
    with pytest.raises(PermissionDenied):
        organisation_save(organisation=organisation_b, by=partner_b)
    with pytest.raises(PermissionDenied):
        organisation_save(organisation=organisation_a, by=partner_b)
    client.login(email=partner_b.email, password=PASSWORD)
    url = f"/partners/partners/organisation/{organisation_b.pk}/change/"
    assert client.post(url, {"name": "Renamed", "type": "employer"}).status_code == 403
    organisation_b.refresh_from_db()
    assert organisation_b.name == "Shoreditch Skills Trust"
