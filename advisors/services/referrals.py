"""Referrals: a resident asking for an advisor (open to anyone, no eligibility test), an organisation referring
someone who agreed to it, triage into a case, and closing a referral without one.

Every advisor hears of each new referral. One waiting referral per resident is a database constraint: the services
check first, for a clear message, and catch the constraint for the request that loses a race.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User, email_normalise
from accounts.roles import role_grant
from accounts.services import password_reset_link
from notifications.services import notify
from organisations.access import is_advisor, is_member
from residents.forms import normalise_phone
from residents.selectors import profile_for
from residents.services import profile_save

from ..models import AdvisorProfile, Case, ContactMethod, Referral, ReferralSource
from ..selectors.referrals import BY_PHONE, advisors_all


class ConsentWay(models.TextChoices):
    """How the person referred by someone else agreed to it."""

    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITING = "writing", "In writing (for example, by email or letter)"


# The most people one member of an organisation may refer in 24 hours.
REFERRALS_PER_DAY = 25

WAITING_MESSAGE = "You have already asked for an advisor. An advisor will contact you soon."


def _case_url(case: Case) -> str:
    return reverse("advisors:case", args=[case.pk])


def _contact_url() -> str:
    return reverse("pages:guidance_page", args=["contact-us"])


def _check_contact(*, help_wanted: str, contact_method: str, contact_times: str) -> None:
    if not help_wanted.strip():
        raise ValidationError("Enter what help is wanted", code="help_wanted")
    if contact_method not in ContactMethod.values:
        raise ValidationError("Select how an advisor should make contact: phone call, text message or email")
    if len(contact_times) > Referral._meta.get_field("contact_times").max_length:
        raise ValidationError("The times to make contact must be 200 characters or fewer")


def _save_phone(*, user, phone: str, overwrite: bool) -> str:
    """The person's telephone number after this referral: `phone` (normalised) goes into their profile, over
    what is there only if `overwrite`."""
    profile = profile_for(user=user)
    if phone:
        phone = normalise_phone(phone)
        if overwrite or not profile.phone:
            profile_save(user=user, data={"phone": phone})
            return phone
    return profile.phone or phone


def _tell_advisors(referral: Referral) -> None:
    """Every advisor is told of each new referral: a few dozen messages at most, each one row in the outbox."""
    url = reverse("advisors:referral", args=[referral.pk])
    context = {
        "resident": referral.resident.get_full_name(),
        "source": referral.get_source_display(),
        "referral_url": url,
    }
    for advisor in advisors_all():
        notify(
            recipient=advisor.user,
            kind="referral_received",
            context=context,
            key=f"referral_received:{referral.pk}:{advisor.user_id}",
            link=url,
        )


def _create_waiting(referral: Referral) -> Referral | None:
    """Save a waiting referral; None if the resident already has one (the constraint, for the loser of a race)."""
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        return None
    return referral


@transaction.atomic
def referral_self_create(
    *,
    resident,
    help_wanted: str,
    contact_method: str,
    contact_times: str = "",
    adjustments: str = "",
    shares_profile: bool = False,
    shares_equality: bool = False,
    phone: str = "",
    now: datetime | None = None,
) -> Referral:
    """A resident asks for an advisor for themselves: anyone signed in may, whatever their situation."""
    now = now or timezone.now()
    if not (resident.is_authenticated and resident.is_active):
        raise PermissionDenied("Sign in to ask for an advisor.")
    _check_contact(help_wanted=help_wanted, contact_method=contact_method, contact_times=contact_times)
    User.objects.select_for_update().filter(pk=resident.pk).values_list("pk", flat=True).first()
    case = Case.objects.open().filter(resident_id=resident.pk).select_related("lead_advisor__user").first()
    if case is not None:
        raise ValidationError(
            f"You already have an advisor, {case.lead_advisor}. Book an appointment with them instead.",
            code="has_case",
        )
    if Referral.objects.filter(resident_id=resident.pk, status=Referral.Status.WAITING).exists():
        raise ValidationError(WAITING_MESSAGE, code="waiting")
    phone = _save_phone(user=resident, phone=phone, overwrite=True)
    if contact_method in BY_PHONE and not phone:
        raise ValidationError("Enter a telephone number so an advisor can call or text you, or choose email")
    referral = _create_waiting(
        Referral(
            resident=resident,
            source=ReferralSource.SELF,
            help_wanted=help_wanted.strip(),
            contact_method=contact_method,
            contact_times=contact_times.strip(),
            adjustments=adjustments.strip(),
            shares_profile=shares_profile,
            shares_equality=shares_equality,
            created_at=now,
        )
    )
    if referral is None:
        raise ValidationError(WAITING_MESSAGE, code="waiting")
    _tell_advisors(referral)
    return referral


def _account_for(*, email: str, full_name: str) -> User:
    """The account with this address, or a new resident's account for it with no usable password."""
    user = User.objects.select_for_update().filter(email=email).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
    except IntegrityError:  # the same address made a moment ago, in a transaction that won
        return User.objects.select_for_update().get(email=email)
    role_grant(user=user, role=Role.RESIDENT)
    return user


