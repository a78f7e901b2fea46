import pytest

from accounts.models import Role
from opportunities.models import Sector
from tests.factories import UserFactory

PROFILE_URL = "/account/profile/"
CHANGE_URL = "/account/profile/change/"
EQUALITY_URL = "/account/equality/"
EQUALITY_REMOVE_URL = "/account/equality/remove/"


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def other_resident(db):
    return UserFactory(email="other.resident@example.test", full_name="Bartholomew Quince", role=Role.RESIDENT)


@pytest.fixture
def sectors(db):
    """The sectors from the reference data migration (at least a dozen)."""
    return list(Sector.objects.order_by("name"))


def profile_post(**changes) -> dict:
    """A complete, valid profile form submission, with `changes` on top (None removes a field)."""
    data = {
        "full_name": "Ada Okafor",
        "phone": "07700 900 982",
        "date_of_birth_day": "27",
        "date_of_birth_month": "3",
        "date_of_birth_year": "2005",
        "postcode": "e8 1dy",
        "lives_in_hackney": "yes",
        "studied_in_hackney": "no",
        "interested_kinds": ["apprenticeship", "course"],
        "hours": "part_time",
        "attendance": "any",
        "skills": "Customer service at a market stall.",
        "aspirations": "An apprenticeship in construction.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
