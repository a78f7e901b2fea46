"""Casework on a case: sharing opportunities with the resident, telling the case's advisors about the resident's
applications, the support given, outcomes and the in-work check-ins a work start schedules.

Only the advisors on a case act on it. A work start schedules its check-ins (after the first week, at 13 and at
26 weeks); the 13 and 26-week check-ins can record that the work lasted, once per start (a database constraint).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from govuk.dates import govuk_datetime
from notifications.services import notify
from opportunities.models import Opportunity, PayPeriod, Status, hourly_rate, pays_london_living_wage
from organisations.access import is_advisor

from ..availability import LONDON
from ..models import (
    STARTS_WORK,
    SUSTAINED,
    Case,
    CheckIn,
    Outcome,
    OutcomeKind,
    SharedOpportunity,
    SupportGiven,
)
from ..selectors.casework import outcome_sources

NOT_SHAREABLE = (
    "You can only share an opportunity that is published and open for applications. "
    "Check the link, or search for the opportunity by its title."
)
SUPPORT_MOST = Decimal("10000")
PAY_MOST = Decimal("999999")
HOURS_LEAST, HOURS_MOST = Decimal("0.5"), Decimal("100")
# When each check-in falls after a work start, and the outcome the 13 and 26-week ones can record.
CHECK_IN_AFTER = {
    CheckIn.Due.FIRST_WEEK: timedelta(weeks=1),
    CheckIn.Due.WEEK_13: timedelta(weeks=13),
    CheckIn.Due.WEEK_26: timedelta(weeks=26),
}
SUSTAINED_AT = {CheckIn.Due.WEEK_13: OutcomeKind.SUSTAINED_13, CheckIn.Due.WEEK_26: OutcomeKind.SUSTAINED_26}
SUSTAINED_AFTER = {OutcomeKind.SUSTAINED_13: timedelta(weeks=13), OutcomeKind.SUSTAINED_26: timedelta(weeks=26)}


def _case_for(by, case: Case) -> Case:
    """The case, read afresh through the advisor's own cases; anyone not on it may not act on it."""
    found = Case.objects.for_advisor(by).select_related("resident").filter(pk=case.pk).first()
    if found is None:
        raise PermissionDenied("Only the advisors on a case can change it.")
    return found


@transaction.atomic
def opportunity_share(
    *, case: Case, opportunity: Opportunity | None, message: str, by, today=None
) -> SharedOpportunity:
    """Share a published, open listing with the case's resident, once per case, and tell them (`opportunity`
    None, for a link or id that named no listing, is refused as any listing that can't be shared is)."""
    case = _case_for(by, case)
    today = today or timezone.localdate()
    if case.closed_at is not None:
        raise ValidationError("This case is closed, so you cannot share opportunities on it.", code="closed")
    if opportunity is not None:
        opportunity = Opportunity.objects.select_related("organisation").filter(pk=opportunity.pk).first()
    if opportunity is None or opportunity.status != Status.PUBLISHED:
        raise ValidationError(NOT_SHAREABLE, code="not_shareable")
    if not opportunity.is_open_on(today):
        raise ValidationError(
            f"“{opportunity.title}” closed on {date_format(opportunity.closing_date, 'j F Y')}, so it can't be shared.",
            code="closed_listing",
        )
    already = ValidationError(
        f"You have already shared “{opportunity.title}” with {case.resident.get_full_name()}.", code="already_shared"
    )
    if SharedOpportunity.objects.filter(case=case, opportunity=opportunity).exists():
        raise already
    try:
        with transaction.atomic():
            shared = SharedOpportunity.objects.create(
                case=case, opportunity=opportunity, message=message.strip(), shared_by=by
            )
    except IntegrityError as error:  # shared by another advisor on the case a moment before
        raise already from error
    listing_url = opportunity.get_absolute_url()
    notify(
        recipient=case.resident,
        kind="opportunity_shared",
        context={
            "title": opportunity.title,
            "organisation": opportunity.organisation.name,
            "advisor": by.get_full_name(),
            "message": shared.message,
            "listing_url": listing_url,
        },
        key=f"opportunity_shared:{shared.pk}",
        link=listing_url,
    )
    return shared


