"""A person's rights over their data: a copy of everything we hold about them, and deleting their account.

Deleting keeps the anonymous facts reports count (that an application was made for a listing, and how far
it got) and removes everything that says who made it. See docs/decisions.md ("Deleting an account").
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role, SignInThrottle, User, email_normalise
from accounts.services import throttle_key
from advisors.models import (
    Appointment,
    Assessment,
    Case,
    CheckIn,
    Outcome,
    Referral,
    SharedOpportunity,
    SupportAction,
    SupportGiven,
)
from applications.models import Application, ApplicationEvent, SavedOpportunity
from applications.services import applications_anonymise
from courses.models import Enrolment
from courses.services import enrolments_cancel_all
from matching.models import AlertedListing, Feedback, ProfileAlert, SavedSearch
from notifications.models import Notification, Preference
from notifications.services import notify
from organisations.models import Membership
from residents.models import EqualityAnswers, ResidentProfile

# The user's own columns that are copied; the password hash and internal flags are not data about them.
ACCOUNT_FIELDS = ["email", "full_name", "date_joined", "last_login", "is_active", "email_confirmed_at"]


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, UUID):
        return str(value)
    return value


def _row(obj, *, exclude=()) -> dict:
    """Every column of a row, as JSON values (foreign keys as ids, files as their stored name)."""
    return {
        field.attname: _value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in exclude
    }


def account_export(*, user: User) -> dict:
    """Everything held about a person, section by section (the JSON download and the readable page)."""
    profile = ResidentProfile.objects.filter(user=user).prefetch_related("interested_sectors").first()
    applications = (
        Application.objects.filter(resident=user)
        .select_related("opportunity__organisation")
        .prefetch_related(Prefetch("history", queryset=ApplicationEvent.objects.order_by("at", "id")))
        .order_by("created_at", "id")
    )
    equality = EqualityAnswers.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            **{name: _value(getattr(user, name)) for name in ACCOUNT_FIELDS},
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": (
            None
            if profile is None
            else _row(profile) | {"interested_sectors": [s.name for s in profile.interested_sectors.all()]}
        ),
        "equality_monitoring": None if equality is None else _row(equality),
        "saved_opportunities": [
            {"listing": s.opportunity.title, "saved_at": _value(s.saved_at)}
            for s in SavedOpportunity.objects.filter(user=user).select_related("opportunity").order_by("saved_at")
        ],
        "applications": [
            _row(a, exclude={"resident_id"})
            | {
                "listing": a.opportunity.title,
                "organisation": a.opportunity.organisation.name,
                "history": [_row(e, exclude={"application_id"}) for e in a.history.all()],
            }
            for a in applications
        ],
        "enrolments": [
            _row(e, exclude={"resident_id"})
            | {
                "course": e.run.opportunity.title,
                "organisation": e.run.opportunity.organisation.name,
                "attendance": [{"on": _value(a.on), "present": a.present} for a in e.attendance.all()],
            }
            for e in Enrolment.objects.filter(resident=user)
            .select_related("run__opportunity__organisation")
            .prefetch_related("attendance")
            .order_by("joined_at", "id")
        ],
        "appointments": [
            _row(a, exclude={"resident_id"}) | {"advisor": str(a.advisor)}
            for a in Appointment.objects.filter(resident=user).select_related("advisor__user").order_by("starts_at")
        ],
        **_support(user),
        **_alerts(user),
        "messages": [_message(n) for n in Notification.objects.filter(recipient=user).order_by("created_at")],
        "message_settings": [_row(p, exclude={"user_id"}) for p in Preference.objects.filter(user=user)],
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role, "joined_at": _value(m.created_at)}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "sign_in_attempts": [_row(t) for t in _throttles(user)],
    }


def _alerts(user) -> dict:
    """Saved searches, profile alerts, every listing an alert sent and what the person told us about alerts."""
    alert = ProfileAlert.objects.filter(resident=user).first()
    return {
        "saved_searches": [
            _row(s, exclude={"resident_id"}) for s in SavedSearch.objects.filter(resident=user).order_by("created_at")
        ],
        "profile_alert": None if alert is None else _row(alert, exclude={"resident_id"}),
        "listings_sent_in_alerts": [
            {"listing": a.opportunity.title, "sent_at": _value(a.sent_at), "not_relevant_at": _value(a.not_relevant_at)}
            for a in AlertedListing.objects.filter(resident=user).select_related("opportunity").order_by("sent_at")
        ],
        "alert_feedback": [
            _row(f, exclude={"resident_id"}) for f in Feedback.objects.filter(resident=user).order_by("at")
        ],
    }


def _support(user) -> dict:
    """An advisor's support: referrals, cases and everything on them that is about the person. Case notes and
    who read them are advisors' working records: they are released on a subject access request, after a
    check for what others told the advisor in confidence (docs/decisions.md, "Case notes and your data")."""
    cases = Case.objects.filter(resident=user).select_related("lead_advisor__user").order_by("opened_at")
    on_cases = {"case__resident": user}
    return {
        "referrals": [
            _row(r, exclude={"resident_id", "referred_by_id", "assigned_by_id"})
            | {"referred_by": r.organisation.name if r.organisation else ""}
            for r in Referral.objects.filter(resident=user).select_related("organisation").order_by("created_at")
        ],
        "cases": [_row(c, exclude={"resident_id"}) | {"lead_advisor": str(c.lead_advisor)} for c in cases],
        "assessments": [_row(a, exclude={"assessed_by_id"}) for a in Assessment.objects.filter(**on_cases)],
        "support_plan": [
            _row(a, exclude={"created_by_id"}) for a in SupportAction.objects.filter(**on_cases).order_by("created_at")
        ],
        "shared_opportunities": [
            _row(o, exclude={"shared_by_id"}) | {"listing": o.opportunity.title}
            for o in SharedOpportunity.objects.filter(**on_cases).select_related("opportunity").order_by("shared_at")
        ],
        "support_given": [
            _row(g, exclude={"recorded_by_id"}) for g in SupportGiven.objects.filter(**on_cases).order_by("given_on")
        ],
        "outcomes": [
            _row(o, exclude={"recorded_by_id"}) for o in Outcome.objects.filter(**on_cases).order_by("achieved_on")
        ],
        "check_ins": [_row(c, exclude={"done_by_id"}) for c in CheckIn.objects.filter(**on_cases).order_by("due_on")],
    }


# Messages whose link still works (confirming an address, choosing a password): the copy leaves the link out.
_LINK_KINDS = {"account_confirm_email", "password_reset"}
_LINK_LEFT_OUT = "(The link in this message is left out of this copy.)"


def _message(notification) -> dict:
    row = _row(notification, exclude={"recipient_id", "key"})  # the key of a reset message holds its token
    if notification.kind in _LINK_KINDS:
        row["context"] = {k: _LINK_LEFT_OUT if k.endswith("_url") else v for k, v in row["context"].items()}
        row["body"] = _LINK_LEFT_OUT
        row["link"] = ""
    return row


def _throttles(user):
    """Failed sign-ins counted against the person's address (kept as a keyed hash of it)."""
    return SignInThrottle.objects.filter(key=throttle_key("email", email_normalise(user.email)))


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete a person's account and personal data; their applications and enrolments stay as anonymous counts.

    Council staff accounts are closed by the council (they hold records of decisions), not here.
    """
    if user.is_staff:
        raise PermissionDenied("Council staff accounts are closed by the council's digital team.")
    user = User.objects.select_for_update().get(pk=user.pk)
    applications_anonymise(application_ids=Application.objects.filter(resident=user).values_list("pk", flat=True))
    enrolments_cancel_all(resident=user)  # their places pass to those waiting; the rows stay, without them
    _throttles(user).delete()
    user.delete()  # profile, equality answers, saved listings, cases, messages, settings, memberships go with it


def accounts_delete_inactive(*, now=None) -> tuple[int, int]:
    """Nightly: warn residents nobody has signed in as for nearly ACCOUNTS_INACTIVE_DAYS, and delete the accounts of
    those warned at least ACCOUNTS_INACTIVE_WARNING_DAYS ago who still have not. Returns (warned, deleted).

    Only residents: partner members and staff are managed by their organisations and the council.
    """
    now = now or timezone.now()
    keep, notice = (
        timedelta(days=settings.ACCOUNTS_INACTIVE_DAYS),
        timedelta(days=settings.ACCOUNTS_INACTIVE_WARNING_DAYS),
    )
    residents = (
        User.objects.filter(groups__name=Role.RESIDENT.value, is_staff=False, memberships__isnull=True)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=now - keep + notice)
    )
    warned_since_seen = Notification.objects.filter(
        recipient=OuterRef("pk"), kind="account_inactive", created_at__gt=OuterRef("last_seen")
    )
    warned = deleted = 0
    for user in residents.exclude(Exists(warned_since_seen)).order_by("pk").iterator():
        delete_on = timezone.localdate(user.last_seen + keep)
        with transaction.atomic():
            notify(
                recipient=user,
                kind="account_inactive",
                context={"delete_on": date_format(delete_on, "j F Y"), "sign_in_url": reverse("accounts:login")},
                key=f"account_inactive:{user.pk}:{user.last_seen.date().isoformat()}",
                link=reverse("accounts:login"),
            )
        warned += 1
    due = residents.filter(last_seen__lt=now - keep).filter(
        Exists(warned_since_seen.filter(created_at__lte=now - notice))
    )
    for user in due.order_by("pk").iterator():
        account_delete(user=user)
        deleted += 1
    return warned, deleted


# Models holding a link to a person, and where the export and deletion deal with them (a test keeps this true).
PERSONAL_MODELS = {
    ResidentProfile: "profile",
    EqualityAnswers: "equality_monitoring",
    SavedOpportunity: "saved_opportunities",
    Application: "applications",
    ApplicationEvent: "applications (history)",
    Enrolment: "enrolments",
    Appointment: "appointments",
    Referral: "referrals",
    # A case and all on it (assessment, plan, notes, shared listings, support, outcomes, check-ins) go with it.
    Case: "cases",
    SavedSearch: "saved_searches",
    ProfileAlert: "profile_alert",
    AlertedListing: "listings_sent_in_alerts",
    Feedback: "alert_feedback",
    Notification: "messages",
    Preference: "message_settings",
    Membership: "organisations",
}
