import pytest

from tests.factories import UserFactory

LISTING_CONTEXT = {
    "title": "Trainee electrician",
    "organisation": "Lea Bridge Builders",
    "manage_url": "/partners/opportunities/opportunity/1/change/",
    "listing_url": "/opportunities/trainee-electrician-abc123/",
}


@pytest.fixture
def partner_person(organisation_a):
    from tests.factories import MembershipFactory

    return MembershipFactory(organisation=organisation_a, user=UserFactory(email="sam@leabridge.example")).user
