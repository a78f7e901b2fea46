"""Every write to a listing's status: submit, approve, request changes, reject, close, archive; and telling the
listing's partner and the council's moderators about them.

Each service checks who may act and from which status, records a StatusChange, and keeps the listing's
search entry in step (only published listings have one). Views, admin actions, commands and tasks call
these; none of them changes `status` itself.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from notifications.services import notify
from organisations.access import can_moderate, is_member, members_of, moderators

from . import search
from .models import Opportunity, Status, StatusChange
from .signals import listing_published

# Which kind of notification tells a listing's partner about each moderation decision.
MODERATION_NOTIFICATIONS = {
    Status.PUBLISHED: "listing_approved",
    Status.CHANGES_REQUESTED: "listing_changes_requested",
    Status.REJECTED: "listing_rejected",
}
CLOSING_REMINDER_DAYS = 7
DIGEST_LISTED = 20

# Which statuses each transition may start from.
# A rejection is final (a partner fixes a listing when changes are requested); archived listings stay archived.
SUBMITTABLE_FROM = set(Status) - {Status.ARCHIVED, Status.REJECTED}
MODERATABLE_FROM = {Status.SUBMITTED}
ARCHIVABLE_FROM = set(Status) - {Status.ARCHIVED}


def _check_from(opportunity: Opportunity, allowed: set, action: str) -> None:
    if opportunity.status not in allowed:
        status = opportunity.get_status_display().lower()
        raise ValidationError(f"You cannot {action} this listing because it is {status}.")


def _check_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied("Only council staff can moderate listings.")


def _record(opportunity: Opportunity, *, to: str, by, message: str = "", previous: str = "") -> StatusChange:
    now = timezone.now()
    opportunity.status = to
    opportunity.status_changed_at = now
    opportunity.status_changed_by = by
    return StatusChange(opportunity=opportunity, from_status=previous, to_status=to, by=by, at=now, message=message)


def _unique_slug(title: str) -> str:
    return f"{slugify(title)[:100].strip('-') or 'listing'}-{secrets.token_hex(3)}"


@transaction.atomic
def opportunity_submit(*, opportunity: Opportunity, by) -> Opportunity:
    """Save a partner's listing (new or edited) and put it in the council's review queue."""
    is_new = opportunity.pk is None
    previous = (
        ""
        if is_new
        else Opportunity.objects.select_for_update().values_list("status", flat=True).get(pk=opportunity.pk)
    )
    if not is_member(by, opportunity.organisation_id):
        raise PermissionDenied("You can only submit listings for your own organisation.")
    if previous and previous not in SUBMITTABLE_FROM:
        raise ValidationError(f"You cannot submit a listing that has been {Status(previous).label.lower()}.")
    missing = opportunity.missing_employment_plan_fields()
    if missing:
        labels = ", ".join(str(Opportunity._meta.get_field(name).verbose_name) for name in missing)
        raise ValidationError(f"Add the employment plan before you submit this listing: {labels}.")
    change = _record(opportunity, to=Status.SUBMITTED, by=by, previous=previous)
    opportunity.moderation_message = ""
    if is_new:
        opportunity.slug = _unique_slug(opportunity.title)
    opportunity.full_clean(exclude=["slug"])
    opportunity.save()
    change.save()
    search.refresh([opportunity.pk])
    return opportunity


def _moderate(opportunity: Opportunity, *, to: str, by, message: str, action: str) -> Opportunity:
    _check_moderator(by)
    locked = Opportunity.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=opportunity.pk)
    _check_from(locked, MODERATABLE_FROM, action)
    change = _record(locked, to=to, by=by, message=message, previous=locked.status)
    locked.moderation_message = message
    if to == Status.PUBLISHED:
        locked.published_at = locked.published_at or timezone.now()
    locked.save(
        update_fields=[
            "status",
            "status_changed_at",
            "status_changed_by",
            "moderation_message",
            "published_at",
            "updated_at",
        ]
    )
    change.save()
    search.refresh([locked.pk])
    moderation_decision_notify(change=change)
    if to == Status.PUBLISHED:
        listing_published.send(sender=Opportunity, opportunity=locked)
    return locked


@transaction.atomic
def moderation_decision_notify(*, change: StatusChange) -> None:
    """Tell the listing's partner about a moderation decision (approved, changes needed, rejected)."""
    extra = {Status.CHANGES_REQUESTED: {"message": change.message}, Status.REJECTED: {"reason": change.message}}
    listing_partners_notify(
        opportunity=change.opportunity,
        kind=MODERATION_NOTIFICATIONS[change.to_status],
        key=f"status-change-{change.pk}",
        extra=extra.get(change.to_status, {}),
    )


