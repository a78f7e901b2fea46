"""A resident books an appointment through the pages (what for, how, a day and a time, anything to know, check,
booked), then sees, moves, cancels and downloads it; a time taken meanwhile or a forged answer is refused with a
message and nothing written, and nobody reaches anyone else's appointment."""

import re
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisors.models import AdvisorProfile, Appointment, AppointmentStatus, AvailabilityException, Mode, WeeklyHours
from advisors.selectors.booking import appointments_of, bookable_advisors
from advisors.services.booking import appointment_book, appointment_cancel
from notifications.models import Notification
from tests.factories import AdvisorFactory, CaseFactory, UserFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)  # a Monday; bookable from Tuesday 16 March at 9am
TUESDAY, THURSDAY = date(2027, 3, 16), date(2027, 3, 18)
HACKNEY_WORKS = "Hackney Works, 1 Hillman Street, E8 1DY"
DALSTON = "Dalston CLR James Library, Dalston Square"


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


def slot(advisor, starts_at: datetime) -> str:
    return f"{advisor.pk}|{starts_at.isoformat()}"


class Clock:
    """What `timezone.now()` answers in these tests: NOW, unless a test moves it on."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def clock():
    clock = Clock(NOW)
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


@pytest.fixture
def sam(db):
    """In person on Tuesday mornings at Hackney Works, by phone on Monday afternoons."""
    sam = AdvisorFactory(user__full_name="Sam Okafor", appointment_types=["careers_guidance", "cv_and_applications"])
    WeeklyHoursFactory(advisor=sam, weekday=WeeklyHours.Weekday.TUESDAY, venue=HACKNEY_WORKS)
    WeeklyHoursFactory(
        advisor=sam, weekday=WeeklyHours.Weekday.MONDAY, starts="14:00", ends="16:00", mode=Mode.PHONE, venue=""
    )
    return sam


@pytest.fixture
def grace(db):
    """In person on Thursday mornings in Dalston."""
    grace = AdvisorFactory(user__full_name="Grace Mensah", job_title="", appointment_types=["careers_guidance"])
    WeeklyHoursFactory(advisor=grace, weekday=WeeklyHours.Weekday.THURSDAY, starts="10:00", ends="12:00", venue=DALSTON)
    return grace


@pytest.fixture
def on_leave(db):
    """The only advisor offering mock interviews, not taking bookings."""
    advisor = AdvisorFactory(user__full_name="Ola Bello", appointment_types=["mock_interview"], is_bookable=False)
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.WEDNESDAY, venue=HACKNEY_WORKS)
    return advisor


@pytest.fixture
def amara(client):
    amara = UserFactory(full_name="Amara Obi", email="amara@example.test")
    client.force_login(amara)
    return amara


def page(response) -> str:
    return response.content.decode()


def radio_values(response, name) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', page(response))


def choose(client, appointment_type="careers_guidance", mode=Mode.IN_PERSON):
    assert client.post("/appointments/book/", {"appointment_type": appointment_type}).status_code == 302
    assert client.post("/appointments/book/how/", {"mode": mode}).status_code == 302


def choose_all(client, advisor, starts_at, **notes):
    choose(client)
    response = client.post(f"/appointments/book/when/?day={starts_at.date()}", {"slot": slot(advisor, starts_at)})
    assert response.status_code == 302, page(response)
    notes = {"help_wanted": "", "adjustments": ""} | notes
    assert client.post("/appointments/book/anything-else/", notes).url == "/appointments/book/check/"


def nothing_written():
    return not Appointment.objects.exists() and not Notification.objects.exists()


def booked_for(resident, advisor, starts_at, **options):
    options = {"appointment_type": "careers_guidance", "mode": Mode.IN_PERSON, "now": NOW} | options
    return appointment_book(resident=resident, advisor=advisor, starts_at=starts_at, **options)


# Booking, step by step --------------------------------------------------------------------------------------


def test_booking_from_the_first_question_to_the_confirmation(client, amara, sam, grace, on_leave):
    response = client.get("/appointments/book/")
    assert response.status_code == 200
    assert '<h1 class="govuk-fieldset__heading">What would you like help with?</h1>' in page(response)
    # Mock interviews are offered only by an advisor not taking bookings; nobody offers initial assessments.
    assert radio_values(response, "appointment_type") == ["careers_guidance", "cv_and_applications"]
    response = client.post("/appointments/book/", {"appointment_type": "careers_guidance"})
    assert response.url == "/appointments/book/how/"

    response = client.get(response.url)
    assert "How would you like to meet?" in page(response)
    assert radio_values(response, "mode") == ["in_person", "phone"]
    assert f"At {DALSTON} or {HACKNEY_WORKS}" in page(response)
    response = client.post("/appointments/book/how/", {"mode": "in_person"})
    assert response.url == "/appointments/book/when/"

    response = client.get(response.url)
    html = page(response)
    # The first day with free times is shown; the others are links to theirs.
    assert "<strong>Tuesday 16 March</strong> (3 times)" in html
    assert '<a class="govuk-link" href="/appointments/book/when/?day=2027-03-18">Thursday 18 March</a>' in html
    assert "Times on Tuesday 16 March 2027" in html
    assert f"9:30am at {HACKNEY_WORKS}" in html
    assert radio_values(response, "slot") == [slot(sam, at(TUESDAY, t)) for t in ("09:30", "10:30", "11:30")]
    response = client.get("/appointments/book/when/?day=2027-03-18")
    assert f"10:00am at {DALSTON}" in page(response)
    response = client.post("/appointments/book/when/?day=2027-03-16", {"slot": slot(sam, at(TUESDAY, "10:30"))})
    assert response.url == "/appointments/book/anything-else/"

    response = client.get(response.url)
    assert "Anything we should know?" in page(response)
    assert "For example, a quiet room, step-free access, an interpreter, extra time" in page(response)
    response = client.post(
        "/appointments/book/anything-else/",
        {"help_wanted": "Finding warehouse work", "adjustments": "Step-free access, please"},
    )
    assert response.url == "/appointments/book/check/"

    html = page(client.get("/appointments/book/check/"))
    assert "Check your answers before booking" in html
    for shown in ("Careers guidance", "In person", HACKNEY_WORKS, "Tuesday 16 March 2027 at 10:30am", "Sam Okafor"):
        assert shown in html
    assert "Finding warehouse work" in html and "Step-free access, please" in html
    for change in ("/appointments/book/", "/appointments/book/how/", "/appointments/book/when/?day=2027-03-16"):
        assert f'href="{change}"' in html
    assert nothing_written()

    response = client.post("/appointments/book/check/")
    appointment = Appointment.objects.get()
    assert response.url == f"/appointments/{appointment.pk}/booked/"
    assert (appointment.resident, appointment.advisor, appointment.starts_at) == (amara, sam, at(TUESDAY, "10:30"))
    assert (appointment.type, appointment.venue) == ("careers_guidance", HACKNEY_WORKS)
    assert appointment.adjustments == "Step-free access, please"
    assert Notification.objects.filter(recipient=amara, kind="appointment_booked").exists()

    html = page(client.get(response.url))
    assert '<h1 class="govuk-panel__title">Appointment booked</h1>' in html
    assert "Tuesday 16 March 2027 at 10:30am" in html and HACKNEY_WORKS in html
    assert "calendar invitation" in html and "up to 24 hours before" in html
    # The answers are gone: the next booking starts afresh.
    assert client.get("/appointments/book/check/").url == "/appointments/book/"


def test_a_change_link_comes_back_to_the_check_page_and_a_new_type_asks_again_how_and_when(client, amara, sam):
    choose_all(client, sam, at(TUESDAY, "09:30"), help_wanted="CV help")
    assert client.post("/appointments/book/anything-else/", {"help_wanted": "Cover letters"}).url.endswith("/check/")
    # Another kind of help: how and when are asked again, what they told us is kept.
    assert client.post("/appointments/book/", {"appointment_type": "cv_and_applications"}).url.endswith("/how/")
    assert client.get("/appointments/book/check/").url == "/appointments/book/how/"
    assert client.post("/appointments/book/how/", {"mode": "phone"}).url == "/appointments/book/when/"
    monday = at(date(2027, 3, 22), "14:00")
    assert client.post("/appointments/book/when/", {"slot": slot(sam, monday)}).url == "/appointments/book/check/"
    html = page(client.get("/appointments/book/check/"))
    assert "CV and applications" in html and "Monday 22 March 2027 at 2:00pm" in html and "Cover letters" in html


def test_steps_cannot_be_skipped(client, amara, sam):
    for step in ("how/", "when/", "anything-else/", "check/"):
        assert client.get(f"/appointments/book/{step}").url == "/appointments/book/"
    choose(client)
    assert client.get("/appointments/book/check/").url == "/appointments/book/when/"
    assert client.post("/appointments/book/check/").url == "/appointments/book/when/"
    assert nothing_written()


def test_a_day_with_no_free_time_is_not_offered(client, amara, sam, grace):
    AvailabilityException.objects.create(advisor=sam, date=TUESDAY, kind="unavailable", reason="Training")
    booked_for(UserFactory(), grace, at(THURSDAY, "10:00"))
    booked_for(UserFactory(), grace, at(THURSDAY, "11:00"))
    choose(client)
    html = page(client.get("/appointments/book/when/"))
    assert "?day=2027-03-16" not in html and "?day=2027-03-18" not in html
    assert "<strong>Tuesday 23 March</strong> (3 times)" in html  # the first day with a free time
    response = client.get("/appointments/book/when/?day=2027-03-16")
    assert response.status_code == 400
    assert "There are no free times on Tuesday 16 March 2027. Choose one of the days shown." in page(response)


def test_a_bank_holiday_is_not_offered(client, amara, sam):
    choose(client, mode=Mode.PHONE)
    html = page(client.get("/appointments/book/when/"))
    assert "<strong>Monday 22 March</strong>" in html and "?day=2027-04-05" in html
    assert "?day=2027-03-29" not in html  # Easter Monday
    response = client.get("/appointments/book/when/?day=2027-03-29")
    assert response.status_code == 400 and "There are no free times on Monday 29 March 2027" in page(response)


def test_no_free_times_at_all_says_so_and_how_to_call(client, amara, sam, settings):
    settings.ADVISORS_BOOKING_HORIZON_DAYS = 6  # the window ends on Sunday: no Monday phone times in it
    choose(client, mode=Mode.PHONE)
    response = client.get("/appointments/book/when/")
    html = page(response)
    assert response.status_code == 200 and 'name="slot"' not in html
    assert "There are no free times for “Careers guidance” by phone in the next 6 days." in html
    assert "020 8356 3000" in html and 'href="/guidance/contact-us/"' in html


# A time taken meanwhile, or no longer bookable ----------------------------------------------------------------


def test_a_time_taken_between_the_check_page_and_booking_is_refused_with_the_other_times(client, amara, sam):
    choose_all(client, sam, at(TUESDAY, "09:30"))
    assert client.get("/appointments/book/check/").status_code == 200
    booked_for(UserFactory(), sam, at(TUESDAY, "09:30"))  # someone else, first
    told = Notification.objects.count()

    response = client.post("/appointments/book/check/")
    html = page(response)
    assert response.status_code == 409
    assert "<title>Error: " in html and "There is a problem" in html
    assert "That time has just been taken. Choose another time." in html
    assert radio_values(response, "slot") == [slot(sam, at(TUESDAY, "10:30")), slot(sam, at(TUESDAY, "11:30"))]
    assert 'action="/appointments/book/when/?day=2027-03-16"' in html
    assert Appointment.objects.count() == 1 and Notification.objects.count() == told
    # Choosing again books the new time.
    client.post("/appointments/book/when/", {"slot": slot(sam, at(TUESDAY, "11:30"))})
    assert client.post("/appointments/book/check/").status_code == 302
    assert Appointment.objects.get(resident=amara).starts_at == at(TUESDAY, "11:30")


def test_a_time_no_longer_bookable_when_they_press_book_is_refused_with_the_service_reason(client, amara, sam, clock):
    choose_all(client, sam, at(TUESDAY, "09:30"))
    clock.now = NOW + timedelta(hours=1)  # less than 24 hours before 9:30am tomorrow now
    response = client.post("/appointments/book/check/")
    assert response.status_code == 400
    assert "Choose a time at least 24 hours from now" in page(response)
    assert slot(sam, at(TUESDAY, "10:30")) in radio_values(response, "slot")
    assert nothing_written()


def test_an_advisor_who_stops_taking_bookings_before_the_post(client, amara, sam, grace):
    choose_all(client, sam, at(TUESDAY, "09:30"))
    sam.is_bookable = False
    sam.save()
    response = client.post("/appointments/book/check/")
    assert response.status_code == 400
    assert "This advisor is not taking bookings at the moment" in page(response)
    # The times left are the other advisor's.
    assert radio_values(response, "slot") == [slot(grace, at(THURSDAY, "10:00")), slot(grace, at(THURSDAY, "11:00"))]
    assert nothing_written()


def test_one_radio_a_time_and_place_with_the_residents_own_advisor_first(client, amara, sam):
    colleague = AdvisorFactory(user__full_name="Ola Bello", appointment_types=["careers_guidance"])
    WeeklyHoursFactory(advisor=colleague, weekday=WeeklyHours.Weekday.TUESDAY, venue=HACKNEY_WORKS)
    booked_for(UserFactory(), colleague, at(TUESDAY, "11:30"))  # Ola is busier that day
    choose(client)
    response = client.get("/appointments/book/when/")
    assert "<strong>Tuesday 16 March</strong> (3 times)" in page(response)  # not 6: two advisors, same times
    # Whoever has more time free that day, so bookings spread across the team.
    assert radio_values(response, "slot") == [slot(sam, at(TUESDAY, t)) for t in ("09:30", "10:30", "11:30")]
    # A resident with an advisor of their own is offered their advisor's times where there are some.
    CaseFactory(resident=amara, lead_advisor=colleague)
    response = client.get("/appointments/book/when/")
    assert radio_values(response, "slot") == [
        slot(colleague, at(TUESDAY, "09:30")),
        slot(colleague, at(TUESDAY, "10:30")),
        slot(sam, at(TUESDAY, "11:30")),
    ]
    client.post("/appointments/book/when/", {"slot": slot(colleague, at(TUESDAY, "09:30"))})
    client.post("/appointments/book/anything-else/", {"help_wanted": "", "adjustments": ""})
    assert "Ola Bello" in page(client.get("/appointments/book/check/"))  # who they will see, before they book


# Forged and bad answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", "Choose what you would like help with"),
        ("mock_interview", "Choose one of the kinds of help shown"),  # only an advisor not taking bookings
        ("initial_assessment", "Choose one of the kinds of help shown"),  # nobody offers it
        ("'; drop table advisors_appointment; --", "Choose one of the kinds of help shown"),
    ],
)
def test_a_forged_type_is_refused(client, amara, sam, on_leave, answer, message):
    response = client.post("/appointments/book/", {"appointment_type": answer})
    assert response.status_code == 400 and message in page(response) and "<title>Error: " in page(response)
    assert client.get("/appointments/book/how/").url == "/appointments/book/"
    assert nothing_written()


@pytest.mark.parametrize(
    ("answer", "message"),
    [("", "Choose how you would like to meet"), ("video", "Choose one of the ways"), ("pigeon", "Choose one of")],
)
def test_a_forged_mode_is_refused(client, amara, sam, answer, message):
    client.post("/appointments/book/", {"appointment_type": "careers_guidance"})
    response = client.post("/appointments/book/how/", {"mode": answer})
    assert response.status_code == 400 and message in page(response)
    assert client.get("/appointments/book/when/").url == "/appointments/book/how/"
    assert nothing_written()


FORGED_TIMES = {
    "no advisor by that id": lambda sam, other: f"999999|{at(TUESDAY, '09:30').isoformat()}",
    "an advisor not offering it": lambda sam, other: slot(other, at(date(2027, 3, 17), "09:30")),
    "between two free times": lambda sam, other: slot(sam, at(TUESDAY, "10:00")),
    "in the past": lambda sam, other: slot(sam, at(date(2027, 3, 9), "09:30")),
    "too soon": lambda sam, other: slot(sam, at(date(2027, 3, 15), "14:00")),
    "a bank holiday": lambda sam, other: slot(sam, at(date(2027, 3, 29), "14:00")),
    "too far ahead": lambda sam, other: slot(sam, at(date(2027, 6, 1), "09:30")),
    "another way of meeting": lambda sam, other: slot(sam, at(date(2027, 3, 22), "14:00")),
    "a garbled time": lambda sam, other: f"{sam.pk}|2027-13-45T99:99",
    "no time at all": lambda sam, other: "garbage",
}


@pytest.mark.parametrize("forged", FORGED_TIMES)
def test_a_forged_time_is_refused(client, amara, sam, on_leave, forged):
    choose(client)
    response = client.post("/appointments/book/when/", {"slot": FORGED_TIMES[forged](sam, on_leave)})
    assert response.status_code == 400
    assert "That time is not free. Choose one of the times shown." in page(response)
    assert radio_values(response, "slot")  # the times they can choose, right there
    assert client.post("/appointments/book/check/").url == "/appointments/book/when/"
    assert nothing_written()


def test_no_time_chosen(client, amara, sam):
    choose(client)
    response = client.post("/appointments/book/when/", {})
    assert response.status_code == 400 and "Choose a time" in page(response)


@pytest.mark.parametrize("day", ["garbage", "2027-02-30", "9" * 300])
def test_a_garbled_day_is_refused(client, amara, sam, day):
    choose(client)
    response = client.get("/appointments/book/when/", {"day": day})
    assert response.status_code == 400 and "Choose a day from the list" in page(response)


def test_what_they_tell_us_has_a_limit(client, amara, sam):
    choose_all(client, sam, at(TUESDAY, "09:30"))
    response = client.post("/appointments/book/anything-else/", {"help_wanted": "x" * 1001, "adjustments": ""})
    assert response.status_code == 400
    assert "What you would like help with must be 1,000 characters or less" in page(response)
    response = client.post("/appointments/book/anything-else/", {"help_wanted": "", "adjustments": "y" * 1001})
    assert response.status_code == 400 and "Adjustments must be 1,000 characters or less" in page(response)
    assert nothing_written()


# A resident's own appointment: see, move, cancel, download ---------------------------------------------------


@pytest.fixture
def appointment(amara, sam):
    return booked_for(amara, sam, at(TUESDAY, "09:30"), help_wanted="Warehouse jobs", adjustments="A quiet room")


def test_the_appointment_page(client, appointment):
    html = page(client.get(f"/appointments/{appointment.pk}/"))
    for shown in ("Careers guidance", "Tuesday 16 March 2027 at 9:30am", HACKNEY_WORKS, "Sam Okafor", "Booked"):
        assert shown in html
    assert "Warehouse jobs" in html and "A quiet room" in html
    assert f'href="/appointments/{appointment.pk}/change/"' in html
    assert f'href="/appointments/{appointment.pk}/cancel/"' in html


def test_the_calendar_file(client, appointment):
    response = client.get(f"/appointments/{appointment.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    assert f"UID:{appointment.uid}@" in page(response) and "DTSTART" in page(response)


def test_moving_to_another_free_time(client, appointment, sam):
    response = client.get(f"/appointments/{appointment.pk}/change/")
    assert response.status_code == 200 and "Choose a new time" in page(response)
    # The same advisor, the same way of meeting, the time they hold left out.
    assert radio_values(response, "slot") == [slot(sam, at(TUESDAY, "10:30")), slot(sam, at(TUESDAY, "11:30"))]
    response = client.post(f"/appointments/{appointment.pk}/change/", {"slot": slot(sam, at(TUESDAY, "11:30"))})
    assert response.url == f"/appointments/{appointment.pk}/change/check/"
    html = page(client.get(response.url))
    assert "Tuesday 16 March 2027 at 11:30am" in html and "Tuesday 16 March 2027 at 9:30am" in html
    appointment.refresh_from_db()
    assert appointment.starts_at == at(TUESDAY, "09:30")

    response = client.post(f"/appointments/{appointment.pk}/change/check/", follow=True)
    assert "Your appointment has moved to Tuesday 16 March 2027 at 11:30am" in page(response)
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.sequence) == (at(TUESDAY, "11:30"), 1)
    assert Notification.objects.filter(kind="appointment_changed", recipient=appointment.resident).exists()


def test_moving_into_a_time_taken_meanwhile_is_refused_the_same_way(client, appointment, sam):
    client.post(f"/appointments/{appointment.pk}/change/", {"slot": slot(sam, at(TUESDAY, "10:30"))})
    booked_for(UserFactory(), sam, at(TUESDAY, "10:30"))
    told = Notification.objects.count()
    response = client.post(f"/appointments/{appointment.pk}/change/check/")
    assert response.status_code == 409
    assert "That time has just been taken. Choose another time." in page(response)
    assert radio_values(response, "slot") == [slot(sam, at(TUESDAY, "11:30"))]
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.sequence) == (at(TUESDAY, "09:30"), 0)
    assert Notification.objects.count() == told


def test_moving_to_a_forged_time_is_refused(client, appointment, sam, grace):
    for forged in (slot(grace, at(THURSDAY, "10:00")), slot(sam, at(date(2027, 3, 22), "14:00")), "garbage"):
        response = client.post(f"/appointments/{appointment.pk}/change/", {"slot": forged})
        assert response.status_code == 400 and "That time is not free" in page(response)
    assert client.get(f"/appointments/{appointment.pk}/change/check/").url.endswith("/change/")
    appointment.refresh_from_db()
    assert appointment.sequence == 0


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.ATTENDED])
def test_a_cancelled_or_attended_appointment_cannot_be_changed(client, appointment, sam, status):
    client.post(f"/appointments/{appointment.pk}/change/", {"slot": slot(sam, at(TUESDAY, "10:30"))})
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    base = f"/appointments/{appointment.pk}"
    for url in (f"{base}/change/", f"{base}/change/check/", f"{base}/cancel/"):
        for method in (client.get, client.post):
            response = method(url, {"slot": slot(sam, at(TUESDAY, "11:30"))} if url.endswith("change/") else {})
            assert response.status_code == 400, url
            assert f"because it is {status.label.lower()}" in page(response)
    html = page(client.get(f"{base}/"))
    assert f'href="{base}/change/"' not in html and f'href="{base}/cancel/"' not in html
    appointment.refresh_from_db()
    assert (appointment.status, appointment.starts_at, appointment.sequence) == (status, at(TUESDAY, "09:30"), 0)


def test_cancelling(client, appointment):
    response = client.get(f"/appointments/{appointment.pk}/cancel/")
    assert "Are you sure you want to cancel your appointment on Tuesday 16 March 2027 at 9:30am?" in page(response)
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED
    response = client.post(f"/appointments/{appointment.pk}/cancel/")
    assert response.url == "/account/"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert Notification.objects.filter(kind="appointment_cancelled", recipient=appointment.resident).exists()
    html = page(client.get("/account/"))
    assert "Your appointment on Tuesday 16 March 2027 at 9:30am has been cancelled." in html


def test_after_the_cut_off_the_resident_is_asked_to_call(client, appointment, sam, clock, settings):
    settings.ADVISORS_CHANGE_CUTOFF_HOURS = 24
    base = f"/appointments/{appointment.pk}"
    client.post(f"{base}/change/", {"slot": slot(sam, at(TUESDAY, "10:30"))})  # chosen before the cut-off
    clock.now = at(date(2027, 3, 15), "10:00")  # 23 and a half hours before
    html = page(client.get(f"{base}/"))
    assert f'href="{base}/change/"' not in html and f'href="{base}/cancel/"' not in html
    assert "Call your advisor" in html and 'href="/guidance/contact-us/"' in html
    for url in (f"{base}/change/", f"{base}/change/check/", f"{base}/cancel/"):
        response = client.post(url, {"slot": slot(sam, at(TUESDAY, "11:30"))})
        assert response.status_code == 400, url
        assert "too late to" in page(response) and "it starts in less than 24 hours" in page(response)
        assert "Call your advisor instead" in page(response)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.starts_at, appointment.sequence) == ("booked", at(TUESDAY, "09:30"), 0)


def appointment_urls(pk) -> list[str]:
    base = f"/appointments/{pk}"
    ends = ("", "booked/", "change/", "change/check/", "cancel/", "calendar.ics")
    return [f"{base}/{end}" for end in ends]


def test_another_residents_appointment_is_not_found_on_every_url(client, appointment, sam):
    bola = UserFactory(full_name="Bola Ade")
    client.force_login(bola)
    missing = Appointment.objects.order_by("pk").last().pk + 1
    for url in appointment_urls(appointment.pk) + appointment_urls(missing):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"slot": slot(sam, at(TUESDAY, "10:30"))}).status_code == 404, url
    appointment.refresh_from_db()
    assert (appointment.status, appointment.sequence) == ("booked", 0)


def test_signed_out_people_are_sent_to_sign_in(client, sam):
    appointment = booked_for(UserFactory(), sam, at(TUESDAY, "09:30"))
    booking = [f"/appointments/book/{step}" for step in ("", "how/", "when/", "anything-else/", "check/")]
    for url in booking + appointment_urls(appointment.pk):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and response.url == f"/accounts/login/?next={url}", url


# Queries stay the same however many advisors and appointments -------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def busy_advisor(resident_count=3):
    advisor = AdvisorFactory(appointment_types=["careers_guidance"])
    for weekday in (WeeklyHours.Weekday.TUESDAY, WeeklyHours.Weekday.THURSDAY):
        WeeklyHoursFactory(advisor=advisor, weekday=weekday, venue=DALSTON)
    AvailabilityException.objects.create(advisor=advisor, date=THURSDAY, kind="unavailable", reason="Training")
    for week in range(resident_count):
        day = TUESDAY + timedelta(weeks=week)
        Appointment.objects.create(
            advisor=advisor, resident=UserFactory(), type="careers_guidance", mode=Mode.IN_PERSON, venue=DALSTON,
            starts_at=at(day, "09:30"), ends_at=at(day, "10:30"),
        )  # fmt: skip
    return advisor


def test_the_time_page_costs_the_same_queries_however_many_advisors(client, amara, sam):
    choose(client)
    counts = []
    for others in (1, 6):
        while AdvisorProfile.objects.exclude(pk=sam.pk).count() < others:
            busy_advisor()
        counts.append(queries(client, "/appointments/book/when/"))
    assert counts[0] == counts[1], counts


def test_the_change_page_costs_the_same_queries_however_many_appointments(client, appointment, sam):
    counts = []
    for weeks in (1, 5):
        for week in range(1, weeks + 1):
            Appointment.objects.get_or_create(
                advisor=sam, starts_at=at(TUESDAY + timedelta(weeks=week), "10:30"),
                defaults={"resident": UserFactory(), "type": "careers_guidance", "mode": Mode.IN_PERSON,
                          "ends_at": at(TUESDAY + timedelta(weeks=week), "11:30")},
            )  # fmt: skip
        counts.append(queries(client, f"/appointments/{appointment.pk}/change/"))
    assert counts[0] == counts[1], counts


def test_a_residents_appointments_upcoming_and_past_in_one_query(amara, sam, grace):
    counts = []
    for size in (2, 8):
        while Appointment.objects.filter(resident=amara).count() < size:
            advisor = AdvisorFactory()
            Appointment.objects.create(
                advisor=advisor, resident=amara, type="careers_guidance", mode=Mode.PHONE,
                starts_at=at(TUESDAY, "09:30"), ends_at=at(TUESDAY, "10:30"),
            )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            mine = appointments_of(user=amara)
            names = [str(a.advisor) for a in mine.upcoming + mine.past]
        assert len(names) == size
        counts.append(len(captured))
    assert counts == [1, 1]


def test_a_residents_appointments_split_into_upcoming_and_past(amara, sam, grace):
    later = booked_for(amara, grace, at(THURSDAY, "10:00"))
    soon = booked_for(amara, sam, at(TUESDAY, "09:30"))
    called_off = appointment_cancel(appointment=booked_for(amara, sam, at(TUESDAY, "10:30")), by=amara, now=NOW)
    went = Appointment.objects.create(
        advisor=sam, resident=amara, type="careers_guidance", mode=Mode.IN_PERSON, status="attended",
        starts_at=at(date(2027, 3, 9), "09:30"), ends_at=at(date(2027, 3, 9), "10:30"),
    )  # fmt: skip
    booked_for(UserFactory(), sam, at(TUESDAY, "11:30"))  # someone else's
    mine = appointments_of(user=amara)
    assert mine.upcoming == [soon, later]
    assert mine.past == [called_off, went]


def test_a_link_after_a_missed_appointment_suggests_its_type(client, amara, sam):
    suggested = client.get("/appointments/book/?type=careers_guidance").content.decode()
    assert re.search(r'value="careers_guidance"[^>]*checked', suggested)
    assert "checked" not in client.get("/appointments/book/?type=mock_interview").content.decode()  # not offered
    assert "checked" not in client.get("/appointments/book/?type=drop-table").content.decode()


@pytest.mark.parametrize("gone", ["switched off", "no longer an advisor"])
def test_an_advisor_who_has_left_is_not_offered_nor_bookable(client, amara, sam, gone):
    if gone == "switched off":
        sam.user.is_active = False
        sam.user.save()
    else:
        sam.user.groups.clear()
    assert sam not in bookable_advisors()
    with pytest.raises(ValidationError, match="not taking bookings"):
        booked_for(UserFactory(), sam, at(TUESDAY, "09:30"))
    assert radio_values(client.get("/appointments/book/"), "appointment_type") == []  # nobody left to offer any
    assert nothing_written()
