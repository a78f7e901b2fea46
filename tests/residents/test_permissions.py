"""Only the signed-in person's profile and answers, ever; equality answers never reach partners or the admin."""

import datetime

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict

from partners.sites import partner_site
from residents.models import EqualityAnswers, ResidentProfile
from residents.services import equality_answers_save, profile_save

from .conftest import CHANGE_URL, EQUALITY_REMOVE_URL, EQUALITY_URL, PROFILE_URL, profile_post

pytestmark = pytest.mark.django_db

B_PROFILE = {
    "phone": "07700 900444",
    "postcode": "N16 7XX",
    "date_of_birth": datetime.date(1970, 12, 25),
    "skills": "Forklift licence and welding",
    "aspirations": "Become a marine biologist",
    "interested_kinds": ["event"],
}
B_ANSWERS = {"gender": "non_binary", "ethnicity": "white_roma", "disability": "yes", "care_experienced": "yes"}


@pytest.fixture
def resident_b(other_resident, sectors):
    profile_save(user=other_resident, data={**B_PROFILE, "interested_sectors": [sectors[-1]]})
    equality_answers_save(user=other_resident, data=B_ANSWERS)
    return other_resident


def _rows(user):
    profile = ResidentProfile.objects.get(user=user)
    return (
        model_to_dict(profile, exclude=["interested_sectors"]),
        list(profile.interested_sectors.values_list("pk", flat=True)),
        profile.updated_at,
        model_to_dict(EqualityAnswers.objects.get(user=user)),
        EqualityAnswers.objects.get(user=user).answered_at,
    )


def test_a_residents_pages_never_show_another_residents_data(signed_in, resident, resident_b, sectors):
    pages = [signed_in.get(url).content.decode() for url in (PROFILE_URL, CHANGE_URL, EQUALITY_URL)]
    for page in pages:
        for secret in ("07700 900444", "N16 7XX", "25 December 1970", "Forklift", "marine biologist", "Quince"):
            assert secret not in page
    assert "Not given" in pages[0] and sectors[-1].name not in pages[0]
    assert 'value="1970"' not in pages[1]
    assert " checked" not in pages[2]  # none of B's answers is ticked on A's page
    assert "Remove my answers" not in pages[2]
    assert "Your age group is" not in pages[2]  # B's date of birth gives A no age group


def test_a_residents_posts_never_change_another_residents_rows(signed_in, resident, resident_b, sectors):
    before = _rows(resident_b)
    assert signed_in.post(CHANGE_URL, profile_post(interested_sectors=[sectors[0].pk])).status_code == 302
    assert signed_in.post(EQUALITY_URL, {"gender": "man", "ethnicity": "other_arab"}).status_code == 302
    # Trying to name B in the submission changes nothing: the forms have no user field and services take the
    # signed-in user.
    signed_in.post(CHANGE_URL, {**profile_post(), "user": resident_b.pk, "user_id": resident_b.pk})
    signed_in.post(EQUALITY_URL, {"user": resident_b.pk, "user_id": resident_b.pk, "gender": "woman"})
    assert _rows(resident_b) == before
    assert ResidentProfile.objects.get(user=resident).postcode == "E8 1DY"
    assert EqualityAnswers.objects.get(user=resident).gender == "woman"

    signed_in.post(EQUALITY_REMOVE_URL, {"user": resident_b.pk})
    assert not EqualityAnswers.objects.filter(user=resident).exists()
    assert _rows(resident_b) == before


def test_equality_answers_are_on_no_admin_site():
    assert EqualityAnswers not in partner_site._registry
    assert EqualityAnswers not in admin.site._registry
    assert ResidentProfile not in partner_site._registry


def test_partners_and_staff_admin_pages_never_mention_equality_answers(client, partner_a, staff_user, resident_b):
    client.force_login(partner_a)
    response = client.get("/partners/")
    assert response.status_code == 200
    page = response.content.decode().lower()
    assert "equality" not in page and "roma" not in page
    assert client.get("/partners/residents/").status_code == 404
    assert client.get("/partners/residents/equalityanswers/").status_code == 404

    staff_user.is_superuser = True
    staff_user.is_staff = True
    staff_user.save()
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "equality" not in response.content.decode().lower()
    assert client.get("/admin/residents/equalityanswers/").status_code == 404
