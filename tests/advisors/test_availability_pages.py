"""An advisor's settings, weekly hours, time off and extra sessions: every bad input refused with a GOV.UK message
and nothing written; another advisor's rows not found; time off never cancels what is already booked."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisors.models import AdvisorProfile, AppointmentStatus, AvailabilityException, Mode, WeeklyHours
from advisors.services.availability import (
    advisor_profile_update,
    availability_exception_add,
    availability_exception_remove,
    availability_hours_add,
    availability_hours_remove,
)
from tests.advisors.test_workspace import NOW, TUESDAY, at, clock, page, text  # noqa: F401
from tests.factories import AdvisorFactory, AppointmentFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db
VENUE = "Hackney Works, 1 Hillman Street, E8 1DY"
NEXT_TUESDAY = TUESDAY + timedelta(days=7)


@pytest.fixture
def advisor():
    advisor = AdvisorFactory(user__full_name="Grace Mensah", appointment_types=["initial_assessment"])
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY, starts="09:30", ends="12:30")
    return advisor


@pytest.fixture
def signed_in(client, advisor):
    client.force_login(advisor.user)
    return client


def refused(response, message):
    assert response.status_code == 400
    assert message in text(response), text(response)
    assert "There is a problem" in text(response) and "<title>Error: " in page(response)


# Settings ------------------------------------------------------------------------------------------------------

SETTINGS = {"job_title": "Hackney Works advisor", "slot_minutes": "45", "appointment_types": ["careers_guidance"]}


def test_the_page_shows_the_settings_the_hours_and_the_days_to_come(signed_in, advisor):
    AvailabilityException.objects.create(advisor=advisor, date=NEXT_TUESDAY, kind="unavailable", reason="Training")
    AvailabilityException.objects.create(
        advisor=advisor, date=TUESDAY + timedelta(days=2), kind="extra", starts=time(14), ends=time(16), mode="phone"
    )
    AvailabilityException.objects.create(advisor=advisor, date=TUESDAY - timedelta(days=1), kind="unavailable")
    response = signed_in.get("/advisors/availability/")
    assert response.status_code == 200
    words = text(response)
    assert "Tuesday 9:30am to 12:30pm In person: Hackney Works" in words
    assert "Tuesday 30 March 2027 Time off: all day Training" in words
    assert "Thursday 25 March 2027 Extra session: 2:00pm to 4:00pm By phone" in words
    assert "Monday 22 March 2027" not in words  # past days are not listed
    body = page(response)
    assert 'value="60"' in body and 'value="initial_assessment" id="id_appointment_types_0" checked' in body


def test_saving_the_settings(signed_in, advisor):
    response = signed_in.post(
        "/advisors/availability/", SETTINGS | {"appointment_types": ["careers_guidance", "cv_and_applications"]}
    )
    assert response.status_code == 302
    advisor.refresh_from_db()
    assert (advisor.slot_minutes, advisor.is_bookable) == (45, False)  # an unticked box is "not taking bookings"
    assert advisor.appointment_types == ["careers_guidance", "cv_and_applications"]
    assert "Your settings have been saved." in text(signed_in.get("/advisors/availability/"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slot_minutes": "5"}, "Appointment length must be between 15 and 180 minutes"),
        ({"slot_minutes": "500"}, "Appointment length must be between 15 and 180 minutes"),
        ({"slot_minutes": "forty"}, "Appointment length must be a whole number of minutes"),
        ({"slot_minutes": ""}, "Enter the appointment length in minutes"),
        ({"appointment_types": ["astrology"]}, "Select the types of appointment you offer from the list"),
        ({"appointment_types": []}, "Select the types of appointment you offer"),
        ({"job_title": "A" * 121}, "Job title must be 120 characters or fewer"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(signed_in, advisor, changes, message):
    refused(signed_in.post("/advisors/availability/", SETTINGS | changes | {"is_bookable": "on"}), message)
    advisor.refresh_from_db()
    assert (advisor.slot_minutes, advisor.appointment_types) == (60, ["initial_assessment"])


# Weekly hours --------------------------------------------------------------------------------------------------

HOURS = {"weekday": "3", "starts": "14:00", "ends": "16:30", "mode": Mode.IN_PERSON, "venue": VENUE}


def add_hours(client, **changes):
    return client.post("/advisors/availability/hours/add/", HOURS | changes)


def test_errors_link_to_their_fields(signed_in):
    body = page(add_hours(signed_in, weekday="", starts="", ends="13:00", mode="", venue=""))
    for anchor in ("id_weekday_0", "id_starts", "id_mode_0"):
        assert f'href="#{anchor}"' in body
    body = page(add_exception(signed_in, NEXT_TUESDAY, kind="extra", starts="14:00", ends="13:00", mode="phone"))
    assert 'href="#id_ends"' in body and 'id="id_ends-error"' in body
    body = page(add_exception(signed_in, TUESDAY - timedelta(days=1), kind="unavailable"))
    assert 'href="#id_date_day"' in body


def test_adding_weekly_hours(signed_in, advisor):
    assert signed_in.get("/advisors/availability/hours/add/").status_code == 200
    response = add_hours(signed_in)
    assert response.status_code == 302 and response["Location"] == "/advisors/availability/"
    added = advisor.weekly_hours.get(weekday=WeeklyHours.Weekday.THURSDAY)
    assert (added.starts, added.ends, added.venue) == (time(14), time(16, 30), VENUE)
    assert "Your hours on Thursdays from 2:00pm to 4:30pm have been added." in text(
        signed_in.get("/advisors/availability/")
    )


def test_hours_by_phone_keep_no_venue_and_hours_may_touch(signed_in, advisor):
    assert add_hours(signed_in, weekday="1", starts="12:30", ends="14:00", mode=Mode.PHONE).status_code == 302
    assert advisor.weekly_hours.get(starts=time(12, 30)).venue == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends": "13:00"}, "End time must be after start time"),
        ({"ends": "14:00"}, "End time must be after start time"),
        ({"starts": ""}, "Enter a start time"),
        ({"ends": ""}, "Enter an end time"),
        ({"starts": "25:00"}, "Start time must be a real time on the 24-hour clock, like 09:30 or 14:00"),
        ({"ends": "half past four"}, "End time must be a real time"),
        ({"venue": "  "}, "Enter the venue residents should come to"),
        ({"venue": "V" * 201}, "Venue must be 200 characters or fewer"),
        ({"weekday": "7"}, "Select a day of the week"),
        ({"weekday": "monday"}, "Select a day of the week"),
        ({"weekday": ""}, "Select a day of the week"),
        ({"mode": "carrier_pigeon"}, "Select how you will meet residents: in person, by phone or by video call"),
        (
            {"weekday": "1", "starts": "11:00", "ends": "13:00"},
            "These hours overlap your hours on Tuesdays from 9:30am to 12:30pm. Change the times, or remove those "
            "hours first.",
        ),
        ({"weekday": "1", "starts": "08:00", "ends": "17:00"}, "These hours overlap your hours on Tuesdays"),
        ({"weekday": "1", "starts": "10:00", "ends": "11:00"}, "These hours overlap your hours on Tuesdays"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_written(signed_in, advisor, changes, message):
    refused(add_hours(signed_in, **changes), message)
    assert advisor.weekly_hours.count() == 1


def test_removing_hours_leaves_booked_appointments_booked_and_says_so(signed_in, advisor):
    hours = advisor.weekly_hours.get()
    booked = [
        AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "09:30")),
        AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY + timedelta(days=7), "11:30")),
    ]
    AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))  # already started: not to move
    AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "14:00"))  # outside those hours
    response = signed_in.post(f"/advisors/availability/hours/{hours.pk}/remove/")
    assert response.status_code == 302
    assert not advisor.weekly_hours.exists()
    words = text(signed_in.get("/advisors/availability/"))
    assert "Your hours on Tuesdays from 9:30am to 12:30pm have been removed." in words
    assert "You have 2 appointments booked in this time. Move or cancel them from your diary." in words
    for appointment in booked:
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.BOOKED


def test_removing_hours_with_nothing_booked_says_nothing_more(signed_in, advisor):
    signed_in.post(f"/advisors/availability/hours/{advisor.weekly_hours.get().pk}/remove/")
    assert "booked in this time" not in text(signed_in.get("/advisors/availability/"))


def test_another_advisors_hours_are_not_found(signed_in):
    theirs = WeeklyHoursFactory()
    assert signed_in.post(f"/advisors/availability/hours/{theirs.pk}/remove/").status_code == 404
    assert WeeklyHours.objects.filter(pk=theirs.pk).exists()


def test_removing_is_a_post(signed_in, advisor):
    assert signed_in.get(f"/advisors/availability/hours/{advisor.weekly_hours.get().pk}/remove/").status_code == 405


# Time off and extra sessions -----------------------------------------------------------------------------------


def add_exception(client, day: date, **fields):
    data = {"date_day": str(day.day), "date_month": str(day.month), "date_year": str(day.year)} | fields
    return client.post("/advisors/availability/exceptions/add/", data)


def test_a_whole_day_off_leaves_booked_appointments_booked_and_says_how_many(signed_in, advisor):
    assert signed_in.get("/advisors/availability/exceptions/add/").status_code == 200
    booked = [
        AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "09:30")),
        AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "11:30")),
    ]
    AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "10:30"), status=AppointmentStatus.CANCELLED)
    response = add_exception(signed_in, NEXT_TUESDAY, kind="unavailable", reason="Annual leave")
    assert response.status_code == 302
    off = advisor.exceptions.get()
    assert (off.date, off.kind, off.starts, off.ends, off.reason) == (
        NEXT_TUESDAY,
        "unavailable",
        None,
        None,
        "Annual leave",
    )
    words = text(signed_in.get("/advisors/availability/"))
    assert "Your time off on Tuesday 30 March 2027 has been added." in words
    assert "You have 2 appointments booked in this time. Move or cancel them from your diary." in words
    assert all(a.__class__.objects.get(pk=a.pk).status == AppointmentStatus.BOOKED for a in booked)
    # The diary still shows them, so the advisor can move or cancel them there.
    diary = text(signed_in.get("/advisors/diary/?day=2027-03-30"))
    assert "9:30am to 10:30am" in diary and "Free" not in diary


def test_part_of_a_day_off(signed_in, advisor):
    AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "09:30"))
    AppointmentFactory(advisor=advisor, starts_at=at(NEXT_TUESDAY, "11:30"))
    response = add_exception(signed_in, NEXT_TUESDAY, kind="unavailable", starts="11:00", ends="13:00")
    assert response.status_code == 302
    assert advisor.exceptions.get().starts == time(11)
    assert "You have 1 appointment booked in this time." in text(signed_in.get("/advisors/availability/"))


def test_an_extra_session(signed_in, advisor):
    thursday = TUESDAY + timedelta(days=2)
    response = add_exception(
        signed_in, thursday, kind="extra", starts="14:00", ends="16:00", mode=Mode.IN_PERSON, venue=VENUE
    )
    assert response.status_code == 302
    extra = advisor.exceptions.get()
    assert (extra.kind, extra.starts, extra.ends, extra.mode, extra.venue) == (
        "extra",
        time(14),
        time(16),
        "in_person",
        VENUE,
    )
    words = text(signed_in.get("/advisors/diary/?day=2027-03-25"))
    assert "Free 2:00pm to 3:00pm, in person" in words and "Free 3:00pm to 4:00pm" in words


def test_an_extra_session_today_is_allowed(signed_in, advisor):
    assert (
        add_exception(signed_in, TUESDAY, kind="extra", starts="15:00", ends="16:00", mode="video").status_code == 302
    )


@pytest.mark.parametrize(
    ("day", "fields", "message"),
    [
        (TUESDAY - timedelta(days=1), {"kind": "unavailable"}, "Date must be today or in the future"),
        (None, {"kind": "unavailable", "date_day": "31", "date_month": "2"}, "Date must be a real date"),
        (None, {"kind": "unavailable", "date_day": "", "date_month": "", "date_year": ""}, "Enter a date"),
        (NEXT_TUESDAY, {"kind": "holiday"}, "Select time off or an extra session"),
        (NEXT_TUESDAY, {}, "Select time off or an extra session"),
        (NEXT_TUESDAY, {"kind": "unavailable", "starts": "11:00"}, "Enter both times, or leave both empty"),
        (NEXT_TUESDAY, {"kind": "unavailable", "ends": "11:00"}, "Enter both times, or leave both empty"),
        (
            NEXT_TUESDAY,
            {"kind": "unavailable", "starts": "11:00", "ends": "10:00"},
            "End time must be after start time",
        ),
        (NEXT_TUESDAY, {"kind": "unavailable", "starts": "noon", "ends": "13:00"}, "Start time must be a real time"),
        (NEXT_TUESDAY, {"kind": "extra", "ends": "16:00", "mode": "phone"}, "Enter a start time"),
        (NEXT_TUESDAY, {"kind": "extra", "starts": "14:00", "mode": "phone"}, "Enter an end time"),
        (NEXT_TUESDAY, {"kind": "extra", "starts": "14:00", "ends": "16:00"}, "Select how you will meet residents"),
        (
            NEXT_TUESDAY,
            {"kind": "extra", "starts": "14:00", "ends": "16:00", "mode": "telepathy"},
            "Select how you will meet residents",
        ),
        (
            NEXT_TUESDAY,
            {"kind": "extra", "starts": "14:00", "ends": "16:00", "mode": "in_person"},
            "Enter the venue residents should come to",
        ),
        (
            NEXT_TUESDAY,
            {"kind": "extra", "starts": "12:00", "ends": "14:00", "mode": "phone"},
            "This session overlaps your weekly hours on Tuesdays from 9:30am to 12:30pm",
        ),
        (
            date(2027, 3, 29),
            {"kind": "extra", "starts": "10:00", "ends": "12:00", "mode": "phone"},
            "Monday 29 March 2027 is a bank holiday (Easter Monday). Choose another day",
        ),
        (NEXT_TUESDAY, {"kind": "unavailable", "reason": "R" * 201}, "Reason must be 200 characters or fewer"),
    ],
)
def test_bad_days_off_and_sessions_are_refused_and_nothing_is_written(signed_in, advisor, day, fields, message):
    refused(add_exception(signed_in, day or NEXT_TUESDAY, **fields), message)
    assert not AvailabilityException.objects.exists()


def test_extra_sessions_on_one_day_do_not_overlap(signed_in, advisor):
    wednesday = TUESDAY + timedelta(days=1)
    assert (
        add_exception(signed_in, wednesday, kind="extra", starts="10:00", ends="12:00", mode="phone").status_code == 302
    )
    refused(
        add_exception(signed_in, wednesday, kind="extra", starts="11:00", ends="13:00", mode="video"),
        "This session overlaps your extra session from 10:00am to 12:00pm that day.",
    )
    assert advisor.exceptions.count() == 1


def test_removing_time_off_and_extra_sessions(signed_in, advisor):
    off = AvailabilityException.objects.create(advisor=advisor, date=NEXT_TUESDAY, kind="unavailable")
    thursday = TUESDAY + timedelta(days=2)
    extra = AvailabilityException.objects.create(
        advisor=advisor, date=thursday, kind="extra", starts=time(14), ends=time(16), mode="phone"
    )
    AppointmentFactory(advisor=advisor, starts_at=at(thursday, "14:00"), mode="phone", venue="")
    assert signed_in.post(f"/advisors/availability/exceptions/{off.pk}/remove/").status_code == 302
    words = text(signed_in.get("/advisors/availability/"))
    assert "Your time off on Tuesday 30 March 2027 has been removed." in words and "booked in this time" not in words
    assert signed_in.post(f"/advisors/availability/exceptions/{extra.pk}/remove/").status_code == 302
    words = text(signed_in.get("/advisors/availability/"))
    assert "Your extra session on Thursday 25 March 2027 has been removed." in words
    assert "You have 1 appointment booked in this time. Move or cancel them from your diary." in words
    assert not advisor.exceptions.exists()


def test_another_advisors_days_are_not_found(signed_in):
    theirs = AvailabilityException.objects.create(advisor=AdvisorFactory(), date=NEXT_TUESDAY, kind="unavailable")
    assert signed_in.post(f"/advisors/availability/exceptions/{theirs.pk}/remove/").status_code == 404
    assert AvailabilityException.objects.filter(pk=theirs.pk).exists()


# The services refuse another advisor's rows too ----------------------------------------------------------------


def test_the_services_change_only_the_advisors_own_rows(advisor):
    other = AdvisorFactory()
    hours = advisor.weekly_hours.get()
    day_off = AvailabilityException.objects.create(advisor=advisor, date=NEXT_TUESDAY, kind="unavailable")
    attempts = [
        lambda: advisor_profile_update(
            advisor=advisor, by=other.user, job_title="", slot_minutes=30, appointment_types=["careers_guidance"],
            is_bookable=True,
        ),
        lambda: availability_hours_add(
            advisor=advisor, by=other.user, weekday=3, starts=time(9), ends=time(10), mode="phone"
        ),
        lambda: availability_hours_remove(hours=hours, by=other.user),
        lambda: availability_exception_add(advisor=advisor, by=other.user, date=NEXT_TUESDAY, kind="unavailable"),
        lambda: availability_exception_remove(exception=day_off, by=other.user),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert AdvisorProfile.objects.get(pk=advisor.pk).slot_minutes == 60
    assert list(advisor.weekly_hours.all()) == [hours] and list(advisor.exceptions.all()) == [day_off]


# Queries -------------------------------------------------------------------------------------------------------


def test_the_availability_page_costs_the_same_queries_however_many_rows(signed_in, advisor):
    counts = []
    for size in (2, 8):
        for number in range(advisor.exceptions.count(), size):
            AvailabilityException.objects.create(
                advisor=advisor, date=NEXT_TUESDAY + timedelta(days=number), kind="unavailable"
            )
            WeeklyHoursFactory(
                advisor=advisor, weekday=number % 7, starts=time(13 + number // 7), ends=time(14 + number // 7)
            )
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get("/advisors/availability/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("url", ["/advisors/availability/hours/add/", "/advisors/availability/exceptions/add/"])
def test_an_empty_form_sent_is_explained_not_shown_again_blank(client, url):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    response = client.post(url, {})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
