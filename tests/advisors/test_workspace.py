"""The advisor's workspace: today and the diary by London day (across the clock change too), with the free times
and what was cancelled; recording attendance; cancelling from the diary; only advisors with a profile get in."""

import html
import re
from datetime import date, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from advisors.models import Appointment, AppointmentStatus, AppointmentType, AvailabilityException, Mode, WeeklyHours
from notifications.models import Notification
from tests.factories import (
    AdvisorFactory,
    AppointmentFactory,
    CaseFactory,
    MembershipFactory,
    UserFactory,
    WeeklyHoursFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
TUESDAY = date(2027, 3, 23)  # clocks go forward on Sunday 28 March 2027
NOW = datetime.combine(TUESDAY, time(10, 45), tzinfo=LONDON)


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


class Clock:
    """What `timezone.now()` answers while a test runs (in UTC, as Django's own does)."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)


@pytest.fixture(autouse=True)
def clock():
    clock = Clock(NOW)
    with patch("django.utils.timezone.now", clock):
        yield clock


@pytest.fixture
def advisor():
    advisor = AdvisorFactory(user__full_name="Grace Mensah")
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY, starts="09:30", ends="12:30")
    return advisor


@pytest.fixture
def signed_in(client, advisor):
    client.force_login(advisor.user)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def text(response) -> str:
    """The page's words, without markup, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


# Today ---------------------------------------------------------------------------------------------------------


def test_today_lists_todays_appointments_in_time_order_with_their_details(signed_in, advisor):
    AppointmentFactory(
        advisor=advisor,
        starts_at=at(TUESDAY, "11:30"),
        resident__full_name="Amara Okafor",
        type=AppointmentType.CV_AND_APPLICATIONS,
        help_wanted="A CV for warehouse jobs",
        adjustments="Step-free access, please",
    )
    started = AppointmentFactory(
        advisor=advisor, starts_at=at(TUESDAY, "09:30"), resident__full_name="Tomasz Nowak", mode=Mode.PHONE, venue=""
    )
    AppointmentFactory(
        advisor=advisor,
        starts_at=at(TUESDAY, "10:30"),
        resident__full_name="Cancelled Person",
        status=AppointmentStatus.CANCELLED,
    )
    AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY + timedelta(days=1), "09:30"), resident__full_name="Wed")
    AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY - timedelta(days=1), "09:30"), resident__full_name="Mon")
    AppointmentFactory(starts_at=at(TUESDAY, "09:30"), resident__full_name="Someone Elses")  # another advisor's

    response = signed_in.get("/advisors/")
    assert response.status_code == 200
    words = text(response)
    assert "Tuesday 23 March 2027" in words
    assert words.index("9:30am to 10:30am: Tomasz Nowak") < words.index("11:30am to 12:30pm: Amara Okafor")
    assert "CV and applications" in words and "A CV for warehouse jobs" in words
    assert "Step-free access, please" in words and "By phone" in words
    assert "In person: Hackney Works, 1 Hillman Street" in words
    assert "Cancelled 10:30am to 11:30am: Cancelled Person, initial assessment" in words
    for absent in ("Wed", "Mon", "Someone Elses"):
        assert absent not in words
    # Attendance once the start time has passed: the 9:30am only.
    body = page(response)
    assert body.count('name="status" value="attended"') == 1
    assert f"/advisors/appointments/{started.pk}/attendance/" in body
    assert 'aria-current="page">Today</a>' in body and 'href="/advisors/availability/"' in body


def test_today_is_the_london_day_after_the_clocks_go_forward(client, advisor, clock):
    clock.now = at(date(2027, 3, 29), "08:00")  # Monday, BST
    AppointmentFactory(advisor=advisor, starts_at=at(date(2027, 3, 29), "00:30"), resident__full_name="Just After")
    AppointmentFactory(advisor=advisor, starts_at=at(date(2027, 3, 28), "22:45"), resident__full_name="Sunday Late")
    client.force_login(advisor.user)
    words = text(client.get("/advisors/"))
    # 00:30 BST on Monday is 23:30 UTC on Sunday: it is Monday's in London.
    assert "Just After" in words and "Sunday Late" not in words


