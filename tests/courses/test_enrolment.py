"""Enrolling, the waiting list, offers of a freed place and their expiry, giving a place up, and a partner
cancelling a run or changing its places: what each changes, who is told, and bad input that changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from courses.models import CourseRun, Enrolment, EnrolmentStatus, RunStatus
from courses.selectors import waiting_position
from courses.services import (
    enrolment_cancel,
    enrolment_create,
    offer_accept,
    offers_expire,
    run_cancel,
    run_save,
)
from notifications.models import Notification
from tests.factories import CourseRunFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

E = EnrolmentStatus


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).order_by("pk").values_list("kind", flat=True))


def statuses(run) -> list[str]:
    return list(run.enrolments.order_by("pk").values_list("status", flat=True))


@pytest.fixture
def run():
    return CourseRunFactory(places=2)


def full(run) -> list:
    """Fill the run's places with residents of their own; the residents."""
    residents = UserFactory.create_batch(run.places)
    for resident in residents:
        enrolment_create(run=run, resident=resident)
    return residents


def test_enrolled_while_places_remain_then_waiting_with_a_position(run):
    first, _ = full(run)
    assert statuses(run) == [E.ENROLLED, E.ENROLLED]
    assert told(first) == ["course_enrolled"]
    third, fourth = UserFactory(), UserFactory()
    waiting = [enrolment_create(run=run, resident=person) for person in (third, fourth)]
    assert [w.status for w in waiting] == [E.WAITING, E.WAITING]
    assert [waiting_position(w) for w in waiting] == [1, 2]
    message = Notification.objects.get(recipient=fourth)
    assert message.kind == "course_waiting" and "You are number 2" in message.body


def test_a_place_given_up_is_offered_to_the_first_waiting_and_held(run):
    first, _ = full(run)
    waiting_first, waiting_second = UserFactory(), UserFactory()
    offered = enrolment_create(run=run, resident=waiting_first)
    enrolment_create(run=run, resident=waiting_second)
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    offered.refresh_from_db()
    assert offered.status == E.OFFERED
    assert offered.offer_expires_at == offered.offered_at + timedelta(hours=48)
    assert told(waiting_first) == ["course_waiting", "course_place_offered"]
    assert told(waiting_second) == ["course_waiting"]
    accepted = offer_accept(enrolment=offered, by=waiting_first)
    assert accepted.status == E.ENROLLED
    assert told(waiting_first)[-1] == "course_enrolled"
    assert statuses(run) == [E.CANCELLED, E.ENROLLED, E.ENROLLED, E.WAITING]


def test_an_offer_not_taken_up_in_time_passes_to_the_next(run, settings):
    settings.COURSE_OFFER_HOURS = 1
    first, _ = full(run)
    late, next_one = UserFactory(), UserFactory()
    late_enrolment = enrolment_create(run=run, resident=late)
    next_enrolment = enrolment_create(run=run, resident=next_one)
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    assert offers_expire() == 0  # still held
    assert offers_expire(now=timezone.now() + timedelta(hours=1, seconds=1)) == 1
    late_enrolment.refresh_from_db()
    next_enrolment.refresh_from_db()
    assert late_enrolment.status == E.EXPIRED and next_enrolment.status == E.OFFERED
    assert told(late)[-1] == "course_offer_expired" and told(next_one)[-1] == "course_place_offered"
    with pytest.raises(ValidationError, match="This offer has run out"):
        offer_accept(enrolment=late_enrolment, by=late)
    late_enrolment.refresh_from_db()
    assert late_enrolment.status == E.EXPIRED


def test_an_offer_past_its_time_cannot_be_taken_up_before_the_sweep(run, settings):
    first, _ = full(run)
    waiting = enrolment_create(run=run, resident=UserFactory())
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    waiting.refresh_from_db()
    Enrolment.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="This offer has run out"):
        offer_accept(enrolment=waiting, by=waiting.resident)
    assert Enrolment.objects.get(pk=waiting.pk).status == E.OFFERED  # the sweep passes it on


def test_someone_elses_offer_or_place_is_refused(run):
    first, _ = full(run)
    waiting = enrolment_create(run=run, resident=UserFactory())
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        offer_accept(enrolment=waiting, by=stranger)
    with pytest.raises(PermissionDenied):
        enrolment_cancel(enrolment=waiting, by=stranger)
    assert Enrolment.objects.get(pk=waiting.pk).status == E.OFFERED


def test_enrolling_twice_after_the_deadline_once_started_or_on_a_cancelled_run_is_refused(run):
    resident = UserFactory()
    enrolment_create(run=run, resident=resident)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrolment_create(run=run, resident=resident)
    late = CourseRunFactory(enrolment_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="Enrolment for this date closed on"):
        enrolment_create(run=late, resident=resident)
    started = CourseRunFactory(starts_on=timezone.localdate())
    with pytest.raises(ValidationError, match="already started"):
        enrolment_create(run=started, resident=resident)
    cancelled = CourseRunFactory(status=RunStatus.CANCELLED)
    with pytest.raises(ValidationError, match="has been cancelled"):
        enrolment_create(run=cancelled, resident=resident)
    assert Enrolment.objects.filter(resident=resident).count() == 1


def test_the_database_refuses_a_second_active_entry_for_one_run(run):
    resident = UserFactory()
    enrolment_create(run=run, resident=resident)
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(run=run, resident=resident, status=E.WAITING)


