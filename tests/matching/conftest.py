from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from matching.models import Frequency
from matching.services import saved_search_save
from residents.models import ResidentProfile
from tests.factories import UserFactory, sector


@pytest.fixture
def digital(db):
    return sector("creative-media-and-digital")


@pytest.fixture
def care(db):
    return sector("health-and-social-care")


def make_resident(**kwargs):
    return UserFactory(role=Role.RESIDENT, **kwargs)


def save_search(resident, query: str, frequency=Frequency.DAILY, *, ago=timedelta(days=2), name=""):
    """A saved search made `ago` (before the listings a test publishes)."""
    from django.http import QueryDict

    saved = saved_search_save(resident=resident, data=QueryDict(query), frequency=frequency, name=name)
    saved.created_at = timezone.now() - ago
    saved.save(update_fields=["created_at"])
    return saved


def make_profile(resident, *, kinds=(), sectors=(), **fields):
    profile = ResidentProfile.objects.create(user=resident, interested_kinds=list(kinds), **fields)
    profile.interested_sectors.set(sectors)
    return profile
