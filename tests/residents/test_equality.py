"""The optional equality monitoring page, through the Django test client on the real database."""

import datetime
import re

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from residents.models import EqualityAnswers, Ethnicity, age_band
from residents.services import equality_answers_delete, equality_answers_save, profile_save

from .conftest import CHANGE_URL, EQUALITY_REMOVE_URL, EQUALITY_URL

pytestmark = pytest.mark.django_db

ANSWERS = {
    "gender": "woman",
    "ethnicity": "black_caribbean",
    "disability": "prefer_not",
    "care_experienced": "yes",
    "send": "no",
}


def test_page_explains_why_we_ask_before_the_questions(signed_in):
    response = signed_in.get(EQUALITY_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    intro = page[page.index("<h1") : page.index("<form", page.index("<h1"))]
    for words in (
        "reaches everyone in Hackney",
        "You do not have to answer",
        "kept apart from your profile and your applications",
        "never shown to employers, training providers or other partners",
        "We hide any total under 5",
        "change or remove your answers at any time",
    ):
        assert words in intro
    assert "Remove my answers" not in page  # nothing to remove yet


def test_every_question_is_radios_with_prefer_not_to_say(signed_in):
    page = signed_in.get(EQUALITY_URL).content.decode()
    for name in ("gender", "ethnicity", "disability", "care_experienced", "send"):
        assert re.search(rf'type="radio" name="{name}" value="prefer_not"', page), name
    assert page.count('<div class="govuk-radios__divider">or</div>') == 5
    assert page.count('type="radio" name="ethnicity"') == 20  # the 19 census groups and "Prefer not to say"
    assert "foster care" in page and "children&#x27;s home" in page
    assert "special educational needs and disabilities (SEND)" in page
    assert "education, health and care plan" in page and "(EHCP)" in page


def test_ethnic_groups_are_under_their_broad_group_for_everyone(signed_in):
    page = signed_in.get(EQUALITY_URL).content.decode()
    # A visible heading for each broad group, hidden from screen readers...
    for broad in ("Asian or Asian British", "Black, Black British, Caribbean or African", "White"):
        assert f'aria-hidden="true">{broad}</p>' in page
    # ...which instead hear the broad group at the start of each label.
    assert (
        '<label class="govuk-label govuk-radios__label" for="id_ethnicity_6"><span class="govuk-visually-hidden">'
        "Black, Black British, Caribbean or African: </span>Caribbean</label>" in page
    )
    labels = re.findall(r'for="id_ethnicity_\d+">(.*?)</label>', page)
    assert len(labels) == len(Ethnicity.choices)
    assert labels[-1] == "Prefer not to say"


def test_saving_creates_then_updates_the_row(signed_in, resident):
    response = signed_in.post(EQUALITY_URL, ANSWERS)
    assert response.status_code == 302 and response["Location"] == EQUALITY_URL
    answers = EqualityAnswers.objects.get(user=resident)
    assert model_to_dict(answers, exclude=["user"]) == ANSWERS

    page = signed_in.get(EQUALITY_URL).content.decode()
    assert "Your equality monitoring answers have been saved" in page
    assert re.search(r'name="ethnicity" value="black_caribbean" id="id_ethnicity_\d+" checked', page)
    assert "Remove my answers" in page

    signed_in.post(EQUALITY_URL, {**ANSWERS, "gender": "prefer_not", "send": ""})
    assert EqualityAnswers.objects.count() == 1
    answers.refresh_from_db()
    assert (answers.gender, answers.send, answers.ethnicity) == ("prefer_not", "", "black_caribbean")


def test_skipping_every_question_is_fine(signed_in, resident):
    response = signed_in.post(EQUALITY_URL, {})
    assert response.status_code == 302
    answers = EqualityAnswers.objects.get(user=resident)
    assert model_to_dict(answers, exclude=["user"]) == dict.fromkeys(ANSWERS, "")


@pytest.mark.parametrize("field", list(ANSWERS))
def test_an_answer_not_on_the_list_is_refused_and_nothing_saved(signed_in, resident, field):
    equality_answers_save(user=resident, data=ANSWERS)
    before = model_to_dict(EqualityAnswers.objects.get(user=resident))
    response = signed_in.post(EQUALITY_URL, {**ANSWERS, "gender": "man", field: "martian"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Equality monitoring questions" in page
    assert re.search(rf'<li><a href="#id_{field}_0">Select one of the options for [^<]+, or leave it blank</a>', page)
    assert f'id="id_{field}_0"' in page
    assert model_to_dict(EqualityAnswers.objects.get(user=resident)) == before


def test_remove_my_answers_deletes_the_row(signed_in, resident):
    equality_answers_save(user=resident, data=ANSWERS)
    assert signed_in.get(EQUALITY_REMOVE_URL).status_code == 405  # only a button press removes them
    assert EqualityAnswers.objects.filter(user=resident).exists()

    response = signed_in.post(EQUALITY_REMOVE_URL)
    assert response.status_code == 302 and response["Location"] == EQUALITY_URL
    assert not EqualityAnswers.objects.filter(user=resident).exists()
    page = signed_in.get(EQUALITY_URL).content.decode()
    assert "Your equality monitoring answers have been removed" in page
    assert "Remove my answers" not in page

    # Pressing it again (another tab) is harmless.
    assert signed_in.post(EQUALITY_REMOVE_URL).status_code == 302
    assert equality_answers_delete(user=resident) is False


def test_age_group_comes_from_the_date_of_birth(signed_in, resident):
    page = signed_in.get(EQUALITY_URL).content.decode()
    assert "We work out your age group from your date of birth" in page
    assert f'href="{CHANGE_URL}#id_date_of_birth_day"' in page
    assert "add your date of birth" in page

    today = timezone.localdate()
    born = datetime.date(today.year - 20, 1, 1)
    profile_save(user=resident, data={"date_of_birth": born})
    page = signed_in.get(EQUALITY_URL).content.decode()
    assert "Your age group is: <strong>19 to 24</strong>" in page
    assert "add your date of birth" not in page
    assert age_band(20) == "19 to 24"