def test_leaving_and_joining_again_goes_to_the_back_of_the_list(run):
    full(run)
    leaver, stayer = UserFactory(), UserFactory()
    left = enrolment_create(run=run, resident=leaver)
    stays = enrolment_create(run=run, resident=stayer)
    enrolment_cancel(enrolment=left, by=leaver)
    again = enrolment_create(run=run, resident=leaver)
    assert waiting_position(stays) == 1 and waiting_position(again) == 2


def test_fewer_places_than_people_holding_one_is_refused_and_more_go_to_those_waiting(run):
    full(run)
    member = MembershipFactory(organisation=run.opportunity.organisation).user
    waiting = [enrolment_create(run=run, resident=UserFactory()) for _ in range(3)]
    run.places = 1
    with pytest.raises(ValidationError, match="2 people already have a place or an offer of one"):
        run_save(run=run, by=member)
    assert CourseRun.objects.get(pk=run.pk).places == 2
    run.places = 4
    run_save(run=run, by=member)
    assert [Enrolment.objects.get(pk=w.pk).status for w in waiting] == [E.OFFERED, E.OFFERED, E.WAITING]


def test_a_change_to_when_or_how_is_told_to_everyone_on_it_and_a_stranger_cannot_make_one(run):
    first, second = full(run)
    waiting = UserFactory()
    enrolment_create(run=run, resident=waiting)
    with pytest.raises(PermissionDenied):
        run_save(run=run, by=MembershipFactory().user)  # another organisation's member
    run.starts_on += timedelta(days=7)
    run.venue = "CLR James Library, Dalston Square, London E8 3BQ"
    run_save(run=run, by=MembershipFactory(organisation=run.opportunity.organisation).user)
    for person in (first, second, waiting):
        message = Notification.objects.filter(recipient=person).latest("pk")
        assert message.kind == "course_run_changed" and "the start date and venue changed" in message.subject
    run.what_you_will_learn = "More spreadsheets."  # not about when, where or how: nobody is told
    run_save(run=run, by=MembershipFactory(organisation=run.opportunity.organisation).user)
    assert Notification.objects.filter(kind="course_run_changed").count() == 3


def test_a_cancelled_run_tells_everyone_on_it_and_waiting(run):
    first, second = full(run)
    waiting = UserFactory()
    enrolment_create(run=run, resident=waiting)
    member = MembershipFactory(organisation=run.opportunity.organisation).user
    with pytest.raises(PermissionDenied):
        run_cancel(run=run, by=UserFactory(), reason="")
    run_cancel(run=run, by=member, reason="The tutor is unwell; we will run it again in the spring.")
    assert statuses(run) == [E.RUN_CANCELLED] * 3
    for person in (first, second, waiting):
        message = Notification.objects.filter(recipient=person).latest("pk")
        assert message.kind == "course_run_cancelled" and "the spring" in message.body
    with pytest.raises(ValidationError, match="already cancelled"):
        run_cancel(run=run, by=member, reason="")


def test_a_deleted_account_gives_its_place_to_the_next_and_its_enrolments_are_in_the_export(run):
    from privacy.data_rights import account_delete, account_export

    first, _ = full(run)
    waiting = enrolment_create(run=run, resident=UserFactory())
    exported = account_export(user=first)["enrolments"]
    assert [(e["course"], e["status"]) for e in exported] == [(run.opportunity.title, E.ENROLLED)]
    account_delete(user=first)
    assert Enrolment.objects.get(pk=waiting.pk).status == E.OFFERED
    gone = Enrolment.objects.get(run=run, resident__isnull=True)
    assert gone.status == E.CANCELLED  # kept for the run's numbers, without the person


def test_the_beat_schedule_passes_offers_on_every_five_minutes_through_a_worker_task(run, settings):
    from celery.schedules import crontab

    from config.celery import app
    from courses.tasks import expire_course_offers

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["courses.tasks.expire_course_offers"] == crontab(minute="*/5")
    first, _ = full(run)
    waiting = enrolment_create(run=run, resident=UserFactory())
    enrolment_cancel(enrolment=Enrolment.objects.get(resident=first), by=first)
    Enrolment.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_course_offers.apply().get() == 1
    assert Enrolment.objects.get(pk=waiting.pk).status == E.EXPIRED


def test_the_day_before_only_those_enrolled_are_reminded_once_and_only_they_get_the_joining_link():
    from courses.models import Delivery
    from courses.services import course_reminders_send

    tomorrow = timezone.localdate() + timedelta(days=1)
    online = CourseRunFactory(
        places=1, delivery=Delivery.ONLINE, online_tool="Zoom", joining_link="https://meet.example.test/j/9"
    )
    enrolled, waiting = UserFactory(), UserFactory()
    enrolment_create(run=online, resident=enrolled)
    enrolment_create(run=online, resident=waiting)
    CourseRun.objects.filter(pk=online.pk).update(starts_on=tomorrow)
    classroom = CourseRunFactory(starts_on=tomorrow + timedelta(days=1))
    enrolment_create(run=classroom, resident=UserFactory())  # starts the day after: not yet
    assert course_reminders_send() == 1
    assert course_reminders_send() == 1  # the same person covered again, and told once
    (reminder,) = Notification.objects.filter(kind="course_reminder")
    assert reminder.recipient == enrolled and "https://meet.example.test/j/9" in reminder.body
    assert not Notification.objects.filter(body__contains="https://meet.example.test/j/9").exclude(recipient=enrolled)