@transaction.atomic
def referral_on_behalf_create(
    *,
    by,
    organisation,
    source: str,
    full_name: str,
    email: str,
    help_wanted: str,
    contact_method: str,
    consent_given: bool,
    consent_how: str,
    phone: str = "",
    contact_times: str = "",
    adjustments: str = "",
    now: datetime | None = None,
) -> Referral | None:
    """A partner member refers someone who agreed to it, for one of their organisations.

    The person's account is found by email, or made for them (they are emailed a link to choose a password);
    either way they are told who referred them, and the caller shows the same page, so the referrer never learns
    whether they had an account. Someone with a referral already waiting keeps it (None is returned). Sharing
    their profile and equality answers stays off: only the resident can choose those."""
    now = now or timezone.now()
    if not is_member(by, organisation.pk):
        raise PermissionDenied("You can only refer someone for an organisation you belong to.")
    if not consent_given:
        raise ValidationError("Confirm that the person agreed to be referred", code="consent")
    if consent_how not in ConsentWay.values:
        raise ValidationError("Select how they agreed to be referred", code="consent_how")
    if source not in ReferralSource.values or source == ReferralSource.SELF:
        raise ValidationError("Select where the referral is from", code="source")
    _check_contact(help_wanted=help_wanted, contact_method=contact_method, contact_times=contact_times)
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError("Enter their full name", code="full_name")
    email = email_normalise(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError("Enter an email address in the correct format, like name@example.com") from None
    if contact_method in BY_PHONE and not phone.strip():
        raise ValidationError("Enter their telephone number so an advisor can call or text them, or choose email")
    # Referring makes accounts and sends emails to any address typed: a cap per referrer, counted one after another.
    User.objects.select_for_update().filter(pk=by.pk).values_list("pk", flat=True).first()
    if Referral.objects.filter(referred_by=by, created_at__gt=now - timedelta(days=1)).count() >= REFERRALS_PER_DAY:
        raise ValidationError(
            f"You have referred {REFERRALS_PER_DAY} people in the last 24 hours, the most we take from one person. "
            "Contact Hackney Works to refer more today.",
            code="too_many",
        )
    person = _account_for(email=email, full_name=full_name)
    invited = not person.has_usable_password()
    # The number the referrer gives is used only where the person has not given their own.
    _save_phone(user=person, phone=phone, overwrite=invited)
    referral = None
    waiting = Referral.objects.filter(resident=person, status=Referral.Status.WAITING).first()
    if waiting is None:
        referral = _create_waiting(
            Referral(
                resident=person,
                source=source,
                referred_by=by,
                organisation=organisation,
                help_wanted=help_wanted.strip(),
                contact_method=contact_method,
                contact_times=contact_times.strip(),
                adjustments=adjustments.strip(),
                consent_recorded_at=now,
                consent_how=ConsentWay(consent_how).label,
                created_at=now,
            )
        )
    context = {"organisation": organisation.name, "referred_by": by.get_full_name(), "contact_url": _contact_url()}
    # Once for each referral, and once for each organisation referring someone already waiting (so a repeat sends
    # nothing more).
    occasion = referral.pk if referral else f"{waiting.pk}:{organisation.pk}"
    if invited:
        _, url = password_reset_link(person)
        notify(
            recipient=person,
            kind="referral_invitation",
            context=context | {"password_url": url, "reset_url": reverse("accounts:password_reset")},
            key=f"referral_invitation:{person.pk}:{occasion}",
            link=url,
        )
    else:
        notify(
            recipient=person,
            kind="referral_made_for_you",
            context=context | {"already_waiting": referral is None, "account_url": reverse("accounts:home")},
            key=f"referral_made_for_you:{person.pk}:{occasion}",
            link=reverse("accounts:home"),
        )
    if referral is not None:
        _tell_advisors(referral)
    return referral


def _acting_advisor(by) -> AdvisorProfile:
    profile = AdvisorProfile.objects.filter(user_id=by.pk).first() if is_advisor(by) else None
    if profile is None:
        raise PermissionDenied("Only advisors can triage referrals.")
    return profile


def _locked_waiting(referral: Referral) -> Referral:
    """The referral, locked, if it is still waiting; otherwise a ValidationError saying what became of it."""
    referral = Referral.objects.select_for_update().select_related("resident").get(pk=referral.pk)
    if referral.status == Referral.Status.ASSIGNED:
        case = Case.objects.filter(pk=referral.case_id).select_related("lead_advisor__user").first()
        lead = str(case.lead_advisor) if case else "another advisor"
        raise ValidationError(f"This referral has already been assigned to {lead}.", code="assigned")
    if referral.status == Referral.Status.CLOSED:
        raise ValidationError("This referral has already been closed.", code="closed")
    return referral


@transaction.atomic
def referral_assign(*, referral: Referral, lead_advisor: AdvisorProfile, by, now: datetime | None = None) -> Case:
    """An advisor gives a waiting referral to a lead advisor: it becomes the resident's open case (or joins the one
    they have). The resident is told who their advisor is, and the lead, if someone else assigned it, that they
    lead it. Two advisors assigning at once: the referral's row lock makes one wait, and it is then refused."""
    now = now or timezone.now()
    _acting_advisor(by)
    referral = _locked_waiting(referral)
    lead = advisors_all().filter(pk=lead_advisor.pk).first()
    if lead is None:
        raise ValidationError("Select an advisor from the list", code="lead_advisor")
    case = Case.objects.open().select_for_update().filter(resident_id=referral.resident_id).first()
    leads = case is None
    if case is None:
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    resident_id=referral.resident_id,
                    lead_advisor=lead,
                    source=referral.source,
                    shares_profile=referral.shares_profile,
                    shares_equality=referral.shares_equality,
                    opened_at=now,
                )
        except IntegrityError:  # an open case made a moment ago for this resident, from another referral
            case = Case.objects.open().select_for_update().get(resident_id=referral.resident_id)
            leads = False
    case.advisors.add(lead)
    referral.status, referral.case = Referral.Status.ASSIGNED, case
    referral.assigned_at, referral.assigned_by = now, by
    referral.save(update_fields=["status", "case", "assigned_at", "assigned_by"])
    advisor = AdvisorProfile.objects.select_related("user").get(pk=case.lead_advisor_id)
    book_url = reverse("appointments:book")
    notify(
        recipient=referral.resident,
        kind="advisor_assigned",
        context={"advisor": str(advisor), "book_url": book_url},
        key=f"advisor_assigned:{referral.pk}",
        link=book_url,
    )
    if lead.user_id != by.pk:
        notify(
            recipient=lead.user,
            kind="case_assigned",
            context={
                "resident": referral.resident.get_full_name(),
                "assigned_by": by.get_full_name(),
                "leads": leads,
                "case_url": _case_url(case),
            },
            key=f"case_assigned:{referral.pk}:{lead.user_id}",
            link=_case_url(case),
        )
    return case


@transaction.atomic
def referral_close(*, referral: Referral, reason: str, by, now=None) -> Referral:
    """An advisor closes a waiting referral without a case (a duplicate, or the person could not be contacted);
    someone who could not be contacted is told, with how to ask again."""
    _acting_advisor(by)
    if reason not in Referral.CloseReason.values:
        raise ValidationError("Select why you are closing the referral", code="reason")
    referral = _locked_waiting(referral)
    referral.status = Referral.Status.CLOSED
    referral.closed_at, referral.closed_by, referral.closed_reason = now or timezone.now(), by, reason
    referral.save(update_fields=["status", "closed_at", "closed_by", "closed_reason"])
    if reason == Referral.CloseReason.COULD_NOT_CONTACT:
        refer_url = reverse("advisors:refer")
        notify(
            recipient=referral.resident,
            kind="referral_closed",
            context={"refer_url": refer_url},
            key=f"referral_closed:{referral.pk}",
            link=refer_url,
        )
    return referral
