"""Booking, moving and cancelling tell the resident and the advisor in plain English, each with a calendar file
that calendar apps update rather than duplicate: one UID, a SEQUENCE that rises, METHOD:CANCEL at the end."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from advisors.calendar import event_uid
from advisors.models import WeeklyHours
from advisors.services.booking import appointment_book, appointment_cancel, appointment_reschedule
from notifications.models import Notification
from notifications.rendering import email_message
from tests.factories import AdvisorFactory, UserFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)
TUESDAY = date(2027, 3, 23)


def at(clock: str) -> datetime:
    return datetime.combine(TUESDAY, time.fromisoformat(clock), tzinfo=LONDON)


@pytest.fixture
def booked():
    advisor = AdvisorFactory(user__full_name="Grace Mensah")
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY)
    resident = UserFactory(full_name="Amara Okafor")
    appointment = appointment_book(
        resident=resident,
        advisor=advisor,
        appointment_type="initial_assessment",
        mode="in_person",
        starts_at=at("09:30"),
        now=NOW,
    )
    return appointment


def event(notification: Notification):
    calendar = Calendar.from_ical(notification.context["calendar"])
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


def test_booking_tells_both_sides_in_plain_english_with_an_invitation(booked):
    mine = Notification.objects.get(recipient=booked.resident, kind="appointment_booked")
    assert mine.subject == "Your appointment with Grace Mensah: Tuesday 23 March 2027 at 9:30am"
    assert "Initial assessment" in mine.body and "Hackney Works, 1 Hillman Street" in mine.body
    theirs = Notification.objects.get(recipient=booked.advisor.user, kind="advisor_diary_changed")
    assert theirs.subject == "New booking: Amara Okafor, Tuesday 23 March 2027 at 9:30am"
    calendar, vevent = event(mine)
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == event_uid(booked) and vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == at("09:30") and vevent.decoded("DTEND") == at("10:30")
    assert "Hackney Works" in str(vevent["LOCATION"])


def test_the_email_carries_the_calendar_file(booked):
    message = email_message(Notification.objects.get(recipient=booked.resident, kind="appointment_booked"))
    ((name, content, content_type),) = message.attachments
    assert (name, content_type) == ("appointment.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content


def test_moving_then_cancelling_updates_the_same_event(booked):
    appointment_reschedule(appointment=booked, starts_at=at("11:30"), by=booked.resident, now=NOW)
    moved = Notification.objects.get(recipient=booked.resident, kind="appointment_changed")
    assert (
        "Was: Tuesday 23 March 2027 at 9:30am" in moved.body and "Now: Tuesday 23 March 2027 at 11:30am" in moved.body
    )
    _, vevent = event(moved)
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (event_uid(booked), 1)
    assert vevent.decoded("DTSTART") == at("11:30")

    appointment_cancel(appointment=booked, by=booked.advisor.user, now=NOW)
    cancelled = Notification.objects.get(recipient=booked.resident, kind="appointment_cancelled")
    assert "cancelled by your advisor" in cancelled.body
    calendar, vevent = event(cancelled)
    assert calendar["METHOD"] == "CANCEL" and vevent["STATUS"] == "CANCELLED"
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (event_uid(booked), 2)
    assert Notification.objects.filter(recipient=booked.advisor.user, kind="advisor_diary_changed").count() == 3


def test_each_message_leads_to_where_its_reader_acts(booked):
    resident = Notification.objects.get(recipient=booked.resident, kind="appointment_booked")
    advisor = Notification.objects.get(recipient=booked.advisor.user, kind="advisor_diary_changed")
    assert resident.link == f"/appointments/{booked.pk}/"  # where they change or cancel it
    assert advisor.link == "/advisors/diary/?day=2027-03-23"
    assert f"/appointments/{booked.pk}/" in resident.body and "/advisors/diary/?day=2027-03-23" in advisor.body
