"""Alert runs: instant, daily and weekly, with no listing sent twice, a crashed run retried, and two runs at once."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from matching import services
from matching.models import AlertedListing, AlertRun, Frequency, ProfileAlert
from notifications.models import Notification
from opportunities.models import Kind
from tests.factories import OpportunityFactory

from .conftest import make_profile, make_resident, save_search

pytestmark = pytest.mark.django_db


def digests(kind="match_digest"):
    return Notification.objects.filter(kind=kind)


def test_a_daily_digest_sends_new_matches_once(digital):
    amara, sam = make_resident(), make_resident()
    save_search(amara, "kind=apprenticeship")
    save_search(sam, "kind=apprenticeship")  # the same search: run once for both
    save_search(sam, "q=electrician", frequency=Frequency.WEEKLY)
    apprenticeship = OpportunityFactory(kind=Kind.APPRENTICESHIP, title="Digital apprentice", sector=digital)
    OpportunityFactory(kind=Kind.JOB, title="Shop assistant")

    run = services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))

    assert run.finished_at is not None and run.messages == 2
    for resident in (amara, sam):
        (message,) = digests().filter(recipient=resident)
        assert "Digital apprentice" in message.body
        assert "Shop assistant" not in message.body
        assert "matches your saved search “Apprenticeships”" in message.body
    assert AlertedListing.objects.filter(opportunity=apprenticeship).count() == 2
    # Run again the same day: the run is done; tomorrow: nothing new, nothing sent.
    assert services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=6)) == run
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(days=1))
    assert digests().count() == 2


def test_one_listing_reaches_a_resident_once_whichever_alert_matched(digital):
    amara = make_resident()
    save_search(amara, "kind=apprenticeship", frequency=Frequency.INSTANT)
    save_search(amara, f"sector={digital.slug}", frequency=Frequency.DAILY)
    save_search(amara, "q=digital", frequency=Frequency.WEEKLY)
    make_profile(amara, kinds=[Kind.APPRENTICESHIP], sectors=[digital])
    ProfileAlert.objects.create(
        resident=amara, frequency=Frequency.DAILY, created_at=timezone.now() - timedelta(days=3)
    )
    listing = OpportunityFactory(kind=Kind.APPRENTICESHIP, title="Digital apprentice", sector=digital)

    services.alerts_instant_send(opportunity_id=listing.pk)
    later = timezone.now() + timedelta(minutes=5)
    services.alerts_digest_send(frequency=Frequency.DAILY, now=later)
    services.alerts_digest_send(frequency=Frequency.WEEKLY, now=later)

    assert Notification.objects.filter(recipient=amara, kind="match_alert").count() == 1
    assert not digests().filter(recipient=amara).exists()
    assert AlertedListing.objects.filter(resident=amara).count() == 1


def test_instant_alerts_are_sent_when_a_listing_is_approved(eager_tasks, staff_user, digital):
    from opportunities.services import opportunity_approve

    amara = make_resident()
    saved = save_search(amara, "kind=apprenticeship", frequency=Frequency.INSTANT)
    listing = OpportunityFactory(
        kind=Kind.APPRENTICESHIP, status="submitted", published_at=None, title="Roofing apprentice"
    )
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, *a, **k: f()):
        opportunity_approve(opportunity=listing, by=staff_user)

    (alert,) = Notification.objects.filter(recipient=amara, kind="match_alert")
    assert alert.subject == "New opportunity: Roofing apprentice"
    assert f"/account/alerts/{saved.pk}/" in alert.body  # change this alert
    assert "/alerts/stop/" in alert.body and "/alerts/not-relevant/" in alert.body
    # The minute's catch-up finds it done.
    assert services.instant_alerts_catch_up() == 0
    assert Notification.objects.filter(recipient=amara, kind="match_alert").count() == 1


def test_the_catch_up_sends_instant_alerts_whose_task_was_lost():
    amara = make_resident()
    save_search(amara, "kind=event", frequency=Frequency.INSTANT)
    OpportunityFactory(kind=Kind.EVENT, start_date=timezone.localdate() + timedelta(days=9))
    assert services.instant_alerts_catch_up() == 1
    assert services.instant_alerts_catch_up() == 0
    assert Notification.objects.filter(recipient=amara, kind="match_alert").count() == 1


def crash_a_digest_on_its_second_chunk(now) -> str:
    """Run the daily digest with the worker "killed" as it saves its second chunk's messages; the name of the thread
    that saved them (the digest's writer thread when the run is not inside a transaction)."""
    real_insert, threads = services.notifications_insert, []

    def crash_on_the_second_chunk(rows):
        threads.append(threading.current_thread().name)
        if len(threads) == 2:
            raise RuntimeError("worker killed")
        return real_insert(rows)

    with mock.patch.object(services, "notifications_insert", crash_on_the_second_chunk), pytest.raises(RuntimeError):
        services.alerts_digest_send(frequency=Frequency.DAILY, now=now)
    assert len(threads) == 2  # the chunks after it were not saved
    return threads[-1]


# Outside a transaction (as in a worker) a digest's chunks are saved by a thread of its own; inside one, in order by
# the caller's. Both are crashed.
BOTH_WRITERS = pytest.mark.parametrize(
    "writer",
    [
        pytest.param("MainThread", id="inline"),
        pytest.param("matching-background", id="threaded", marks=pytest.mark.django_db(transaction=True)),
    ],
)


@BOTH_WRITERS
def test_a_run_that_crashed_mid_way_sends_the_rest_and_nothing_twice(monkeypatch, writer):
    residents = [make_resident() for _ in range(5)]
    for resident in residents:
        save_search(resident, "kind=job")
    OpportunityFactory.create_batch(3, kind=Kind.JOB)
    monkeypatch.setattr(services, "RESIDENTS_PER_TRANSACTION", 2)
    now = timezone.now() + timedelta(minutes=5)
    assert crash_a_digest_on_its_second_chunk(now) == writer
    assert digests().count() == 2  # the first chunk committed
    run = AlertRun.objects.get(alert="daily")
    assert run.finished_at is None

    services.alerts_digest_send(frequency=Frequency.DAILY, now=now + timedelta(minutes=30))

    run.refresh_from_db()
    assert run.finished_at is not None
    for resident in residents:
        (digest,) = digests().filter(recipient=resident)
        assert digest.context["total"] == 3
    assert AlertedListing.objects.count() == 15


def test_a_digest_shows_ten_listings_and_links_to_the_rest():
    amara = make_resident()
    saved = save_search(amara, "kind=volunteering")
    OpportunityFactory.create_batch(13, kind=Kind.VOLUNTEERING, pay_min=None, pay_max=None, pay_period="")
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    (digest,) = digests()
    assert digest.body.count("[Not relevant?]") == 10 and digest.context == {"total": 13, "frequency": "daily"}
    assert digest.subject == "13 new opportunities for you"
    assert f"[See all 13]({settings.SITE_URL}{saved.search_url}&sort=newest)" in digest.body
    assert "three more than this email shows" in digest.body


def test_listings_published_before_a_search_was_saved_are_not_sent():
    OpportunityFactory(kind=Kind.JOB)
    amara = make_resident()
    save_search(amara, "kind=job", ago=timedelta(0))
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    assert not digests().exists()


def test_weekly_digests_look_back_a_week_and_are_keyed_by_week():
    amara = make_resident()
    save_search(amara, "kind=course", frequency=Frequency.WEEKLY, ago=timedelta(days=10))
    OpportunityFactory(kind=Kind.COURSE, published_at=timezone.now() - timedelta(days=5), pay_min=None, pay_max=None,
                       pay_period="")  # fmt: skip
    run = services.alerts_digest_send(frequency=Frequency.WEEKLY)
    assert run.key.startswith(f"{timezone.localdate().isocalendar()[0]}-W")
    assert digests().filter(recipient=amara).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_each_resident_one_digest():
    from tests.concurrency import at_once

    residents = [make_resident() for _ in range(6)]
    for resident in residents:
        save_search(resident, "kind=job")
    OpportunityFactory.create_batch(4, kind=Kind.JOB)
    now = timezone.now() + timedelta(minutes=5)
    errors = at_once(4, lambda: services.alerts_digest_send(frequency=Frequency.DAILY, now=now))
    assert not errors
    services.alerts_digest_send(frequency=Frequency.DAILY, now=now)  # whoever lost the lock: the run is done
    for resident in residents:
        (digest,) = digests().filter(recipient=resident)
        assert digest.context["total"] == 4
    assert AlertRun.objects.filter(alert="daily").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_listings_instant_alerts_sent_by_many_workers_at_once_go_out_once():
    from tests.concurrency import at_once

    residents = [make_resident() for _ in range(5)]
    for resident in residents:
        save_search(resident, "kind=job", frequency=Frequency.INSTANT)
    listing = OpportunityFactory(kind=Kind.JOB)
    errors = at_once(6, lambda: services.alerts_instant_send(opportunity_id=listing.pk))
    assert not errors
    assert AlertRun.objects.filter(alert="instant", key=str(listing.pk)).count() == 1
    for resident in residents:
        assert Notification.objects.filter(recipient=resident, kind="match_alert").count() == 1


def test_the_beat_schedule_runs_alerts_at_the_times_promised():
    from celery.schedules import crontab

    from config.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["matching.tasks.catch_up_instant_alerts"] == crontab()
    assert schedule["matching.tasks.send_daily_alerts"] == crontab(minute=0, hour=7)
    assert schedule["matching.tasks.send_weekly_alerts"] == crontab(minute=0, hour=7, day_of_week="monday")
    assert app.conf.timezone == "Europe/London"


def test_the_tasks_call_the_runs(eager_tasks):
    from matching import tasks

    amara = make_resident()
    save_search(amara, "kind=job", frequency=Frequency.INSTANT)
    listing = OpportunityFactory(kind=Kind.JOB)
    assert tasks.send_instant_alerts.delay(listing.pk).get() == 1
    assert tasks.send_instant_alerts.delay(listing.pk).get() == 0  # once
    assert tasks.send_daily_alerts.delay().get() == 0
    assert tasks.remind_saved_closing_soon.delay().get() == 0


def test_a_listing_withdrawn_before_its_instant_alerts_sends_none():
    amara = make_resident()
    save_search(amara, "kind=job", frequency=Frequency.INSTANT)
    listing = OpportunityFactory(kind=Kind.JOB, status="archived")
    assert services.alerts_instant_send(opportunity_id=listing.pk) is None
    assert not Notification.objects.filter(kind="match_alert").exists()


def test_profile_alerts_send_what_fits_and_the_resident_can_apply_for(digital, care):
    today = timezone.localdate()
    amara = make_resident()
    make_profile(
        amara, kinds=[Kind.JOB], sectors=[digital], hours="part_time", attendance="online",
        date_of_birth=today.replace(year=today.year - 20), lives_in_hackney=False,
    )  # fmt: skip
    services.profile_alert_set(resident=amara, frequency=Frequency.DAILY)
    ProfileAlert.objects.update(created_at=timezone.now() - timedelta(days=3))
    online = {"attendance": "online", "postcode": ""}
    fits = OpportunityFactory(kind=Kind.JOB, sector=digital, hours_per_week=20, title="Part-time web editor", **online)
    hybrid = OpportunityFactory(kind=Kind.JOB, sector=digital, hours_per_week=16, attendance="hybrid", title="Hybrid")
    no_hours = OpportunityFactory(kind=Kind.JOB, sector=digital, hours_per_week=None, title="Hours vary", **online)
    for misfit in (
        {"sector": care},  # another sector
        {"kind": Kind.APPRENTICESHIP},  # another kind
        {"hours_per_week": 37},  # full time
        {"attendance": "in_person"},  # in person only
        {"min_age": 25},  # too young
        {"hackney_connection_required": True},  # only for people with a Hackney connection
    ):
        OpportunityFactory(**{"kind": Kind.JOB, "sector": digital, "hours_per_week": 20, **online, **misfit})
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    sent = set(AlertedListing.objects.filter(resident=amara).values_list("opportunity_id", flat=True))
    assert sent == {fits.pk, hybrid.pk, no_hours.pk}
    (digest,) = digests().filter(recipient=amara)
    assert "it fits your profile" in digest.body and "Alerts from your profile: three new" in digest.body


def test_saved_queries_find_what_the_catalogues_filterset_finds(digital):
    from django.http import QueryDict

    from matching.searches import SavedQueries, canonical_query, filterset_for
    from opportunities.models import PriorityGroup, Programme, SearchEntry

    programme, group = Programme.objects.first(), PriorityGroup.objects.first()
    apprenticeship = OpportunityFactory(kind=Kind.APPRENTICESHIP, level=3, sector=digital)
    apprenticeship.programmes.add(programme)
    apprenticeship.priority_groups.add(group)
    OpportunityFactory(kind=Kind.APPRENTICESHIP, level=2)
    OpportunityFactory(kind=Kind.JOB, sector=digital, attendance="online", postcode="", hours_per_week=20)
    saved = SavedQueries()
    for raw in (
        f"programme={programme.slug}",
        f"priority={group.slug}&kind=apprenticeship",
        "level=3&level=2",
        f"sector={digital.slug}&online=yes&hours=16-to-30",
        "age=30&pay=llw&closing=30",
        "q=customer",
    ):
        query = canonical_query(QueryDict(raw))
        expected = set(filterset_for(QueryDict(query)).qs.values_list("opportunity_id", flat=True))
        found = set(saved.find(query, SearchEntry.objects.visible()).values_list("opportunity_id", flat=True))
        assert found == expected and expected, raw
    # A search naming a sector since removed finds nothing (not everything else it asked for).
    assert saved.find("kind=job&sector=no-longer-here", SearchEntry.objects.visible()) is None


@BOTH_WRITERS
def test_a_retried_run_does_not_pick_again_for_residents_it_already_reached(monkeypatch, writer):
    residents = [make_resident() for _ in range(3)]
    for resident in residents:
        save_search(resident, "kind=job")
    OpportunityFactory.create_batch(14, kind=Kind.JOB)
    monkeypatch.setattr(services, "RESIDENTS_PER_TRANSACTION", 1)
    now = timezone.now() + timedelta(minutes=5)
    assert crash_a_digest_on_its_second_chunk(now) == writer
    services.alerts_digest_send(frequency=Frequency.DAILY, now=now + timedelta(minutes=30))
    for resident in residents:
        (digest,) = digests().filter(recipient=resident)
        shown = set(AlertedListing.objects.filter(resident=resident).values_list("opportunity_id", flat=True))
        assert len(shown) == 10 and digest.body.count("[Not relevant?]") == 10  # the ten it shows, no more


def test_residents_who_turned_digests_off_have_nothing_recorded_as_sent():
    from notifications.services import preference_set

    amara = make_resident()
    save_search(amara, "kind=job")
    preference_set(user=amara, kind="match_digest", channel="off")
    OpportunityFactory(kind=Kind.JOB)
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    assert not digests().exists() and not AlertedListing.objects.exists()


def test_digest_lines_keep_partners_and_residents_words_literal():
    amara = make_resident()
    save_search(amara, "kind=job", name="My *best* [jobs]")
    OpportunityFactory(kind=Kind.JOB, title="Chef *urgent* [apply](http://evil.example)")
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    (digest,) = digests()
    assert r"Chef \*urgent\* \[apply\](http://evil.example)" in digest.body
    assert r"“My \*best\* \[jobs\]”" in digest.body
    assert "](http://evil.example)" not in digest.body.replace(r"\](http://evil.example)", "")
