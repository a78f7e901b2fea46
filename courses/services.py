"""Every write about taking part in a course or event: enrolling, the waiting list, offers of a freed place,
giving a place up, and a partner cancelling a run or changing its places.

Each service locks the run's row first, so the run's places and its waiting list change one transaction at a
time: places are never exceeded, and a freed place goes to the first person waiting (by the order they joined),
held for them for COURSE_OFFER_HOURS. Messages go through the outbox, sent once the transaction commits.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from advisors.services.casework import course_completion_from_provider
from govuk.dates import govuk_datetime
from notifications.services import notify
from organisations.access import can_manage_listings

from .models import ACTIVE, Attendance, CourseRun, Enrolment, EnrolmentStatus, RunStatus
from .selectors import COURSE_KINDS, places_taken, too_few_places, waiting_position, why_not_enrol


def _locked(run: CourseRun) -> CourseRun:
    """The run, read again with its row locked until the transaction ends."""
    return CourseRun.objects.select_related("opportunity__organisation").select_for_update(of=("self",)).get(pk=run.pk)


def _tell(enrolment: Enrolment, kind: str, context: dict, *, key: str = "") -> bool:
    """Tell the resident of an entry (none once their account is deleted) about it, once per `key` (the kind and the
    entry unless given); True when they are told or already were."""
    if not enrolment.resident_id:
        return False
    key = key or f"{kind}:{enrolment.pk}"
    return bool(notify(recipient=enrolment.resident, kind=kind, context=context, key=key, link=context["course_url"]))


def _may_manage(opportunity, by) -> None:
    if not can_manage_listings(by, opportunity.organisation_id):
        raise PermissionDenied("Only the organisation's members can change its courses' dates and who takes part.")


def _context(run: CourseRun) -> dict:
    opportunity = run.opportunity
    return {
        "title": opportunity.title,
        "organisation": opportunity.organisation.name,
        "starts": date_format(run.starts_on, "j F Y") if run.starts_on else "when you are ready (a flexible start)",
        "course_url": reverse("courses:detail", args=[opportunity.slug]),
    }


@transaction.atomic
def enrolment_create(*, run: CourseRun, resident) -> Enrolment:
    """Enrol a resident on a run while places remain, or put them on its waiting list."""
    run = _locked(run)
    reason = why_not_enrol(run, timezone.localdate())
    if reason:
        raise ValidationError(reason)
    if run.enrolments.filter(resident=resident, status__in=ACTIVE).exists():
        raise ValidationError("You are already enrolled on this date or on its waiting list.")
    someone_waiting = run.enrolments.filter(status=EnrolmentStatus.WAITING).exists()
    now = timezone.now()
    if places_taken(run) < run.places and not someone_waiting:
        enrolment = Enrolment.objects.create(
            run=run, resident=resident, status=EnrolmentStatus.ENROLLED, joined_at=now, enrolled_at=now
        )
        _tell_enrolled(enrolment)
        return enrolment
    enrolment = Enrolment.objects.create(run=run, resident=resident, status=EnrolmentStatus.WAITING, joined_at=now)
    _tell(enrolment, "course_waiting", _context(run) | {"position": waiting_position(enrolment)})
    _offer_free_places(run)
    return enrolment


def _tell_enrolled(enrolment: Enrolment) -> None:
    run = enrolment.run
    _tell(enrolment, "course_enrolled", _context(run) | {"online": run.is_online, "online_tool": run.online_tool})


def _offer_free_places(run: CourseRun) -> list[Enrolment]:
    """Offer each free place to the next person waiting, in the order they joined (the run is locked)."""
    free = run.places - places_taken(run)
    if free <= 0 or run.status == RunStatus.CANCELLED:
        return []
    now = timezone.now()
    expires = now + timedelta(hours=settings.COURSE_OFFER_HOURS)
    waiting = run.enrolments.filter(status=EnrolmentStatus.WAITING).select_related("resident").order_by("pk")
    offered = list(waiting[:free])
    context = _context(run) | {"expires": govuk_datetime(expires, weekday=True)}
    for enrolment in offered:
        enrolment.status = EnrolmentStatus.OFFERED
        enrolment.offered_at, enrolment.offer_expires_at = now, expires
        enrolment.save(update_fields=["status", "offered_at", "offer_expires_at"])
        _tell(enrolment, "course_place_offered", context)
    return offered


@transaction.atomic
def offer_accept(*, enrolment: Enrolment, by) -> Enrolment:
    """Take up a place offered from the waiting list, while the offer holds."""
    run = _locked(enrolment.run)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.resident_id is None or enrolment.resident_id != by.pk:
        raise PermissionDenied("Only the resident offered a place can take it up.")
    now = timezone.now()
    if enrolment.status == EnrolmentStatus.EXPIRED or (
        enrolment.status == EnrolmentStatus.OFFERED and enrolment.offer_expires_at <= now
    ):
        raise ValidationError("This offer has run out, so the place has gone to the next person waiting.")
    if enrolment.status != EnrolmentStatus.OFFERED:
        raise ValidationError("There is no offer of a place waiting for you on this date.")
    enrolment.run = run
    enrolment.status, enrolment.enrolled_at = EnrolmentStatus.ENROLLED, now
    enrolment.save(update_fields=["status", "enrolled_at"])
    _tell_enrolled(enrolment)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by) -> Enrolment:
    """A resident gives up their place, turns down an offer or leaves the waiting list; a place freed goes to the
    next person waiting."""
    run = _locked(enrolment.run)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.resident_id is None or enrolment.resident_id != by.pk:
        raise PermissionDenied("Only the resident enrolled can cancel their place.")
    if enrolment.status not in ACTIVE:
        raise ValidationError("You are not enrolled on this date or on its waiting list.")
    enrolment.status, enrolment.ended_at = EnrolmentStatus.CANCELLED, timezone.now()
    enrolment.save(update_fields=["status", "ended_at"])
    _offer_free_places(run)
    return enrolment


@transaction.atomic
def enrolments_cancel_all(*, resident) -> int:
    """End everything a resident is on, offered or waiting for (their account is being deleted): places freed go
    to those waiting, and the rows stay for the runs' numbers. Returns how many ended."""
    active = list(Enrolment.objects.filter(resident=resident, status__in=ACTIVE).order_by("pk"))
    for enrolment in active:
        enrolment_cancel(enrolment=enrolment, by=resident)
    return len(active)


