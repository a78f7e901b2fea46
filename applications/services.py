"""Every write to saved listings and applications: saving, drafting, sending, leaving to apply elsewhere,
withdrawing, a partner's moves, the partners' morning summary and keeping applications no longer than the
privacy notice says.

A resident's application goes draft → submitted (by the resident), then through the partner's moves;
the resident can withdraw while it is still open. An application made on the partner's own site is only
a note for the resident: left → submitted when they say they applied, or withdrawn.
"""

from datetime import datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from govuk.dates import govuk_datetime
from notifications.services import notify
from opportunities.models import ApplyMethod, Opportunity, Status
from opportunities.selectors import eligibility_for
from opportunities.services import listing_partners_notify
from organisations.access import is_member, members_of
from residents.selectors import profile_for

from .models import Application, ApplicationEvent, ApplicationStatus, SavedOpportunity
from .signals import application_sent


@transaction.atomic
def saved_opportunity_add(*, user, opportunity: Opportunity) -> SavedOpportunity:
    """Save a published listing to a resident's list (saving it twice keeps the first)."""
    if opportunity.status != Status.PUBLISHED:
        raise ValidationError("You can only save opportunities that are open.")
    return SavedOpportunity.objects.get_or_create(user=user, opportunity=opportunity)[0]


@transaction.atomic
def saved_opportunity_remove(*, user, opportunity: Opportunity) -> None:
    """Take a listing off a resident's saved list (nothing happens if it was not there)."""
    SavedOpportunity.objects.filter(user=user, opportunity=opportunity).delete()


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
    review_url = reverse("partners:applications_application_change", args=[application.pk])
    listing_partners_notify(
        opportunity=opportunity,
        kind="application_received",
        key=str(application.pk),
        extra={"review_url": review_url},
        link_to="review_url",
    )
    application_sent.send(sender=Application, application=application)
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
    application_sent.send(sender=Application, application=application)
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
    if not is_member(by, opportunity.organisation_id):
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
    review_url = reverse("partners:applications_application_changelist")
    sent = 0
    for organisation_id, listings in by_organisation.items():
        with transaction.atomic():
            for member in members_of(organisation_id):
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


@transaction.atomic
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
