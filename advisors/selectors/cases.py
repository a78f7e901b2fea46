"""Reading cases: only the advisors on a case reach it; the resident reads their own support through `support_of`.

The case notes are not read here: `services.cases.case_notes_read` is the only way to list them, so that every
read is audited.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from opportunities.models import PriorityGroup
from residents.models import EqualityAnswers, ResidentProfile
from residents.selectors import equality_answers_for, profile_for, profile_sectors

from ..models import AdvisorProfile, Appointment, AppointmentStatus, Case, CaseNote, Referral, SupportAction
from .referrals import advisors_all


def case_or_404(*, user, case_id) -> Case:
    """The case with this id if the signed-in person is an advisor on it; a 404 for everyone else, so a guessed id
    tells nothing."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404("No such case") from None
    case = Case.objects.for_advisor(user).select_related("resident", "lead_advisor__user").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    return case


def _lead_first(case: Case, advisors) -> list[AdvisorProfile]:
    return sorted(advisors, key=lambda advisor: advisor.pk != case.lead_advisor_id)


def advisors_on(case: Case) -> list[AdvisorProfile]:
    """Everyone working on the case, the lead first, then by name (one query)."""
    return _lead_first(case, case.advisors.select_related("user").order_by("user__full_name", "pk"))


@dataclass(frozen=True)
class CaseSummary:
    """What the case's summary page shows. The profile and equality answers are None unless the resident shares
    them (and the answers also when they have given none)."""

    advisors: list[AdvisorProfile]
    referrals: list[Referral]
    priority_groups: list[PriorityGroup]
    upcoming: list[Appointment]
    profile: ResidentProfile | None
    sectors: list
    equality: EqualityAnswers | None


def case_summary(*, case: Case, now: datetime) -> CaseSummary:
    """The summary of a case, in the same few queries however many referrals, advisors or appointments it has."""
    advisors = advisors_on(case)
    # What the resident chose to share is for the support they are getting: not once their case is closed.
    is_open = case.closed_at is None
    profile = profile_for(user=case.resident) if case.shares_profile and is_open else None
    return CaseSummary(
        advisors=advisors,
        referrals=list(case.referrals.select_related("referred_by", "organisation").order_by("created_at", "pk")),
        priority_groups=list(case.priority_groups.order_by("name")),
        # Only the appointments with the advisors on this case: the resident's others are not this case's business.
        upcoming=list(
            Appointment.objects.filter(
                resident=case.resident,
                advisor__in=[advisor.pk for advisor in advisors],
                status=AppointmentStatus.BOOKED,
                starts_at__gte=now,
            )
            .select_related("advisor__user")
            .order_by("starts_at")
        ),
        profile=profile,
        sectors=profile_sectors(profile=profile) if profile is not None else [],
        equality=equality_answers_for(user=case.resident) if case.shares_equality and is_open else None,
    )


def advisors_to_add(*, case: Case) -> QuerySet[AdvisorProfile]:
    """The advisors not yet on the case, by name: who can be brought onto it."""
    return advisors_all().exclude(cases=case)


def plan_of(*, case: Case) -> list[SupportAction]:
    """The case's support plan: actions still to do first, soonest due first, then those done."""
    return list(SupportAction.objects.filter(case=case))


def action_or_404(*, case: Case, action_id) -> SupportAction:
    """One action of this case's plan (an action of another case is a 404, even one the same advisor leads)."""
    action = SupportAction.objects.filter(case=case, pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    return action


def own_note_or_404(*, case: Case, user, note_id) -> CaseNote:
    """A note of this case the signed-in advisor wrote; anyone else's, or another case's, is a 404."""
    note = CaseNote.objects.filter(case=case, author=user, pk=note_id).first()
    if note is None:
        raise Http404("No such note")
    return note


@dataclass(frozen=True)
class Support:
    """What a resident sees of their open case: who their advisors are (the lead first) and their support plan."""

    case: Case
    advisors: list[AdvisorProfile]
    actions: list[SupportAction]


def support_of(*, user) -> Support | None:
    """The signed-in resident's support from their open case, or None if they have none (three queries)."""
    if not user.is_authenticated:
        return None
    case = (
        Case.objects.open()
        .filter(resident=user)
        .prefetch_related(
            Prefetch("advisors", queryset=AdvisorProfile.objects.select_related("user").order_by("user__full_name")),
            Prefetch("actions", queryset=SupportAction.objects.all()),
        )
        .first()
    )
    if case is None:
        return None
    return Support(case=case, advisors=_lead_first(case, case.advisors.all()), actions=list(case.actions.all()))


def resident_action_or_404(*, user, action_id) -> SupportAction:
    """One of the signed-in resident's own actions (theirs to do, on their open case); anything else is a 404."""
    action = (
        SupportAction.objects.filter(
            pk=action_id, case__resident=user, case__closed_at__isnull=True, owner=SupportAction.Owner.RESIDENT
        )
        .select_related("case")
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


def open_case_of_or_404(*, user) -> Case:
    """The signed-in resident's open case (for choosing what they share); a 404 if they have none."""
    case = Case.objects.open().filter(resident=user).first()
    if case is None:
        raise Http404("No open case")
    return case
