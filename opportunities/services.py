"""Every write to a listing's status (submit, approve, request changes, reject, close, archive), to saved
listings and to applications.

Each service checks who may act and from which status, records a StatusChange, and keeps the listing's
search entry in step (only published listings have one). Views, admin actions, commands and tasks call
these; none of them changes `status` itself.
"""

import secrets
from datetime import datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from notifications.services import notify
from pages.dates import govuk_datetime
from partners.models import Membership
from residents.selectors import profile_for

from . import search
from .models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApplyMethod,
    Opportunity,
    SavedOpportunity,
    Status,
    StatusChange,
)
from .selectors import eligibility_for

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
CLOSABLE_FROM = {Status.PUBLISHED}
ARCHIVABLE_FROM = set(Status) - {Status.ARCHIVED}


def _check_from(opportunity: Opportunity, allowed: set, action: str) -> None:
    if opportunity.status not in allowed:
        status = opportunity.get_status_display().lower()
        raise ValidationError(f"You cannot {action} this listing because it is {status}.")


def _check_moderator(user) -> None:
    if not (user.is_active and user.is_staff and user.has_perm("opportunities.moderate_opportunity")):
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
    if not Membership.objects.filter(user=by, organisation_id=opportunity.organisation_id).exists():
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
    return locked


def moderation_decision_notify(*, change: StatusChange) -> None:
    """Tell the listing's partner about a moderation decision (approved, changes needed, rejected)."""
    extra = {Status.CHANGES_REQUESTED: {"message": change.message}, Status.REJECTED: {"reason": change.message}}
    _tell_partners(
        change.opportunity,
        kind=MODERATION_NOTIFICATIONS[change.to_status],
        key=f"status-change-{change.pk}",
        extra=extra.get(change.to_status, {}),
    )


def _tell_partners(opportunity: Opportunity, *, kind: str, key: str, extra: dict, link_to: str = "manage_url"):
    """Notify every active member of the listing's organisation (in the caller's transaction)."""
    context = {
        "title": opportunity.title,
        "organisation": opportunity.organisation.name,
        "manage_url": reverse("partners:opportunities_opportunity_change", args=[opportunity.pk]),
        "listing_url": opportunity.get_absolute_url(),
        **extra,
    }
    for member in _members(opportunity.organisation_id):
        notify(
            recipient=member,
            kind=kind,
            context=context,
            key=f"{kind}:{key}:{member.pk}",
            link=context[link_to],
        )


def _members(organisation_id):
    return User.objects.filter(memberships__organisation_id=organisation_id, is_active=True)


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
    is_member = Membership.objects.filter(user=by, organisation_id=locked.organisation_id).exists()
    if not (is_member or (by.is_staff and by.has_perm("opportunities.moderate_opportunity"))):
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
        _tell_partners(
            opportunity,
            kind="listing_closing_soon",
            key=f"{opportunity.pk}:{opportunity.closing_date.isoformat()}",
            extra={"closing_date": opportunity.closing_date},
        )
        count += 1
    return count


def _moderators():
    permission = Permission.objects.get(content_type__app_label="opportunities", codename="moderate_opportunity")
    return User.objects.filter(
        Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission),
        is_active=True,
        is_staff=True,
    ).distinct()


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
    recipients = list(_moderators())
    for user in recipients:
        notify(
            recipient=user,
            kind="moderation_digest",
            context=context,
            key=f"moderation_digest:{today.isoformat()}:{user.pk}",
            link=context["queue_url"],
        )
    return len(recipients)


# Saving listings ----------------------------------------------------------------------------------------


def saved_opportunity_add(*, user, opportunity: Opportunity) -> SavedOpportunity:
    """Save a published listing to a resident's list (saving it twice keeps the first)."""
    if opportunity.status != Status.PUBLISHED:
        raise ValidationError("You can only save opportunities that are open.")
    return SavedOpportunity.objects.get_or_create(user=user, opportunity=opportunity)[0]


