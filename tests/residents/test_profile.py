"""The resident's profile pages, through the Django test client on the real database."""

import datetime
import re

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from residents.forms import normalise_phone, normalise_postcode
from residents.models import Attendance, Hours, ResidentProfile
from residents.selectors import profile_for
from residents.services import profile_save

from .conftest import CHANGE_URL, EQUALITY_REMOVE_URL, EQUALITY_URL, PROFILE_URL, profile_post

pytestmark = pytest.mark.django_db


def _snapshot(user):
    """Everything the profile form can change for `user`, to compare before and after a refused POST."""
    user.refresh_from_db()
    profile = ResidentProfile.objects.filter(user=user).first()
    if profile is None:
        return (user.full_name, None)
    return (
        user.full_name,
        model_to_dict(profile, exclude=["interested_sectors"]),
        sorted(profile.interested_sectors.values_list("pk", flat=True)),
        profile.updated_at,
    )


@pytest.mark.parametrize("url", [PROFILE_URL, CHANGE_URL, EQUALITY_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", [CHANGE_URL, EQUALITY_URL, EQUALITY_REMOVE_URL])
def test_anonymous_posts_are_sent_to_sign_in_and_save_nothing(client, url):
    response = client.post(url, profile_post())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ResidentProfile.objects.exists()


def test_profile_before_anything_is_saved_says_not_given_and_links_to_change(signed_in, resident):
    response = signed_in.get(PROFILE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1 and "Your profile" in page
    assert page.count('<div class="govuk-summary-list__row">') == 12
    assert page.count("Not given") >= 10
    for anchor in (
        "id_phone",
        "id_date_of_birth_day",
        "id_postcode",
        "id_lives_in_hackney_0",
        "id_interested_sectors_0",
    ):
        assert f'href="{CHANGE_URL}#{anchor}"' in page
    assert 'Change<span class="govuk-visually-hidden"> postcode</span>' in page
    assert f'href="{EQUALITY_URL}"' in page
    assert not ResidentProfile.objects.exists()  # looking does not create a row


def test_first_save_creates_the_profile_and_normalises_what_was_typed(signed_in, resident, sectors):
    data = profile_post(
        phone="+44 (0)20 7946 0000",
        postcode="  e8   1dy ",
        interested_sectors=[sectors[0].pk, sectors[2].pk],
        full_name="  Ada   Okafor ",
    )
    response = signed_in.post(CHANGE_URL, data)
    assert response.status_code == 302 and response["Location"] == PROFILE_URL

    profile = ResidentProfile.objects.get(user=resident)
    assert profile.postcode == "E8 1DY"
    assert profile.phone == "020 7946 0000"
    assert profile.date_of_birth == datetime.date(2005, 3, 27)
    assert (profile.lives_in_hackney, profile.studied_in_hackney, profile.hackney_connection) == (True, False, True)
    assert profile.interested_kinds == ["apprenticeship", "course"]
    assert set(profile.interested_sectors.all()) == {sectors[0], sectors[2]}
    assert (profile.hours, profile.attendance) == (Hours.PART_TIME, Attendance.ANY)
    assert profile.skills == "Customer service at a market stall."
    resident.refresh_from_db()
    assert resident.full_name == "Ada Okafor"

    page = signed_in.get(PROFILE_URL).content.decode()
    assert "Your profile has been saved" in page
    for shown in ("E8 1DY", "020 7946 0000", "27 March 2005", "Apprenticeship", sectors[2].name, "Part time"):
        assert shown in page


def test_saving_again_updates_the_same_row(signed_in, resident, sectors):
    signed_in.post(CHANGE_URL, profile_post(interested_sectors=[sectors[0].pk, sectors[1].pk]))
    response = signed_in.post(
        CHANGE_URL,
        profile_post(
            postcode="n16 0aa",
            lives_in_hackney=None,
            interested_kinds=None,
            interested_sectors=[sectors[3].pk],
            date_of_birth_day="",
            date_of_birth_month="",
            date_of_birth_year="",
            skills="",
        ),
    )
    assert response.status_code == 302
    assert ResidentProfile.objects.count() == 1
    profile = ResidentProfile.objects.get(user=resident)
    assert profile.postcode == "N16 0AA"
    assert profile.lives_in_hackney is None  # what the form sent wins: no answer is "not given"
    assert profile.interested_kinds == []
    assert list(profile.interested_sectors.all()) == [sectors[3]]
    assert profile.date_of_birth is None
    assert profile.skills == ""


def test_change_page_starts_from_what_we_hold(signed_in, resident, sectors):
    profile_save(
        user=resident,
        data={
            "full_name": "Ada Okafor",
            "postcode": "E8 1DY",
            "date_of_birth": datetime.date(2001, 7, 4),
            "studied_in_hackney": False,
            "interested_kinds": ["volunteering"],
            "interested_sectors": [sectors[1]],
            "attendance": Attendance.ONLINE,
        },
    )
    response = signed_in.get(CHANGE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "<title>Change your profile" in page
    assert 'value="Ada Okafor"' in page and 'value="E8 1DY"' in page
    assert re.search(r'name="date_of_birth_day" value="4"', page)
    assert re.search(r'name="date_of_birth_month" value="7"', page)
    assert re.search(r'name="date_of_birth_year" value="2001"', page)
    assert re.search(r'name="studied_in_hackney" value="no" id="id_studied_in_hackney_1" checked', page)
    assert 'name="lives_in_hackney" value="yes" id="id_lives_in_hackney_0">' in page  # not answered: none ticked
    assert re.search(r'name="interested_kinds" value="volunteering" id="id_interested_kinds_\d+" checked', page)
    assert re.search(rf'name="interested_sectors" value="{sectors[1].pk}" id="id_interested_sectors_\d+" checked', page)
    assert page.count("checked") == 4


def test_date_input_and_checkboxes_use_gov_uk_markup(signed_in):
    page = signed_in.get(CHANGE_URL).content.decode()
    fieldset = re.search(
        r'<fieldset class="govuk-fieldset" role="group" aria-describedby="id_date_of_birth-hint">', page
    )
    assert fieldset, "the date of birth is a fieldset with role=group described by its hint"
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in page
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert (
            f'<label class="govuk-label govuk-date-input__label" for="id_date_of_birth_{part}">{part.title()}</label>'
            in page
        )
        tag = re.search(rf'<input type="text" name="date_of_birth_{part}"[^>]*>', page).group(0)
        assert f'class="govuk-input govuk-date-input__input govuk-input--width-{width}"' in tag
        assert 'inputmode="numeric"' in tag and f'autocomplete="bday-{part}"' in tag
        assert f'id="id_date_of_birth_{part}"' in tag and "aria-describedby" not in tag
    assert '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">' in page
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What kinds of opportunity are you '
        "interested in?</legend>" in page
    )
    assert '<input class="govuk-checkboxes__input" type="checkbox" name="interested_kinds" value="job"' in page
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_interested_kinds_0">Job</label>' in page


BAD_INPUT = [
    # (changes, field id the summary links to, message)
    ({"postcode": "E8 1D"}, "id_postcode", "Enter a full UK postcode, like E8 1DY"),
    ({"postcode": "Mare Street"}, "id_postcode", "Enter a full UK postcode, like E8 1DY"),
    (
        {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2000"},
        "id_date_of_birth_day",
        "Date of birth must be a real date",
    ),
    (
        {"date_of_birth_day": "1", "date_of_birth_month": "13", "date_of_birth_year": "2000"},
        "id_date_of_birth_day",
        "Date of birth must be a real date",
    ),
    (
        {"date_of_birth_day": "1", "date_of_birth_month": "", "date_of_birth_year": "2000"},
        "id_date_of_birth_month",
        "Date of birth must include a month",
    ),
    (
        {"date_of_birth_day": "1", "date_of_birth_month": "5", "date_of_birth_year": "99"},
        "id_date_of_birth_year",
        "Year must include 4 numbers",
    ),
    (
        {"date_of_birth_day": "a", "date_of_birth_month": "5", "date_of_birth_year": "2000"},
        "id_date_of_birth_day",
        "Date of birth must be a real date",
    ),
    ({"phone": "07700 9OO 982"}, "id_phone", "Enter a telephone number, like 07700 900 982 or 020 7946 0000"),
    ({"phone": "call me"}, "id_phone", "Enter a telephone number, like 07700 900 982 or 020 7946 0000"),
    ({"phone": "0770090098"}, "id_phone", "Enter a telephone number, like 07700 900 982 or 020 7946 0000"),
    ({"skills": "x" * 2001}, "id_skills", "Your skills and experience must be 2,000 characters or fewer"),
    ({"aspirations": "y" * 2001}, "id_aspirations", "What you would like to do must be 2,000 characters or fewer"),
    ({"full_name": "z" * 151}, "id_full_name", "Full name must be 150 characters or fewer"),
    ({"hours": "all_night"}, "id_hours_0", "Select how many hours you want to work or study"),
    (
        {"interested_kinds": ["job", "spaceflight"]},
        "id_interested_kinds_0",
        "Select kinds of opportunity from the list",
    ),
    ({"interested_sectors": ["999999"]}, "id_interested_sectors_0", "Select areas of work from the list"),
    ({"lives_in_hackney": "maybe"}, "id_lives_in_hackney_0", "Select yes or no for “do you live in hackney?”"),
]


def _assert_refused(response, anchor, message):
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Change your profile" in page
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in page
    assert f'<li><a href="#{anchor}">{message}</a></li>' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    assert f'id="{anchor}"' in page  # the link lands on a real element
    return page


@pytest.mark.parametrize(("changes", "anchor", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_an_error_summary_and_nothing_is_created(
    signed_in, resident, changes, anchor, message
):
    before = _snapshot(resident)
    _assert_refused(signed_in.post(CHANGE_URL, profile_post(**changes)), anchor, message)
    assert _snapshot(resident) == before
    assert not ResidentProfile.objects.exists()


@pytest.mark.parametrize(("changes", "anchor", "message"), BAD_INPUT)
def test_bad_input_leaves_an_existing_profile_unchanged(signed_in, resident, sectors, changes, anchor, message):
    profile_save(
        user=resident,
        data={"full_name": "Ada Okafor", "postcode": "N1 5AA", "phone": "07700 900123", "skills": "Cooking"},
    )
    before = _snapshot(resident)
    page = _assert_refused(
        signed_in.post(CHANGE_URL, profile_post(**{"interested_sectors": [sectors[0].pk], **changes})), anchor, message
    )
    assert _snapshot(resident) == before
    assert 'value="Ada Okafor"' in page or "full_name" in changes  # what they typed is shown back, not lost


def test_future_and_implausible_dates_of_birth_are_refused(signed_in, resident):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ten_years_ago = timezone.localdate().replace(year=timezone.localdate().year - 10)
    cases = [
        (tomorrow, "Date of birth must be in the past"),
        (timezone.localdate(), "Date of birth must be in the past"),
        (ten_years_ago, "Date of birth must be the same as or before"),
        (datetime.date(1890, 1, 1), "Date of birth must be the same as or after"),
    ]
    for day, message in cases:
        data = profile_post(
            date_of_birth_day=str(day.day), date_of_birth_month=str(day.month), date_of_birth_year=str(day.year)
        )
        response = signed_in.post(CHANGE_URL, data)
        assert response.status_code == 400
        page = response.content.decode()
        assert f'<li><a href="#id_date_of_birth_day">{message}' in page
        # The whole date is wrong, so each box is marked.
        assert page.count("govuk-date-input__input govuk-input--width-2 govuk-input--error") == 2
    assert not ResidentProfile.objects.exists()


def test_only_the_missing_part_of_a_date_is_marked(signed_in):
    data = profile_post(date_of_birth_month="")
    page = signed_in.post(CHANGE_URL, data).content.decode()
    month = re.search(r'<input type="text" name="date_of_birth_month"[^>]*>', page).group(0)
    day = re.search(r'<input type="text" name="date_of_birth_day"[^>]*>', page).group(0)
    assert "govuk-input--error" in month and "govuk-input--error" not in day
    assert 'aria-describedby="id_date_of_birth-hint id_date_of_birth-error"' in page
    assert 'name="date_of_birth_day" value="27"' in page  # what was typed is kept


def test_an_empty_form_saves_an_empty_profile(signed_in, resident):
    response = signed_in.post(CHANGE_URL, {})
    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user=resident)
    assert (profile.postcode, profile.phone, profile.date_of_birth, profile.lives_in_hackney) == ("", "", None, None)
    assert profile.hackney_connection is False


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900 982", "07700 900982"),
        ("07700900982", "07700 900982"),
        ("+447700900982", "07700 900982"),
        ("0044 7700 900982", "07700 900982"),
        ("020 7946 0000", "020 7946 0000"),
        ("(020) 7946-0000", "020 7946 0000"),
        ("+44 (0)20 7946 0000", "020 7946 0000"),
        ("01632 960001", "01632 960001"),
        ("0808 157 0192", "08081 570192"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["07700 900 98", "077009009821", "+1 212 555 0100", "06700 900982", "phone", "0"])
def test_phone_numbers_that_are_not_uk_numbers_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_phone(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("e8 1dy", "E8 1DY"),
        ("E81DY", "E8 1DY"),
        ("ec1a1bb", "EC1A 1BB"),
        ("n16 0aa", "N16 0AA"),
        ("w1a 0ax", "W1A 0AX"),
    ],
)
def test_postcodes_are_normalised(typed, stored):
    assert normalise_postcode(typed) == stored


def test_profile_for_is_one_query_saved_or_not(resident, django_assert_num_queries):
    with django_assert_num_queries(1):
        empty = profile_for(user=resident)
    assert empty._state.adding and empty.user == resident and empty.date_of_birth is None
    assert not ResidentProfile.objects.exists()
    profile_save(user=resident, data={"postcode": "E8 1DY"})
    with django_assert_num_queries(1):
        saved = profile_for(user=resident)
    assert not saved._state.adding and saved.postcode == "E8 1DY"


def test_profile_page_query_count_does_not_grow_with_sectors(signed_in, resident, sectors):
    assert len(sectors) >= 10
    counts = []
    for chosen in (sectors[:1], sectors[:10]):
        profile_save(user=resident, data={"interested_sectors": chosen, "interested_kinds": ["job", "course"]})
        with CaptureQueriesContext(connection) as queries:
            page = signed_in.get(PROFILE_URL).content.decode()
        assert all(sector.name in page for sector in chosen)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5  # session, user, profile, its sectors, the navigation's membership check


def test_change_page_query_count_does_not_grow_with_sectors(signed_in, resident, sectors):
    counts = []
    for chosen in (sectors[:1], sectors[:10]):
        profile_save(user=resident, data={"interested_sectors": chosen})
        with CaptureQueriesContext(connection) as queries:
            signed_in.get(CHANGE_URL)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6  # session, user, navigation, profile, its sectors, every sector


def test_profile_save_refuses_unknown_fields_and_kinds(resident):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValueError, match="Unknown fields: email"):
        profile_save(user=resident, data={"email": "someone@example.test"})
    with pytest.raises(ValidationError):
        profile_save(user=resident, data={"interested_kinds": ["spaceflight"]})
    assert not ResidentProfile.objects.exists()  # the transaction rolled back the row it had created


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("9" * 25, "1", "2000"), ("1", "9" * 5000, "2000"), ("1", "1", "9" * 25), ("٣", "1", "2000")],
    ids=["huge-day", "huge-month", "huge-year", "arabic-digit"],
)
def test_absurd_dates_are_refused_not_a_server_error(client, resident, day, month, year):
    client.force_login(resident)
    response = client.post(
        "/account/profile/change/",
        {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
