"""Fifty residents press "Book appointment" for the same time at once, through the booking pages, on real
PostgreSQL: one gets it; the other 49 are told it has just been taken and shown the times still free; nothing
of theirs is written. Moving into a time someone takes at the same moment is refused the same way."""

import re
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from advisors.models import Appointment, WeeklyHours
from notifications.models import Notification
from tests.concurrency import at_once
from tests.factories import AdvisorFactory, UserFactory, WeeklyHoursFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)  # a Monday
TUESDAY = date(2027, 3, 16)
TAKEN = "That time has just been taken. Choose another time."


def at(clock: str) -> datetime:
    return datetime.combine(TUESDAY, time.fromisoformat(clock), tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_clock():
    with mock.patch("django.utils.timezone.now", lambda: NOW):
        yield


@pytest.fixture
def sam():
    sam = AdvisorFactory(user__full_name="Sam Okafor", appointment_types=["careers_guidance"])
    WeeklyHoursFactory(advisor=sam, weekday=WeeklyHours.Weekday.TUESDAY)  # 9:30am to 12:30pm, hour-long
    return sam


def ready_to_book(advisor, starts_at) -> Client:
    """A resident of their own, signed in, at "Check your answers" with this time chosen."""
    client = Client()
    client.force_login(UserFactory())
    client.post("/appointments/book/", {"appointment_type": "careers_guidance"})
    client.post("/appointments/book/how/", {"mode": "in_person"})
    client.post("/appointments/book/when/", {"slot": f"{advisor.pk}|{starts_at.isoformat()}"})
    assert client.post("/appointments/book/anything-else/", {"help_wanted": "", "adjustments": ""}).status_code == 302
    return client


def test_fifty_residents_booking_one_time_at_once_through_the_pages(sam):
    clients = [ready_to_book(sam, at("09:30")) for _ in range(50)]
    waiting = iter(clients)
    answers = []

    def press_book():
        answers.append(next(waiting).post("/appointments/book/check/"))

    assert at_once(50, press_book) == []
    statuses = sorted(response.status_code for response in answers)
    assert statuses == [302] + [409] * 49
    for response in answers:
        if response.status_code == 409:
            html = response.content.decode()
            assert TAKEN in html
            free = re.findall(r'name="slot" value="\d+\|([^"]+)"', html)
            assert free == [at("10:30").isoformat(), at("11:30").isoformat()]
    (appointment,) = Appointment.objects.all()
    assert appointment.starts_at == at("09:30")
    # Only the one booking told anyone: the resident and the advisor, once each.
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["advisor_diary_changed", "appointment_booked"]


def test_moving_into_a_time_someone_books_at_the_same_moment(sam):
    mover = ready_to_book(sam, at("09:30"))
    assert mover.post("/appointments/book/check/").status_code == 302
    mine = Appointment.objects.get()
    mover.post(f"/appointments/{mine.pk}/change/", {"slot": f"{sam.pk}|{at('11:30').isoformat()}"})
    booker = ready_to_book(sam, at("11:30"))
    requests = iter(
        [
            ("booker", lambda: booker.post("/appointments/book/check/")),
            ("mover", lambda: mover.post(f"/appointments/{mine.pk}/change/check/")),
        ]
    )
    answers = {}

    def press():
        who, send = next(requests)
        answers[who] = send()

    assert at_once(2, press) == []
    assert sorted(response.status_code for response in answers.values()) == [302, 409]
    loser = next(who for who, response in answers.items() if response.status_code == 409)
    assert TAKEN in answers[loser].content.decode()
    mine.refresh_from_db()
    if loser == "mover":  # kept their time, unchanged
        assert (mine.starts_at, mine.sequence) == (at("09:30"), 0) and Appointment.objects.count() == 2
    else:  # moved; the booker has nothing
        assert (mine.starts_at, mine.sequence) == (at("11:30"), 1) and Appointment.objects.count() == 1
