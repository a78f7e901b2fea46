"""Residents racing for places on real PostgreSQL, each on a connection of their own: 50 enrolling at once on a run
with 10 places, then 10 of those enrolled giving their places up at once. The run's row lock decides the order;
places are never exceeded and the waiting list is served in the order people joined it."""

import itertools
import threading

import pytest

from courses.models import Enrolment, EnrolmentStatus
from courses.selectors import waiting_position
from courses.services import enrolment_cancel, enrolment_create
from notifications.models import Notification
from tests.concurrency import at_once
from tests.factories import CourseRunFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

E = EnrolmentStatus


def test_fifty_enrol_at_once_on_ten_places_then_ten_give_theirs_up_at_once():
    run = CourseRunFactory(places=10)
    residents = UserFactory.create_batch(50)
    queue = iter(residents)
    take = threading.Lock()
    answers = {}

    def enrol():
        with take:
            resident = next(queue)
        enrolment = enrolment_create(run=run, resident=resident)
        answers[resident.pk] = (enrolment.status, waiting_position(enrolment) if enrolment.status == E.WAITING else 0)

    assert at_once(50, enrol) == []
    entries = list(Enrolment.objects.filter(run=run).order_by("pk"))
    assert [e.status for e in entries] == [E.ENROLLED] * 10 + [E.WAITING] * 40  # in the order they were let in
    joined = [e.joined_at for e in entries]
    assert joined == sorted(joined)  # ids follow arrival, as the lock let each in
    waiting = entries[10:]
    assert [waiting_position(e) for e in waiting] == list(range(1, 41))
    # What each resident was told at the time matches where they ended up.
    assert {answers[e.resident_id] for e in entries[:10]} == {(E.ENROLLED, 0)}
    assert sorted(answers[e.resident_id][1] for e in waiting) == list(range(1, 41))
    assert Notification.objects.filter(kind="course_enrolled").count() == 10
    assert Notification.objects.filter(kind="course_waiting").count() == 40

    leaving = iter(entries[:10])

    def give_up():
        with take:
            enrolment = next(leaving)
        enrolment_cancel(enrolment=enrolment, by=enrolment.resident)

    assert at_once(10, give_up) == []
    after = {e.pk: e.status for e in Enrolment.objects.filter(run=run)}
    assert [after[e.pk] for e in entries[:10]] == [E.CANCELLED] * 10
    assert [after[e.pk] for e in waiting] == [E.OFFERED] * 10 + [E.WAITING] * 30  # the next 10, in order
    offers = Notification.objects.filter(kind="course_place_offered")
    assert sorted(offers.values_list("recipient_id", flat=True)) == sorted(e.resident_id for e in waiting[:10])
    offered_at = [e.offered_at for e in Enrolment.objects.filter(run=run, status=E.OFFERED).order_by("pk")]
    assert all(a <= b for a, b in itertools.pairwise(offered_at))  # each offer made in turn, first in line first
    held = Enrolment.objects.filter(run=run, status__in=[E.ENROLLED, E.OFFERED]).count()
    assert held == 10  # never more than the places
