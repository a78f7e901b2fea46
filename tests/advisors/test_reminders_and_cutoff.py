"""The day-before reminder (once, however often the job runs) and the cut-off after which a resident changes an
appointment by calling rather than online."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from advisors.models import AppointmentStatus, WeeklyHours
from advisors.services.booking import appointment_book, appointment_cancel, appointment_reschedule, appointments_remind
from config.celery import app
from notifications.models import Notification
from tests.factories import AdvisorFactory, UserFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
BOOKED_ON = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)  # a Monday
TUESDAY = date(2027, 3, 23)


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


@pytest.fixture
def appointment():
    advisor = AdvisorFactory(user__full_name="Grace Mensah")
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY)
    return appointment_book(
        resident=UserFactory(),
        advisor=advisor,
        appointment_type="careers_guidance",
        mode="in_person",
        starts_at=at(TUESDAY, "10:30"),
        now=BOOKED_ON,
    )


def reminders():
    return Notification.objects.filter(kind="appointment_reminder")


def test_the_day_before_the_resident_is_reminded_once(appointment):
    assert appointments_remind(now=at(TUESDAY - timedelta(days=2), "10:00")) == 0  # two days before: not yet
    assert appointments_remind(now=at(TUESDAY - timedelta(days=1), "10:00")) == 1
    appointments_remind(now=at(TUESDAY - timedelta(days=1), "16:00"))  # the job run again the same day
    (reminder,) = reminders()
    assert reminder.recipient == appointment.resident
    assert reminder.subject == "Tomorrow: your appointment with Grace Mensah, Tuesday 23 March 2027 at 10:30am"
    assert "BEGIN:VEVENT" in reminder.context["calendar"]


def test_cancelled_appointments_are_not_reminded(appointment):
    appointment_cancel(appointment=appointment, by=appointment.resident, now=BOOKED_ON)
    assert appointments_remind(now=at(TUESDAY - timedelta(days=1), "10:00")) == 0
    assert not reminders().exists()


def test_the_reminder_runs_every_day_from_beat():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "advisors.tasks.remind_appointments" in schedule


def test_residents_change_online_only_until_the_cut_off(appointment, settings):
    settings.ADVISORS_CHANGE_CUTOFF_HOURS = 24
    late = at(TUESDAY - timedelta(days=1), "11:00")  # 23 and a half hours before
    with pytest.raises(ValidationError, match="too late to change this appointment online"):
        appointment_cancel(appointment=appointment, by=appointment.resident, now=late)
    with pytest.raises(ValidationError, match="Call your advisor instead"):
        appointment_reschedule(
            appointment=appointment, starts_at=at(TUESDAY, "11:30"), by=appointment.resident, now=late
        )
    appointment.refresh_from_db()
    assert (appointment.status, appointment.sequence) == (AppointmentStatus.BOOKED, 0)
    # The advisor still can: they know their diary.
    assert appointment_cancel(appointment=appointment, by=appointment.advisor.user, now=late).status == "cancelled"


def test_before_the_cut_off_the_resident_cancels_online(appointment, settings):
    settings.ADVISORS_CHANGE_CUTOFF_HOURS = 24
    early = at(TUESDAY - timedelta(days=1), "10:00")  # 24 and a half hours before
    assert appointment_cancel(appointment=appointment, by=appointment.resident, now=early).status == "cancelled"