@transaction.atomic(savepoint=False)  # runs inside the applying service's transaction (the signal's sender)
def advisors_tell_of_application(sender, application, **kwargs) -> None:
    """Receiver of `applications.signals.application_sent`: tell the advisors on the resident's open case that they
    applied, saying so when it was for a listing shared with them on that case."""
    resident = application.resident
    case = Case.objects.open().filter(resident=resident).first() if resident is not None else None
    if case is None:
        return
    opportunity = application.opportunity
    shared = SharedOpportunity.objects.filter(case=case, opportunity=opportunity).select_related("shared_by").first()
    kind = "shared_opportunity_applied" if shared else "caseload_application_sent"
    case_url = reverse("advisors:case_applications", args=[case.pk])
    context = {
        "resident": resident.get_full_name(),
        "title": opportunity.title,
        "organisation": opportunity.organisation.name,
        "case_url": case_url,
    }
    for advisor in case.advisors.select_related("user").order_by("pk"):
        user = advisor.user
        if not is_advisor(user):  # no longer an advisor (left the team), though still named on the case
            continue
        extra = {}
        if shared:
            if shared.shared_by_id == user.pk:
                sharer = "you"
            else:
                sharer = shared.shared_by.get_full_name() if shared.shared_by else "an advisor who has left"
            extra = {"shared_by": sharer, "shared_on": date_format(timezone.localtime(shared.shared_at), "j F Y")}
        notify(
            recipient=user,
            kind=kind,
            context=context | extra,
            key=f"{kind}:{application.pk}:{user.pk}",
            link=case_url,
        )


def _money_problem(amount: Decimal, *, name: str, most: Decimal) -> str | None:
    if not amount.is_finite():
        return f"{name} must be an amount of money, like £25.50"
    if amount < 0:
        return f"{name} must be £0 or more"
    if amount.as_tuple().exponent < -2:
        return f"{name} must not have more than 2 numbers after the decimal point, like £25.50"
    if amount > most:
        return f"{name} must be £{most:,.0f} or less"
    return None


@transaction.atomic
def support_given_record(
    *, case: Case, kind: str, description: str, amount: Decimal | None, given_on, by, today=None
) -> SupportGiven:
    """Record practical support given to the case's resident, with what it cost (nothing, if `amount` is None)."""
    case = _case_for(by, case)
    today = today or timezone.localdate()
    amount = Decimal("0") if amount is None else amount
    errors = {}
    if kind not in SupportGiven.Kind.values:
        errors["kind"] = "Select the kind of support given"
    if problem := _money_problem(amount, name="Amount", most=SUPPORT_MOST):
        errors["amount"] = problem
    if given_on is None:
        errors["given_on"] = "Enter the date the support was given"
    elif given_on > today:
        errors["given_on"] = "Date given must be today or in the past"
    if len(description.strip()) > SupportGiven._meta.get_field("description").max_length:
        errors["description"] = "Description must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    return SupportGiven.objects.create(
        case=case, kind=kind, description=description.strip(), amount=amount, given_on=given_on, recorded_by=by
    )


@transaction.atomic
def support_given_remove(*, support: SupportGiven, by) -> None:
    """Remove support recorded by mistake."""
    case = _case_for(by, support.case)
    SupportGiven.objects.filter(case=case, pk=support.pk).delete()


def _start_details(outcome: Outcome, errors: dict, *, employer, job_title, pay, pay_period, hours_per_week) -> None:
    """A work start's employer, job, pay and hours, checked; `pays_llw` derived (None when it can't be)."""
    outcome.employer, outcome.job_title = employer.strip(), job_title.strip()
    if not outcome.employer:
        errors["employer"] = "Enter the employer"
    if pay is not None:
        if problem := _money_problem(pay, name="Pay", most=PAY_MOST):
            errors["pay"] = problem
        elif pay == 0:
            errors["pay"] = "Pay must be more than £0"
        if pay_period not in PayPeriod.values:
            errors["pay_period"] = "Select how often the pay is given: per hour, week, month or year"
    elif pay_period:
        errors["pay"] = "Enter the pay, or leave how often it is paid empty"
    if hours_per_week is not None:
        if not hours_per_week.is_finite() or not HOURS_LEAST <= hours_per_week <= HOURS_MOST:
            errors["hours_per_week"] = "Hours per week must be between 0.5 and 100"
        elif hours_per_week.as_tuple().exponent < -1:
            errors["hours_per_week"] = "Hours per week can only have 1 number after the decimal point, like 37.5"
    if errors:
        return
    outcome.pay, outcome.pay_period, outcome.hours_per_week = pay, pay_period if pay is not None else "", hours_per_week
    hourly = hourly_rate(pay, outcome.pay_period, hours_per_week)
    outcome.pays_llw = None if hourly is None else pays_london_living_wage(hourly)


def _sustained_details(outcome: Outcome, errors: dict, *, case: Case, start: Outcome | None) -> None:
    if start is None or start.case_id != case.pk or start.kind not in STARTS_WORK:
        errors["start"] = "Select the job, apprenticeship or placement start that lasted"
        return
    outcome.start = start
    weeks = SUSTAINED_AFTER[outcome.kind]
    earliest = start.achieved_on + weeks
    if outcome.achieved_on and outcome.achieved_on < earliest:
        errors["achieved_on"] = (
            f"{OutcomeKind(outcome.kind).label} can only be recorded from {date_format(earliest, 'j F Y')}, "
            f"{weeks.days // 7} weeks after the start"
        )
    if Outcome.objects.filter(start=start, kind=outcome.kind).exists():
        errors["start"] = _already_sustained(outcome.kind)