def offers_expire(*, now=None) -> int:
    """Offers not taken up in time pass to the next person waiting, one run per transaction. Returns how many ran
    out."""
    now = now or timezone.now()
    run_ids = (
        Enrolment.objects.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("run_id", flat=True)
        .distinct()
    )
    return sum(_expire_offers_of(run_id, now) for run_id in list(run_ids))


@transaction.atomic
def _expire_offers_of(run_id: int, now) -> int:
    run = _locked(CourseRun(pk=run_id))
    expired = list(
        run.enrolments.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now).select_related("resident")
    )
    context = _context(run)
    for enrolment in expired:
        _end(enrolment, EnrolmentStatus.EXPIRED, now, kind="course_offer_expired", context=context)
    _offer_free_places(run)
    return len(expired)


# What residents on a date must be told about when it changes: when, where and how it is taught.
CHANGES_TO_TELL = {
    "starts_on": "start date",
    "ends_on": "end date",
    "days_and_times": "days and times",
    "delivery": "how it is taught",
    "online_tool": "online tool",
    "joining_link": "joining link",
    "venue": "venue",
}


@transaction.atomic
def run_save(*, run: CourseRun, by) -> CourseRun:
    """Add a date to a course or event, or save changes to one. Its places never drop below those taken or
    offered, and places added go to those waiting; a change to when, where or how it is taught is told to everyone
    on it, offered a place or waiting."""
    opportunity = run.opportunity
    _may_manage(opportunity, by)
    if opportunity.kind not in COURSE_KINDS:
        raise ValidationError("Dates can only be added to courses and events.")
    now = timezone.now()
    run.updated_at = now
    if run.pk is None:
        if problem := too_few_places(run, run.places):
            raise ValidationError({"places": problem})
        run.save()
        return run
    stored = _locked(run)
    if stored.status == RunStatus.CANCELLED:
        raise ValidationError("This date is cancelled, so it can't be changed.")
    if stored.opportunity_id != run.opportunity_id:
        raise ValidationError("A date can't be moved to another course or event.")
    if problem := too_few_places(stored, run.places):
        raise ValidationError({"places": problem})
    changed = [words for name, words in CHANGES_TO_TELL.items() if getattr(stored, name) != getattr(run, name)]
    run.status = stored.status
    run.save()
    _offer_free_places(run)
    if changed:
        context = _context(run) | {"changed": _listed(changed), "days_and_times": run.days_and_times}
        for enrolment in run.enrolments.filter(status__in=ACTIVE).select_related("resident"):
            _tell(enrolment, "course_run_changed", context, key=f"course_run_changed:{enrolment.pk}:{now.isoformat()}")
    return run