@transaction.atomic
def listing_partners_notify(
    *, opportunity: Opportunity, kind: str, key: str, extra: dict, link_to: str = "manage_url"
) -> None:
    """Notify every active member of the listing's organisation (in the caller's transaction, or its own)."""
    context = {
        "title": opportunity.title,
        "organisation": opportunity.organisation.name,
        "manage_url": reverse("partners:opportunities_opportunity_change", args=[opportunity.pk]),
        "listing_url": opportunity.get_absolute_url(),
        **extra,
    }
    for member in members_of(opportunity.organisation_id):
        notify(
            recipient=member,
            kind=kind,
            context=context,
            key=f"{kind}:{key}:{member.pk}",
            link=context[link_to],
        )


@transaction.atomic
def opportunity_approve(*, opportunity: Opportunity, by) -> Opportunity:
    """Publish a submitted listing (council staff only)."""
    return _moderate(opportunity, to=Status.PUBLISHED, by=by, message="", action="approve")


@transaction.atomic
def opportunity_request_changes(*, opportunity: Opportunity, by, message: str) -> Opportunity:
    """Send a submitted listing back to its partner with a message saying what to change."""
    if not message.strip():
        raise ValidationError("Enter what the partner needs to change.")
    return _moderate(opportunity, to=Status.CHANGES_REQUESTED, by=by, message=message.strip(), action="send back")


@transaction.atomic
def opportunity_reject(*, opportunity: Opportunity, by, reason: str) -> Opportunity:
    """Reject a submitted listing, with the reason the partner sees."""
    if not reason.strip():
        raise ValidationError("Enter the reason for rejecting this listing.")
    return _moderate(opportunity, to=Status.REJECTED, by=by, message=reason.strip(), action="reject")


@transaction.atomic
def opportunity_archive(*, opportunity: Opportunity, by) -> Opportunity:
    """Take a listing off the portal for good (its partner or council staff)."""
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not (is_member(by, locked.organisation_id) or can_moderate(by)):
        raise PermissionDenied("You can only archive your own organisation's listings.")
    _check_from(locked, ARCHIVABLE_FROM, "archive")
    change = _record(locked, to=Status.ARCHIVED, by=by, previous=locked.status)
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    change.save()
    search.refresh([locked.pk])
    return locked


@transaction.atomic
def opportunities_close_expired(*, today=None) -> int:
    """Close every published listing whose closing date has passed; returns how many were closed."""
    today = today or timezone.localdate()
    expired = list(
        Opportunity.objects.select_for_update(skip_locked=True)
        .filter(status=Status.PUBLISHED, closing_date__lt=today)
        .only("id", "status")
    )
    now = timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(
            opportunity=o, from_status=Status.PUBLISHED, to_status=Status.CLOSED, at=now, message="Closing date passed"
        )
        for o in expired
    )
    closed = Opportunity.objects.filter(pk__in=[o.pk for o in expired]).update(
        status=Status.CLOSED, status_changed_at=now, status_changed_by=None
    )
    search.refresh([o.pk for o in expired])
    return closed


@transaction.atomic
def opportunities_remind_closing(*, today=None) -> int:
    """Remind partners a week before a published listing closes; returns how many listings were reminded about.

    Listings closing in 5 to 7 days are included so a missed day is caught up; the notification key (listing
    and closing date) means each closing date is reminded about once, and a new closing date again.
    """
    today = today or timezone.localdate()
    closing = (
        Opportunity.objects.published()
        .filter(
            closing_date__gte=today + timedelta(days=CLOSING_REMINDER_DAYS - 2),
            closing_date__lte=today + timedelta(days=CLOSING_REMINDER_DAYS),
        )
        .select_related("organisation")
        .only("id", "title", "slug", "closing_date", "organisation__name")
    )
    count = 0
    for opportunity in closing:
        listing_partners_notify(
            opportunity=opportunity,
            kind="listing_closing_soon",
            key=f"{opportunity.pk}:{opportunity.closing_date.isoformat()}",
            extra={"closing_date": opportunity.closing_date},
        )
        count += 1
    return count


@transaction.atomic
def moderation_digest_send(*, today=None) -> int:
    """Each morning, tell council staff which listings wait for review (none if the queue is empty)."""
    today = today or timezone.localdate()
    queue = Opportunity.objects.filter(status=Status.SUBMITTED).order_by("status_changed_at", "id")
    total = queue.count()
    if not total:
        return 0
    waiting = [
        {
            "title": o.title,
            "organisation": o.organisation.name,
            "waiting_days": (today - timezone.localdate(o.status_changed_at or o.created_at)).days,
        }
        for o in queue.select_related("organisation").only(
            "title", "status_changed_at", "created_at", "organisation__name"
        )[:DIGEST_LISTED]
    ]
    context = {
        "waiting": waiting,
        "total": total,
        "more": total - len(waiting),
        "queue_url": reverse("admin:opportunities_opportunity_changelist") + "?status__exact=submitted",
    }
    recipients = list(moderators())
    for user in recipients:
        notify(
            recipient=user,
            kind="moderation_digest",
            context=context,
            key=f"moderation_digest:{today.isoformat()}:{user.pk}",
            link=context["queue_url"],
        )
    return len(recipients)