def _already_sustained(kind: str) -> str:
    return f"You have already recorded that this start lasted: “{OutcomeKind(kind).label.lower()}”"


@transaction.atomic
def outcome_record(
    *,
    case: Case,
    kind: str,
    achieved_on,
    by,
    employer: str = "",
    job_title: str = "",
    pay: Decimal | None = None,
    pay_period: str = "",
    hours_per_week: Decimal | None = None,
    opportunity: Opportunity | None = None,
    start: Outcome | None = None,
    today=None,
) -> Outcome:
    """Record what the support led to. A work start schedules its check-ins; a sustained outcome names the start it
    sustains (once each); `employer` and `job_title` are the provider and course title of a course completed."""
    case = _case_for(by, case)
    today = today or timezone.localdate()
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": "Select what the resident achieved"})
    outcome = Outcome(case=case, kind=kind, achieved_on=achieved_on, recorded_by=by)
    errors = {}
    if achieved_on is None:
        errors["achieved_on"] = "Enter the date it was achieved"
    elif achieved_on > today:
        errors["achieved_on"] = "Date achieved must be today or in the past"
    if kind in STARTS_WORK:
        _start_details(
            outcome,
            errors,
            employer=employer,
            job_title=job_title,
            pay=pay,
            pay_period=pay_period,
            hours_per_week=hours_per_week,
        )
    elif kind == OutcomeKind.COURSE_COMPLETION:
        outcome.employer, outcome.job_title = employer.strip(), job_title.strip()
        if not outcome.job_title:
            errors["job_title"] = "Enter the title of the course"
    else:
        _sustained_details(outcome, errors, case=case, start=start)
    if opportunity is not None and kind not in SUSTAINED:
        if not outcome_sources(case).filter(pk=opportunity.pk).exists():
            errors["opportunity"] = (
                f"Select an opportunity shared with or applied for by {case.resident.get_full_name()}"
            )
        outcome.opportunity = opportunity
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            outcome.save()
    except IntegrityError as error:  # the same start's sustained outcome, recorded a moment before
        raise ValidationError({"start": _already_sustained(kind)}) from error
    if kind in STARTS_WORK:
        CheckIn.objects.bulk_create(
            CheckIn(case=case, outcome=outcome, due=due, due_on=achieved_on + after)
            for due, after in CHECK_IN_AFTER.items()
        )
    return outcome


@transaction.atomic
def course_completion_from_provider(*, resident, opportunity: Opportunity, achieved_on, by) -> Outcome | None:
    """A course or event its provider marked as completed, as an outcome on the resident's open case (none without
    one), once per case and course: advisors see it on the case, and reports count it."""
    case = Case.objects.open().filter(resident=resident).first()
    if case is None:
        return None
    outcome, _ = Outcome.objects.get_or_create(
        case=case,
        kind=OutcomeKind.COURSE_COMPLETION,
        opportunity=opportunity,
        defaults={
            "achieved_on": achieved_on,
            "employer": opportunity.organisation.name,
            "job_title": opportunity.title,
            "recorded_by": by,
        },
    )
    return outcome


@transaction.atomic
def check_in_record(
    *, check_in: CheckIn, notes: str, by, still_in_work: bool = False, now: datetime | None = None
) -> CheckIn:
    """Record an in-work check-in as done (it is contact with the resident); at 13 or 26 weeks, `still_in_work`
    records the sustained outcome of its start too."""
    now = now or timezone.now()
    case = _case_for(by, check_in.case)
    check_in = CheckIn.objects.select_for_update().select_related("outcome").filter(case=case, pk=check_in.pk).get()
    if check_in.done_at is not None:
        raise ValidationError(f"This check-in was already recorded, on {govuk_datetime(check_in.done_at)}.")
    if not notes.strip():
        raise ValidationError({"notes": "Enter what you talked about at the check-in"})
    check_in.notes, check_in.done_at, check_in.done_by = notes.strip(), now, by
    check_in.save(update_fields=["notes", "done_at", "done_by"])
    Case.objects.filter(pk=case.pk).filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=now)).update(
        last_contact_at=now
    )
    if still_in_work:
        kind = SUSTAINED_AT.get(check_in.due)
        if kind is None:
            raise ValidationError({"still_in_work": "Only the 13 and 26-week check-ins record that work lasted"})
        try:
            outcome_record(
                case=case, kind=kind, achieved_on=now.astimezone(LONDON).date(), start=check_in.outcome, by=by
            )
        except ValidationError as error:
            raise ValidationError({"still_in_work": error.messages}) from error
    return check_in
