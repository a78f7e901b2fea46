"""When an advisor can be booked: weekly hours in London time, less bank holidays, time off and appointments
held, plus extra sessions, within the booking notice and horizon."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisors.availability import free_slots
from advisors.models import Appointment, AppointmentStatus, AvailabilityException, Mode, WeeklyHours
from tests.factories import AdvisorFactory, UserFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
# Monday 15 March 2027, 9am in London: clocks go forward on Sunday 28 March; Easter Monday is 29 March.
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)


def london(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


def starts(slots) -> list[str]:
    return [f"{s.starts_at.astimezone(LONDON):%a %d %H:%M}" for s in slots]


@pytest.fixture
def advisor():
    advisor = AdvisorFactory()
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY, starts="09:30", ends="12:30")
    WeeklyHoursFactory(
        advisor=advisor, weekday=WeeklyHours.Weekday.MONDAY, starts="14:00", ends="16:00", mode=Mode.PHONE, venue=""
    )
    return advisor


def week(advisor, first: date, days: int = 7, **kwargs):
    return free_slots(
        advisors=[advisor], first_day=first, last_day=first + timedelta(days=days - 1), now=NOW, **kwargs
    )[advisor.pk]


def test_weekly_hours_become_slots_of_the_advisors_length(advisor):
    slots = week(advisor, date(2027, 3, 22))
    assert starts(slots) == ["Mon 22 14:00", "Mon 22 15:00", "Tue 23 09:30", "Tue 23 10:30", "Tue 23 11:30"]
    assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in slots)
    assert slots[2].venue.startswith("Hackney Works") and slots[0].mode == Mode.PHONE


def test_nine_thirty_stays_nine_thirty_across_the_clock_change(advisor):
    before, after = week(advisor, date(2027, 3, 23), days=1), week(advisor, date(2027, 3, 30), days=1)
    assert before[0].starts_at.astimezone(UTC).time() == time(9, 30)  # GMT
    assert after[0].starts_at.astimezone(UTC).time() == time(8, 30)  # BST: still 9:30am in London
    assert starts(before)[0].endswith("09:30") and starts(after)[0].endswith("09:30")


def test_bank_holidays_are_closed(advisor):
    easter_monday = date(2027, 3, 29)
    assert week(advisor, easter_monday, days=1) == []
    assert week(advisor, easter_monday - timedelta(days=7), days=1) != []  # an ordinary Monday


def test_a_day_off_a_morning_off_and_an_extra_session(advisor):
    AvailabilityException.objects.create(advisor=advisor, date=date(2027, 3, 22), kind="unavailable", reason="Leave")
    AvailabilityException.objects.create(
        advisor=advisor, date=date(2027, 3, 23), kind="unavailable", starts=time(9, 0), ends=time(10, 45)
    )
    AvailabilityException.objects.create(
        advisor=advisor, date=date(2027, 3, 25), kind="extra", starts=time(17, 0), ends=time(19, 0), mode=Mode.VIDEO
    )
    assert starts(week(advisor, date(2027, 3, 22))) == ["Tue 23 11:30", "Thu 25 17:00", "Thu 25 18:00"]


def test_times_already_held_are_not_free_and_cancelled_ones_are(advisor):
    held = Appointment.objects.create(
        advisor=advisor,
        resident=UserFactory(),
        type="careers_guidance",
        mode=Mode.IN_PERSON,
        starts_at=london(date(2027, 3, 23), "10:30"),
        ends_at=london(date(2027, 3, 23), "11:30"),
    )
    assert starts(week(advisor, date(2027, 3, 23), days=1)) == ["Tue 23 09:30", "Tue 23 11:30"]
    held.status = AppointmentStatus.CANCELLED
    held.save()
    assert starts(week(advisor, date(2027, 3, 23), days=1)) == ["Tue 23 09:30", "Tue 23 10:30", "Tue 23 11:30"]


def test_one_mode_at_a_time(advisor):
    assert starts(week(advisor, date(2027, 3, 22), mode=Mode.PHONE)) == ["Mon 22 14:00", "Mon 22 15:00"]


def test_nothing_sooner_than_the_notice_or_beyond_the_horizon(advisor, settings):
    settings.ADVISORS_MIN_NOTICE_HOURS = 24
    settings.ADVISORS_BOOKING_HORIZON_DAYS = 14
    # NOW is Monday 15 March at 9am: that afternoon is too soon, Tuesday 16 March at 9:30 is a day away; the
    # horizon ends on Monday 29 March (Easter Monday, closed), so Tuesday 30 March is beyond it.
    slots = week(advisor, date(2027, 3, 15), days=21)
    assert starts(slots)[0] == "Tue 16 09:30"
    assert starts(slots)[-1] == "Tue 23 11:30"


def test_a_month_for_many_advisors_costs_three_queries():
    advisors = [AdvisorFactory() for _ in range(5)]
    for advisor in advisors:
        WeeklyHoursFactory(advisor=advisor)
    with CaptureQueriesContext(connection) as queries:
        slots = free_slots(advisors=advisors, first_day=date(2027, 3, 16), last_day=date(2027, 4, 15), now=NOW)
    assert len(queries) == 3
    assert all(len(found) == 5 * 3 for found in slots.values())  # five Tuesdays of three slots each