def _listed(words: list[str]) -> str:
    """ "start date", "start date and venue", "start date, venue and online tool"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@transaction.atomic
def run_cancel(*, run: CourseRun, by, reason: str) -> CourseRun:
    """Cancel a run: everyone on it, offered a place or waiting is told, and their places end."""
    run = _managed(run, by)
    if run.status == RunStatus.CANCELLED:
        raise ValidationError("This date is already cancelled.")
    now = timezone.now()
    run.status, run.cancelled_reason, run.updated_at = RunStatus.CANCELLED, reason.strip(), now
    run.save(update_fields=["status", "cancelled_reason", "updated_at"])
    context = _context(run) | {"reason": run.cancelled_reason}
    for enrolment in run.enrolments.filter(status__in=ACTIVE).select_related("resident"):
        _end(enrolment, EnrolmentStatus.RUN_CANCELLED, now, kind="course_run_cancelled", context=context)
    return run


def _end(enrolment: Enrolment, status: str, now, *, kind: str, context: dict) -> None:
    """End a resident's entry (its run is locked) and tell them why."""
    enrolment.status, enrolment.ended_at = status, now
    enrolment.save(update_fields=["status", "ended_at"])
    _tell(enrolment, kind, context)


def course_reminders_send(*, today=None) -> int:
    """The day before a date starts, remind everyone enrolled on it, with where to go or its joining link (only
    they get it). Once per person and date, however often it runs. Returns how many people that covers (any already
    reminded included)."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    enrolled = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.ENROLLED,
            resident__isnull=False,
            run__starts_on=tomorrow,
            run__status=RunStatus.OPEN,
        )
        .select_related("resident", "run__opportunity__organisation")
        .order_by("pk")
    )
    sent = 0
    for enrolment in enrolled:
        run = enrolment.run
        context = _context(run) | {
            "online": run.is_online,
            "online_tool": run.online_tool,
            "joining_link": run.joining_link if run.is_online else "",
            "venue": run.venue,
            "days_and_times": run.days_and_times,
        }
        with transaction.atomic():
            sent += _tell(enrolment, "course_reminder", context, key=f"course_reminder:{enrolment.pk}:{tomorrow}")
    return sent


def _managed(run: CourseRun, by) -> CourseRun:
    """The run, locked, if `by` may manage its course's dates."""
    _may_manage(run.opportunity, by)
    return _locked(run)


def _chosen(run: CourseRun, ids, statuses) -> list[Enrolment]:
    """The run's entries with these ids, in these statuses; any id that is not one of them is refused."""
    if not all(str(pk).isdigit() for pk in ids):
        raise ValidationError("Choose people enrolled on this date from the list.")
    wanted = {int(pk) for pk in ids}
    found = list(run.enrolments.filter(pk__in=wanted, status__in=statuses).select_related("resident"))
    if len(found) != len(wanted):
        raise ValidationError("Choose people enrolled on this date from the list.")
    return found


@transaction.atomic
def attendance_record(*, run: CourseRun, on, present_ids, by) -> int:
    """Record one session's register: everyone enrolled on the date (or completed it) present or not; a register
    taken again for the same day replaces the first. Returns how many were present."""
    run = _managed(run, by)
    today = timezone.localdate()
    if on is None or on > today:
        raise ValidationError({"on": "The session date must be today or in the past"})
    if (run.starts_on and on < run.starts_on) or (run.ends_on and on > run.ends_on):
        raise ValidationError({"on": "The session date must be between the date's start and end"})
    taking_part = [EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]
    present = {e.pk for e in _chosen(run, present_ids, taking_part)}
    now = timezone.now()
    for enrolment in run.enrolments.filter(status__in=taking_part):
        Attendance.objects.update_or_create(
            enrolment=enrolment, on=on, defaults={"present": enrolment.pk in present, "recorded_at": now}
        )
    return len(present)


@transaction.atomic
def enrolments_complete(*, run: CourseRun, enrolment_ids, by) -> int:
    """Mark people enrolled on a date as having completed it: each becomes a course completion on their open case,
    if they have one. Returns how many."""
    run = _managed(run, by)
    today = timezone.localdate()
    if run.starts_on and run.starts_on > today:
        raise ValidationError("People can only complete a date once it has started.")
    completed = _chosen(run, enrolment_ids, [EnrolmentStatus.ENROLLED])
    now = timezone.now()
    for enrolment in completed:
        enrolment.status, enrolment.ended_at = EnrolmentStatus.COMPLETED, now
        enrolment.save(update_fields=["status", "ended_at"])
        if enrolment.resident_id:
            course_completion_from_provider(
                resident=enrolment.resident, opportunity=run.opportunity, achieved_on=today, by=by
            )
    return len(completed)
