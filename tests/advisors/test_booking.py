"""Booking, moving and cancelling an appointment: only a free time, one person per time whatever the timing,
and bad input refused with a clear message and nothing written."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from advisors.availability import free_slots
from advisors.models import Appointment, AppointmentStatus, AvailabilityException, Mode, WeeklyHours
from advisors.services.booking import SlotTaken, appointment_book, appointment_cancel, appointment_reschedule
from tests.concurrency import at_once
from tests.factories import AdvisorFactory, UserFactory, WeeklyHoursFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)  # a Monday
TUESDAY = date(2027, 3, 23)


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=LONDON)


@pytest.fixture
def advisor(db):
    advisor = AdvisorFactory(appointment_types=["initial_assessment", "careers_guidance"])
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY)
    return advisor


@pytest.fixture
def resident(db):
    return UserFactory(email="amara@example.test")


def book(advisor, resident, starts_at, **kwargs):
    options = {"appointment_type": "initial_assessment", "mode": Mode.IN_PERSON, "now": NOW} | kwargs
    return appointment_book(resident=resident, advisor=advisor, starts_at=starts_at, **options)


def test_booking_a_free_time(advisor, resident):
    appointment = book(advisor, resident, at(TUESDAY, "10:30"), help_wanted=" Getting back into work ")
    assert (appointment.starts_at, appointment.ends_at) == (at(TUESDAY, "10:30"), at(TUESDAY, "11:30"))
    assert appointment.venue.startswith("Hackney Works") and appointment.help_wanted == "Getting back into work"
    assert (appointment.status, appointment.sequence) == (AppointmentStatus.BOOKED, 0)


@pytest.mark.parametrize(
    ("starts_at", "options", "message"),
    [
        (at(date(2027, 3, 9), "09:30"), {}, "That time has passed"),
        (at(date(2027, 3, 15), "14:00"), {}, "at least 24 hours from now"),
        (at(date(2027, 6, 1), "09:30"), {}, "in the next 42 days"),
        (at(date(2027, 3, 29), "09:30"), {}, "is a bank holiday (Easter Monday)"),
        (at(TUESDAY, "13:30"), {}, "not one of the advisor's free times"),
        (at(TUESDAY, "10:00"), {}, "not one of the advisor's free times"),  # between two slots
        (at(TUESDAY, "09:30"), {"appointment_type": "mock_interview"}, "a type of appointment this advisor offers"),
        (at(TUESDAY, "09:30"), {"appointment_type": "'; drop table"}, "a type of appointment this advisor offers"),
        (at(TUESDAY, "09:30"), {"mode": "carrier pigeon"}, "Choose how you would like to meet"),
        (at(TUESDAY, "09:30"), {"mode": Mode.PHONE}, "not one of the advisor's free times"),
    ],
)
def test_bad_bookings_are_refused_with_a_message_and_write_nothing(advisor, resident, starts_at, options, message):
    with pytest.raises(ValidationError) as refused:
        book(advisor, resident, starts_at, **options)
    assert message in " ".join(refused.value.messages)
    assert not Appointment.objects.exists()


def test_an_advisor_not_taking_bookings(advisor, resident):
    advisor.is_bookable = False
    advisor.save()
    with pytest.raises(ValidationError, match="not taking bookings"):
        book(advisor, resident, at(TUESDAY, "09:30"))


def test_a_time_taken_is_refused_as_taken(advisor, resident):
    book(advisor, resident, at(TUESDAY, "09:30"))
    with pytest.raises(SlotTaken, match="That time has just been taken"):
        book(advisor, UserFactory(), at(TUESDAY, "09:30"))
    assert Appointment.objects.count() == 1


def test_time_off_added_after_the_hours_closes_them(advisor, resident):
    AvailabilityException.objects.create(advisor=advisor, date=TUESDAY, kind="unavailable", reason="Training")
    with pytest.raises(ValidationError, match="not one of the advisor's free times"):
        book(advisor, resident, at(TUESDAY, "09:30"))


def test_rescheduling_keeps_the_calendar_identity_and_raises_its_sequence(advisor, resident):
    appointment = book(advisor, resident, at(TUESDAY, "09:30"))
    moved = appointment_reschedule(appointment=appointment, starts_at=at(TUESDAY, "11:30"), by=resident, now=NOW)
    assert (moved.uid, moved.sequence) == (appointment.uid, 1)
    assert moved.starts_at == at(TUESDAY, "11:30")
    # The time it left is free again; the one it took is not.
    free = free_slots(advisors=[advisor], first_day=TUESDAY, last_day=TUESDAY, now=NOW)[advisor.pk]
    assert [s.starts_at for s in free] == [at(TUESDAY, "09:30"), at(TUESDAY, "10:30")]


def test_rescheduling_into_a_taken_time_is_refused_the_same_way(advisor, resident):
    mine = book(advisor, resident, at(TUESDAY, "09:30"))
    book(advisor, UserFactory(), at(TUESDAY, "10:30"))
    with pytest.raises(SlotTaken):
        appointment_reschedule(appointment=mine, starts_at=at(TUESDAY, "10:30"), by=resident, now=NOW)
    mine.refresh_from_db()
    assert (mine.starts_at, mine.sequence) == (at(TUESDAY, "09:30"), 0)


def test_an_appointment_that_has_started_cannot_be_moved_even_by_its_advisor(advisor, resident):
    appointment = book(advisor, resident, at(TUESDAY, "09:30"))
    later = at(TUESDAY, "09:45")
    with pytest.raises(ValidationError, match="already started"):
        appointment_reschedule(
            appointment=appointment, starts_at=at(TUESDAY + timedelta(days=7), "09:30"), by=advisor.user, now=later
        )
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.sequence) == (at(TUESDAY, "09:30"), 0)


def test_a_cancelled_appointment_cannot_be_moved_and_only_its_people_change_it(advisor, resident):
    appointment = book(advisor, resident, at(TUESDAY, "09:30"))
    with pytest.raises(PermissionDenied):
        appointment_cancel(appointment=appointment, by=UserFactory(), now=NOW)
    cancelled = appointment_cancel(appointment=appointment, by=advisor.user, now=NOW)
    assert (cancelled.status, cancelled.sequence) == (AppointmentStatus.CANCELLED, 1)
    with pytest.raises(ValidationError, match="because it is cancelled"):
        appointment_reschedule(appointment=appointment, starts_at=at(TUESDAY, "11:30"), by=resident, now=NOW)
    with pytest.raises(ValidationError, match="because it is cancelled"):
        appointment_cancel(appointment=appointment, by=resident, now=NOW)
    # Its time is free for someone else.
    assert book(advisor, UserFactory(), at(TUESDAY, "09:30")).status == AppointmentStatus.BOOKED


@pytest.mark.postgres
def test_the_database_itself_refuses_two_appointments_holding_one_advisors_time(advisor, resident):
    Appointment.objects.create(
        advisor=advisor, resident=resident, type="careers_guidance", mode=Mode.PHONE,
        starts_at=at(TUESDAY, "09:30"), ends_at=at(TUESDAY, "10:30"),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            advisor=advisor, resident=UserFactory(), type="careers_guidance", mode=Mode.PHONE,
            starts_at=at(TUESDAY, "10:00"), ends_at=at(TUESDAY, "11:00"),
        )  # fmt: skip
    # Back to back is fine, and so is a cancelled appointment at the same time.
    Appointment.objects.create(
        advisor=advisor, resident=UserFactory(), type="careers_guidance", mode=Mode.PHONE,
        starts_at=at(TUESDAY, "10:30"), ends_at=at(TUESDAY, "11:30"),
    )  # fmt: skip
    Appointment.objects.create(
        advisor=advisor, resident=UserFactory(), type="careers_guidance", mode=Mode.PHONE,
        starts_at=at(TUESDAY, "09:30"), ends_at=at(TUESDAY, "10:30"), status=AppointmentStatus.CANCELLED,
    )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_people_booking_one_time_at_once_give_one_appointment():
    advisor = AdvisorFactory()
    WeeklyHoursFactory(advisor=advisor, weekday=WeeklyHours.Weekday.TUESDAY)
    residents = [UserFactory() for _ in range(50)]
    today = datetime.now(LONDON).date()
    slot = free_slots(advisors=[advisor], first_day=today, last_day=today + timedelta(days=14))[advisor.pk][0]
    queue = iter(residents)

    def attempt():
        appointment_book(
            resident=next(queue),
            advisor=advisor,
            appointment_type="careers_guidance",
            mode=slot.mode,
            starts_at=slot.starts_at,
        )

    errors = at_once(50, attempt)
    assert len(errors) == 49
    assert all(isinstance(error, SlotTaken) for error in errors), {type(error) for error in errors}
    assert Appointment.objects.count() == 1