# The diary -----------------------------------------------------------------------------------------------------


@pytest.fixture
def clock_change_week(advisor):
    """Appointments around the night the clocks go forward (1am GMT on Sunday 28 March 2027)."""
    for day, clock, name in [
        (date(2027, 3, 22), "00:00", "Monday Midnight"),
        (date(2027, 3, 27), "23:30", "Saturday Late"),  # 23:30 GMT
        (date(2027, 3, 28), "09:30", "Sunday Morning"),  # 08:30 UTC
        (date(2027, 3, 28), "22:30", "Sunday Late"),  # 21:30 UTC
        (date(2027, 3, 29), "00:30", "Next Monday"),  # 23:30 UTC on the Sunday
        (date(2027, 3, 21), "23:00", "Sunday Before"),
    ]:
        AppointmentFactory(
            advisor=advisor, starts_at=at(day, clock), ends_at=at(day, clock) + timedelta(minutes=30),
            resident__full_name=name,
        )  # fmt: skip


def test_the_week_view_holds_the_london_days_of_the_week_across_the_clock_change(signed_in, clock_change_week):
    response = signed_in.get("/advisors/diary/?week=2027-03-24")  # a Wednesday: the week from Monday 22 March
    assert response.status_code == 200
    words = text(response)
    assert "Week of 22 March 2027" in words
    for name in ("Monday Midnight", "Saturday Late", "Sunday Morning", "Sunday Late"):
        assert name in words
    assert "Next Monday" not in words and "Sunday Before" not in words
    assert words.index("Saturday 27 March") < words.index("Saturday Late") < words.index("Sunday 28 March")
    assert words.index("Sunday 28 March") < words.index("9:30am to 10:00am: Sunday Morning")
    body = page(response)
    assert 'href="/advisors/diary/?week=2027-03-15"' in body and 'href="/advisors/diary/?week=2027-03-29"' in body
    assert 'href="/advisors/diary/?day=2027-03-28"' in body


@pytest.mark.parametrize(
    ("day", "shown", "not_shown"),
    [
        ("2027-03-28", ["Sunday Morning", "Sunday Late"], ["Next Monday", "Saturday Late"]),
        ("2027-03-29", ["12:30am to 1:00am: Next Monday"], ["Sunday Late"]),
        ("2027-03-27", ["11:30pm to 12:00am: Saturday Late"], ["Sunday Morning"]),
    ],
)
def test_the_day_view_is_one_london_day(signed_in, clock_change_week, day, shown, not_shown):
    response = signed_in.get(f"/advisors/diary/?day={day}")
    assert response.status_code == 200
    words = text(response)
    assert all(name in words for name in shown), words
    assert not any(name in words for name in not_shown)
    previous = date.fromisoformat(day) - timedelta(days=1)
    assert f'href="/advisors/diary/?day={previous.isoformat()}"' in page(response)


def test_the_diary_opens_on_today(signed_in, advisor):
    AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"), resident__full_name="Amara Okafor")
    words = text(signed_in.get("/advisors/diary/"))
    assert "Tuesday 23 March 2027" in words and "Amara Okafor" in words


def test_the_diary_shows_free_times_still_to_come_and_what_was_cancelled(signed_in, advisor):
    next_tuesday = TUESDAY + timedelta(days=7)
    AppointmentFactory(advisor=advisor, starts_at=at(next_tuesday, "10:30"), resident__full_name="Amara Okafor")
    AppointmentFactory(
        advisor=advisor, starts_at=at(next_tuesday, "09:30"), resident__full_name="Changed Plans",
        status=AppointmentStatus.CANCELLED,
    )  # fmt: skip
    words = text(signed_in.get("/advisors/diary/?day=2027-03-30"))
    assert "Free 9:30am to 10:30am, in person: Hackney Works" in words  # a cancelled appointment frees its time
    assert words.index("Free 9:30am") < words.index("10:30am to 11:30am: Amara Okafor") < words.index("Free 11:30am")
    assert "Free 10:30am" not in words
    assert "Cancelled 9:30am to 10:30am: Changed Plans" in words
    # Today's hours have started: nothing left today is shown as free.
    assert "Free" not in text(signed_in.get("/advisors/diary/?day=2027-03-23"))