def saved_opportunity_remove(*, user, opportunity: Opportunity) -> None:
    SavedOpportunity.objects.filter(user=user, opportunity=opportunity).delete()


# Applications -------------------------------------------------------------------------------------------
#
# A resident's application goes draft → submitted (by the resident), then through the partner's moves;
# the resident can withdraw while it is still open. An application made on the partner's own site is only
# a note for the resident: left → submitted when they say they applied, or withdrawn.

A = ApplicationStatus
# The moves a partner can make, and from where: nothing moves once started, unsuccessful or withdrawn.
PARTNER_MOVES_FROM = {A.SUBMITTED, A.REVIEWING, A.SHORTLISTED, A.INTERVIEW, A.OFFERED}
PARTNER_MOVES_TO = [A.REVIEWING, A.SHORTLISTED, A.INTERVIEW, A.OFFERED, A.STARTED, A.UNSUCCESSFUL]
WITHDRAWABLE_FROM = {A.LEFT_TO_APPLY, *PARTNER_MOVES_FROM}


def partner_moves(status: str) -> list:
    """Where a partner can move an application from this status: on (an interview can be moved to another
    time), never to "started" before an offer, and nowhere once it is finished."""
    if status not in PARTNER_MOVES_FROM:
        return []
    return [
        to
        for to in PARTNER_MOVES_TO
        if (to != status or to == A.INTERVIEW) and (to != A.STARTED or status == A.OFFERED)
    ]


def _application_record(application: Application, *, to: str, by, **details) -> ApplicationEvent:
    now = timezone.now()
    event = ApplicationEvent.objects.create(
        application=application, from_status=application.status, to_status=to, by=by, at=now, **details
    )
    application.status, application.status_changed_at = to, now
    return event


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("opportunity__organisation").get(pk=application.pk)


def _check_resident(application: Application, by) -> None:
    if application.resident_id is None or application.resident_id != by.pk:
        raise PermissionDenied("Only the resident who made an application can change it.")


def _check_can_apply(*, opportunity: Opportunity, profile, today) -> None:
    eligibility = eligibility_for(opportunity=opportunity, profile=profile, today=today)
    if not eligibility.can_apply:
        raise ValidationError(" ".join(eligibility.reasons))


@transaction.atomic
def application_draft_save(
    *,
    resident,
    opportunity: Opportunity,
    answers: list[str],
    statement: str,
    cv=None,
    cv_type: str = "",
    remove_cv: bool = False,
) -> Application:
    """Keep what a resident has written so far (their draft) before they check it and send it."""
    if opportunity.apply_method != ApplyMethod.HERE:
        raise ValidationError("You apply for this opportunity on the organisation's own website or by email.")
    _check_can_apply(opportunity=opportunity, profile=profile_for(user=resident), today=timezone.localdate())
    application, _ = Application.objects.get_or_create(opportunity=opportunity, resident=resident)
    application = _locked(application)
    if application.status != A.DRAFT:
        raise ValidationError("You have already applied for this opportunity.")
    questions = opportunity.screening_questions
    application.answers = [{"question": q, "answer": a} for q, a in zip(questions, answers, strict=True)]
    application.statement = statement
    old_cv = application.cv.name if application.cv else ""
    if cv is not None:
        application.cv_type, application.cv_name = cv_type, _safe_file_name(cv.name, cv_type)
        application.cv.save(cv.name, cv, save=False)
    elif remove_cv:
        application.cv, application.cv_name, application.cv_type = "", "", ""
    try:
        application.save()
    except Exception:
        if cv is not None:  # the file is written already; the row that would name it is not
            application.cv.storage.delete(application.cv.name)
        raise
    if old_cv and old_cv != application.cv.name:
        transaction.on_commit(partial(application.cv.storage.delete, old_cv))
    return application


def _safe_file_name(name: str, cv_type: str) -> str:
    stem = slugify(name.rsplit(".", 1)[0])[:100] or "cv"
    return f"{stem}.{cv_type}"


@transaction.atomic
def application_submit(*, application: Application, by) -> Application:
    """Send a draft to the organisation: the resident gets a copy, the organisation's members are told."""
    application = _locked(application)
    _check_resident(application, by)
    if application.status != A.DRAFT:
        raise ValidationError("You have already sent this application.")
    opportunity = application.opportunity
    if opportunity.apply_method != ApplyMethod.HERE:
        raise ValidationError("This opportunity now takes applications on the organisation's own website or by email.")
    profile = profile_for(user=by)
    _check_can_apply(opportunity=opportunity, profile=profile, today=timezone.localdate())
    if [a["question"] for a in application.answers] != opportunity.screening_questions:
        raise ValidationError("The questions for this opportunity have changed. Check your answers and send again.")
    if not application.statement.strip():
        raise ValidationError("Enter your supporting statement.")
    _application_record(application, to=A.SUBMITTED, by=by)
    application.submitted_at = application.status_changed_at
    # The partner sees the number the resident had when they applied, not one they add to their profile later.
    application.phone = profile.phone
    application.save()
    context = {"title": opportunity.title, "organisation": opportunity.organisation.name}
    notify(
        recipient=by,
        kind="application_sent",
        context=context | {"application_url": application.get_absolute_url()},
        key=f"application_sent:{application.pk}",
        link=application.get_absolute_url(),
    )
    review_url = reverse("partners:opportunities_application_change", args=[application.pk])
    _tell_partners(
        opportunity,
        kind="application_received",
        key=str(application.pk),
        extra={"review_url": review_url},
        link_to="review_url",
    )
    return application


@transaction.atomic
def application_leave_to_apply(*, resident, opportunity: Opportunity) -> Application:
    """Note that a resident went to apply on the partner's site or by email, so they can keep track of it."""
    if opportunity.apply_method == ApplyMethod.HERE:
        raise ValidationError("You apply for this opportunity on Hackney Opportunities.")
    if not opportunity.is_open_on(timezone.localdate()):
        raise ValidationError("This opportunity has closed.")
    application, created = Application.objects.get_or_create(
        opportunity=opportunity,
        resident=resident,
        defaults={"route": opportunity.apply_method, "status": A.LEFT_TO_APPLY},
    )
    if created:
        ApplicationEvent.objects.create(application=application, to_status=A.LEFT_TO_APPLY, by=resident)
    return application


@transaction.atomic
def application_mark_applied(*, application: Application, by) -> Application:
    """A resident says they have applied on the partner's site."""
    application = _locked(application)
    _check_resident(application, by)
    if application.status != A.LEFT_TO_APPLY:
        raise ValidationError("You have already told us about this application.")
    _application_record(application, to=A.SUBMITTED, by=by)
    application.submitted_at = application.status_changed_at
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by) -> Application:
    """A resident takes back an application that is still open."""
    application = _locked(application)
    _check_resident(application, by)
    if application.status not in WITHDRAWABLE_FROM:
        raise ValidationError(
            f"You cannot withdraw this application because it is {application.get_status_display().lower()}."
        )
    _application_record(application, to=A.WITHDRAWN, by=by)
    application.save()
    return application