def test_an_advisor_not_taking_bookings_sees_no_free_times(signed_in, advisor):
    advisor.is_bookable = False
    advisor.save()
    words = text(signed_in.get("/advisors/diary/?day=2027-03-30"))
    assert "Free" not in words and "You are not taking bookings" in words


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("day=2027-02-30", "The day must be a real date, like 2027-03-23"),
        ("day=tomorrow", "The day must be a real date"),
        ("day=23/03/2027", "The day must be a real date"),
        ("week=2027-13-01", "The week must be a real date"),
        ("week=9999-12-31", "The week must be between 2000 and 2099"),
        ("day=0001-01-01", "The day must be between 2000 and 2099"),
        ("day=" + "9" * 5000, "The day must be a real date"),
    ],
)
def test_a_bad_day_or_week_is_a_400_with_a_message(signed_in, query, message):
    response = signed_in.get(f"/advisors/diary/?{query}")
    assert response.status_code == 400
    assert message in text(response)
    assert "<title>Error: Diary" in page(response)
    assert 'href="#diary-today"' in page(response)


# Attendance ----------------------------------------------------------------------------------------------------


def attendance(client, appointment, status, **extra):
    return client.post(f"/advisors/appointments/{appointment.pk}/attendance/", {"status": status, **extra})


def test_recording_attended_tells_nobody(signed_in, advisor, clock):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"), resident__full_name="Amara O")
    response = attendance(signed_in, appointment, "attended", next="/advisors/diary/?day=2027-03-23")
    assert response.status_code == 302 and response["Location"] == "/advisors/diary/?day=2027-03-23"
    appointment.refresh_from_db()
    assert (appointment.status, appointment.sequence) == (AppointmentStatus.ATTENDED, 0)
    assert appointment.status_changed_at == NOW
    assert not Notification.objects.filter(recipient=appointment.resident).exists()
    words = text(signed_in.get("/advisors/"))
    assert "Amara O attended their appointment on Tuesday 23 March 2027 at 9:30am." in words
    assert "Attended" in words and 'value="attended"' not in page(signed_in.get("/advisors/"))


def test_an_attended_appointment_is_the_case_s_last_contact(signed_in, advisor):
    case = CaseFactory(lead_advisor=advisor)
    appointment = AppointmentFactory(advisor=advisor, resident=case.resident, starts_at=at(TUESDAY, "09:30"))
    assert attendance(signed_in, appointment, "attended").status_code == 302
    case.refresh_from_db()
    assert case.last_contact_at == at(TUESDAY, "09:30")


def test_a_missed_initial_assessment_asks_the_resident_to_book_again(signed_in, advisor):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))
    response = attendance(signed_in, appointment, "missed", next="https://elsewhere.example/")
    assert response.status_code == 302 and response["Location"] == "/advisors/"  # only our own pages
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MISSED
    (told,) = Notification.objects.filter(kind="appointment_missed")
    assert told.recipient == appointment.resident
    assert told.subject == "We missed you at your appointment on Tuesday 23 March 2027 at 9:30am"
    assert told.link == "/appointments/book/?type=initial_assessment"
    assert "/appointments/book/?type=initial_assessment" in told.body and "Grace Mensah" in told.body
    assert not Notification.objects.filter(recipient=advisor.user, kind="appointment_missed").exists()