@transaction.atomic
def application_move(
    *, application: Application, to: str, by, interview_at=None, interview_place: str = "", feedback: str = ""
) -> Application:
    """A partner moves an application on; the resident is told, through the outbox, every time."""
    application = _locked(application)
    opportunity = application.opportunity
    if not Membership.objects.filter(user=by, organisation_id=opportunity.organisation_id).exists():
        raise PermissionDenied("Only members of the listing's organisation can move its applications.")
    if application.route != ApplyMethod.HERE or application.status not in PARTNER_MOVES_FROM:
        raise ValidationError(
            f"You cannot move this application because it is {application.get_status_display().lower()}."
        )
    if to not in partner_moves(application.status):
        if to == A.STARTED:
            raise ValidationError("Only an applicant who has been offered a place can start.")
        raise ValidationError("Choose where to move the application.")
    details = {}
    if to == A.INTERVIEW:
        if interview_at is None or not interview_place.strip():
            raise ValidationError("Enter the date, time and place of the interview.")
        application.interview_at, application.interview_place = interview_at, interview_place.strip()
        details = {"interview_at": interview_at, "interview_place": application.interview_place}
    if to == A.UNSUCCESSFUL:
        application.feedback = feedback.strip()
        details = {"message": application.feedback}
    event = _application_record(application, to=to, by=by, **details)
    application.save()
    if application.resident_id:
        notify(
            recipient=application.resident,
            kind="application_moved",
            context={
                "title": opportunity.title,
                "organisation": opportunity.organisation.name,
                "status": to,
                "status_label": A(to).label,
                "interview_at": govuk_datetime(application.interview_at, weekday=True),
                "interview_place": application.interview_place,
                "feedback": application.feedback,
                "application_url": application.get_absolute_url(),
            },
            key=f"application_moved:{event.pk}",
            link=application.get_absolute_url(),
        )
    return application


def applications_digest_send(*, today=None) -> int:
    """Each morning, the partners who chose a summary hear about yesterday's new applications (one each)."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=1), time.min))
    end = start + timedelta(days=1)
    arrivals = (
        Application.objects.filter(route=ApplyMethod.HERE, submitted_at__gte=start, submitted_at__lt=end)
        .values("opportunity__organisation_id", "opportunity__title")
        .annotate(count=Count("id"))
        .order_by("opportunity__organisation_id", "opportunity__title")
    )
    by_organisation: dict[int, list] = {}
    for row in arrivals:
        by_organisation.setdefault(row["opportunity__organisation_id"], []).append(
            {"title": row["opportunity__title"], "count": row["count"]}
        )
    review_url = reverse("partners:opportunities_application_changelist")
    sent = 0
    for organisation_id, listings in by_organisation.items():
        with transaction.atomic():
            for member in _members(organisation_id):
                sent += bool(
                    notify(
                        recipient=member,
                        kind="applications_digest",
                        context={
                            "total": sum(x["count"] for x in listings),
                            "listings": listings,
                            "review_url": review_url,
                        },
                        key=f"applications_digest:{today.isoformat()}:{member.pk}",
                        link=review_url,
                    )
                )
    return sent


# Keeping applications no longer than the privacy notice says ------------------------------------------


def applications_anonymise(*, application_ids) -> int:
    """Remove everything personal from these applications, keeping what reports count (listing, status, dates).

    The resident, their answers, statement, CV (file deleted after commit), the partner's feedback and the
    history's messages go; used when a resident deletes their account and when the retention period ends.
    """
    ids = list(Application.objects.select_for_update().filter(pk__in=application_ids).values_list("pk", flat=True))
    rows = Application.objects.filter(pk__in=ids)
    files = [name for name in rows.exclude(cv="").values_list("cv", flat=True) if name]
    ApplicationEvent.objects.filter(application_id__in=ids, by=F("application__resident")).update(by=None)
    ApplicationEvent.objects.filter(application_id__in=ids).update(message="")
    rows.update(resident=None, answers=[], statement="", phone="", cv="", cv_name="", cv_type="", feedback="")
    storage = Application._meta.get_field("cv").storage
    for name in files:
        transaction.on_commit(partial(storage.delete, name))
    return len(ids)


def applications_anonymise_expired(*, today=None, batch: int = 500) -> int:
    """Nightly: anonymise applications kept longer than APPLICATIONS_KEEP_DAYS after their listing closed
    (or, for a listing with no closing date, after the application last moved)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.APPLICATIONS_KEEP_DAYS)
    expired = Application.objects.filter(resident__isnull=False).filter(
        Q(opportunity__closing_date__lt=cutoff)
        | Q(opportunity__closing_date__isnull=True, status_changed_at__date__lt=cutoff)
    )
    done = 0
    while ids := list(expired.values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            done += applications_anonymise(application_ids=ids)
    return done