def test_other_missed_appointments_also_offer_booking_again(signed_in, advisor):
    appointment = AppointmentFactory(
        advisor=advisor, starts_at=at(TUESDAY, "09:30"), type=AppointmentType.MOCK_INTERVIEW
    )
    assert attendance(signed_in, appointment, "missed").status_code == 302
    told = Notification.objects.get(kind="appointment_missed", recipient=appointment.resident)
    assert told.link == "/appointments/book/?type=mock_interview" and "Mock interview" in told.body


def test_attendance_before_the_start_time_is_refused(signed_in, advisor):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "11:30"))
    response = attendance(signed_in, appointment, "missed")
    assert response.status_code == 400
    words = text(response)
    assert "You can record attendance once the appointment has started, on Tuesday 23 March 2027 at 11:30am" in words
    assert "<title>Error: " in page(response)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED
    assert not Notification.objects.exists()


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.ATTENDED])
def test_attendance_only_for_booked_appointments(signed_in, advisor, status):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"), status=status)
    response = attendance(signed_in, appointment, "missed")
    assert response.status_code == 400
    assert f"You cannot record attendance because this appointment is {status.label.lower()}" in text(response)
    appointment.refresh_from_db()
    assert appointment.status == status and not Notification.objects.exists()


@pytest.mark.parametrize("status", ["cancelled", "booked", "", "ATTENDED"])
def test_attendance_of_anything_but_attended_or_missed_is_refused(signed_in, advisor, status):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))
    response = attendance(signed_in, appointment, status)
    assert response.status_code == 400
    assert "Select whether the resident attended or missed the appointment" in text(response)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_another_advisors_appointment_is_not_found(signed_in):
    theirs = AppointmentFactory(starts_at=at(TUESDAY, "09:30"))
    assert attendance(signed_in, theirs, "missed").status_code == 404
    assert signed_in.get(f"/advisors/appointments/{theirs.pk}/cancel/").status_code == 404
    assert signed_in.post(f"/advisors/appointments/{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == AppointmentStatus.BOOKED and not Notification.objects.exists()


def test_attendance_is_a_post(signed_in, advisor):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))
    assert signed_in.get(f"/advisors/appointments/{appointment.pk}/attendance/").status_code == 405


# Cancelling from the diary -------------------------------------------------------------------------------------


def test_the_advisor_cancels_from_the_diary_and_the_resident_is_told(signed_in, advisor):
    appointment = AppointmentFactory(
        advisor=advisor, starts_at=at(date(2027, 3, 30), "10:30"), resident__full_name="Amara Okafor"
    )
    diary = page(signed_in.get("/advisors/diary/?day=2027-03-30"))
    assert f'href="/advisors/appointments/{appointment.pk}/cancel/"' in diary
    confirm = signed_in.get(f"/advisors/appointments/{appointment.pk}/cancel/")
    assert confirm.status_code == 200
    assert "Are you sure you want to cancel this appointment?" in text(confirm)
    assert "Tuesday 30 March 2027 at 10:30am" in text(confirm)

    response = signed_in.post(f"/advisors/appointments/{appointment.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == "/advisors/diary/?day=2027-03-30"
    appointment.refresh_from_db()
    assert (appointment.status, appointment.sequence) == (AppointmentStatus.CANCELLED, 1)
    told = Notification.objects.get(recipient=appointment.resident, kind="appointment_cancelled")
    assert "your advisor" in told.body
    words = text(signed_in.get("/advisors/diary/?day=2027-03-30"))
    assert "Amara Okafor's appointment on Tuesday 30 March 2027 at 10:30am is cancelled" in words
    assert "Cancelled 10:30am to 11:30am: Amara Okafor" in words


def test_an_appointment_that_has_started_cannot_be_cancelled(signed_in, advisor):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))
    assert f"/advisors/appointments/{appointment.pk}/cancel/" not in page(signed_in.get("/advisors/"))
    response = signed_in.post(f"/advisors/appointments/{appointment.pk}/cancel/")
    assert response.status_code == 400
    assert "This appointment has already started." in text(response)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_a_cancelled_appointment_cannot_be_cancelled_again(signed_in, advisor):
    appointment = AppointmentFactory(
        advisor=advisor, starts_at=at(date(2027, 3, 30), "10:30"), status=AppointmentStatus.CANCELLED
    )
    assert "so it cannot be cancelled" in text(signed_in.get(f"/advisors/appointments/{appointment.pk}/cancel/"))
    response = signed_in.post(f"/advisors/appointments/{appointment.pk}/cancel/")
    assert response.status_code == 400
    assert "You cannot cancel this appointment because it is cancelled" in text(response)


# Who gets in ---------------------------------------------------------------------------------------------------

PAGES = ["/advisors/", "/advisors/diary/", "/advisors/availability/", "/advisors/availability/hours/add/"]
PAGES += ["/advisors/availability/exceptions/add/"]


def _advisor_rows(advisor):
    appointment = AppointmentFactory(advisor=advisor, starts_at=at(TUESDAY, "09:30"))
    hours = advisor.weekly_hours.get()
    exception = AvailabilityException.objects.create(advisor=advisor, date=date(2027, 4, 6), kind="unavailable")
    return [
        f"/advisors/appointments/{appointment.pk}/attendance/",
        f"/advisors/appointments/{appointment.pk}/cancel/",
        f"/advisors/availability/hours/{hours.pk}/remove/",
        f"/advisors/availability/exceptions/{exception.pk}/remove/",
    ]


@pytest.fixture(params=["resident", "partner", "staff", "advisor_without_profile", "profile_without_advisor_role"])
def someone_else(request, db):
    if request.param == "resident":
        return UserFactory(role=Role.RESIDENT)
    if request.param == "partner":
        return MembershipFactory().user
    if request.param == "staff":
        return UserFactory(role=Role.STAFF, is_staff=True)
    if request.param == "advisor_without_profile":
        return UserFactory(role=Role.ADVISOR)
    return AdvisorFactory(user__role=None).user


def test_nobody_but_an_advisor_with_a_profile_gets_in(client, advisor, someone_else):
    actions = _advisor_rows(advisor)
    client.force_login(someone_else)
    for url in PAGES + actions:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"status": "missed"}).status_code == 404, url
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED
    assert advisor.weekly_hours.exists() and advisor.exceptions.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, advisor):
    for url in PAGES + _advisor_rows(advisor):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}", url
        assert client.post(url, {"status": "missed"}).status_code == 302, url
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


# Queries -------------------------------------------------------------------------------------------------------


def _grow_on(advisor, days: list[date]):
    made = {"count": 0}

    def grow(size):
        for number in range(made["count"], size):
            day = days[number % len(days)]
            starts = at(day, "00:00") + timedelta(minutes=40 * (number // len(days)))
            status = [AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED, AppointmentStatus.ATTENDED][number % 3]
            AppointmentFactory(advisor=advisor, starts_at=starts, ends_at=starts + timedelta(minutes=30), status=status)
        made["count"] = size

    return grow


def test_today_costs_the_same_queries_however_many_appointments(signed_in, advisor):
    counts = queries_for(signed_in, "/advisors/", _grow_on(advisor, [TUESDAY]))
    assert counts[0] == counts[1], counts


def test_a_diary_day_costs_the_same_queries_however_many_appointments(signed_in, advisor):
    day = date(2027, 3, 30)
    counts = queries_for(signed_in, "/advisors/diary/?day=2027-03-30", _grow_on(advisor, [day]))
    assert counts[0] == counts[1], counts


def test_a_diary_week_costs_the_same_queries_however_many_appointments(signed_in, advisor):
    week = [date(2027, 3, 29) + timedelta(days=n) for n in range(7)]
    counts = queries_for(signed_in, "/advisors/diary/?week=2027-03-29", _grow_on(advisor, week), sizes=(3, 21))
    assert counts[0] == counts[1], counts
