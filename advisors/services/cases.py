"""Everything written on a case page: priority groups, the next step, who works on the case, the assessment, the
support plan, the case notes (every read and change of them audited), and what the resident shares.

Only the advisors on a case write to it (`PermissionDenied` for anyone else, whatever the page in front did);
the resident chooses what they share and marks their own actions done.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.services import notify

from ..models import AdvisorProfile, Assessment, Barrier, Case, CaseAuditEntry, CaseNote, SupportAction
from ..selectors.referrals import advisors_all

NEXT_STEP_LENGTH = Case._meta.get_field("next_step").max_length
ACTION_LENGTH = SupportAction._meta.get_field("description").max_length


def _require_on_case(case: Case, by) -> None:
    """Anyone but an active advisor on the case is refused."""
    if not Case.objects.for_advisor(by).filter(pk=case.pk).exists():
        raise PermissionDenied("Only the advisors on this case can do that.")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_due(due: date | None, field: str) -> None:
    if due is not None and due < timezone.localdate():
        raise ValidationError({field: "Due date must be today or in the future"})


@transaction.atomic
def case_priority_groups_set(*, case: Case, groups, by) -> None:
    """Say which of the council's priority groups the resident is in (replacing what was there)."""
    _require_on_case(case, by)
    _locked(case).priority_groups.set(groups)


@transaction.atomic
def case_next_step_set(*, case: Case, next_step: str, due: date | None, by) -> Case:
    """The case's next step and when it is due (both empty to clear it)."""
    _require_on_case(case, by)
    next_step = next_step.strip()
    if len(next_step) > NEXT_STEP_LENGTH:
        raise ValidationError({"next_step": f"Next step must be {NEXT_STEP_LENGTH} characters or fewer"})
    if due is not None and not next_step:
        raise ValidationError({"next_step": "Enter the next step, or remove its due date"})
    _check_due(due, "due")
    case = _locked(case)
    case.next_step, case.next_step_due = next_step, due
    case.save(update_fields=["next_step", "next_step_due"])
    return case


@transaction.atomic
def case_advisor_add(*, case: Case, advisor: AdvisorProfile, by) -> None:
    """Bring another advisor (a job coach, say) onto the case: they then see its pages and notes, and are told."""
    _require_on_case(case, by)
    if not advisors_all().filter(pk=advisor.pk).exists():
        raise ValidationError({"advisor": "Choose an advisor from the list"})
    case = _locked(case)
    if case.advisors.filter(pk=advisor.pk).exists():
        raise ValidationError({"advisor": f"{advisor} is already working on this case"})
    case.advisors.add(advisor)
    case_url = reverse("advisors:case", args=[case.pk])
    notify(
        recipient=advisor.user,
        kind="case_assigned",
        context={
            "resident": case.resident.get_full_name(),
            "assigned_by": by.get_full_name(),
            "leads": False,
            "case_url": case_url,
        },
        key=f"case_advisor_added:{case.pk}:{advisor.pk}",
        link=case_url,
    )


@transaction.atomic
def assessment_save(
    *, case: Case, by, aspirations: str, interests: str, skills: str, barriers, barrier_notes: str
) -> Assessment:
    """Record the initial assessment, or change it; who first assessed the resident, and when, is kept."""
    _require_on_case(case, by)
    chosen = set(barriers)
    if not chosen <= set(Barrier.values):
        raise ValidationError({"barriers": "Choose barriers from the list"})
    _locked(case)  # two advisors saving the first assessment at once make one, not an error
    now = timezone.now()
    assessment = Assessment.objects.filter(case=case).first() or Assessment(case=case, assessed_by=by, assessed_at=now)
    assessment.aspirations = aspirations.strip()
    assessment.interests = interests.strip()
    assessment.skills = skills.strip()
    assessment.barriers = [value for value in Barrier.values if value in chosen]
    assessment.barrier_notes = barrier_notes.strip()
    assessment.updated_at = now
    assessment.save()
    return assessment


@transaction.atomic
def support_action_add(*, case: Case, by, description: str, owner: str, due_on: date | None) -> SupportAction:
    """Add an action to the support plan; the resident is told when it is theirs to do."""
    _require_on_case(case, by)
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Enter the action"})
    if len(description) > ACTION_LENGTH:
        raise ValidationError({"description": f"The action must be {ACTION_LENGTH} characters or fewer"})
    if owner not in SupportAction.Owner.values:
        raise ValidationError({"owner": "Choose who will do this"})
    _check_due(due_on, "due_on")
    added = SupportAction.objects.create(
        case=case, description=description, owner=owner, due_on=due_on, created_by=by, created_at=timezone.now()
    )
    if owner == SupportAction.Owner.RESIDENT:
        support_url = reverse("support:home")
        notify(
            recipient=case.resident,
            kind="support_action_added",
            context={
                "advisor": by.get_full_name(),
                "description": description,
                "due": date_format(due_on, "j F Y") if due_on else "",
                "support_url": support_url,
            },
            key=f"support_action_added:{added.pk}",
            link=support_url,
        )
    return added


def _may_mark(action: SupportAction, by) -> bool:
    case = action.case
    residents_own = (
        action.owner == SupportAction.Owner.RESIDENT
        and by.is_active
        and case.resident_id == by.pk
        and case.closed_at is None
    )
    return residents_own or Case.objects.for_advisor(by).filter(pk=case.pk).exists()


@transaction.atomic
def support_action_mark(*, action: SupportAction, done: bool, by) -> SupportAction:
    """Mark an action done or not done: the advisors on the case, or the resident for their own actions."""
    action = SupportAction.objects.select_for_update().select_related("case").get(pk=action.pk)
    if not _may_mark(action, by):
        raise PermissionDenied("Only the advisors on this case, or the resident for their own actions, can do that.")
    if done != (action.done_at is not None):
        action.done_at = timezone.now() if done else None
        action.save(update_fields=["done_at"])
    return action


@transaction.atomic
def support_action_remove(*, action: SupportAction, by) -> None:
    """Take an action off the support plan."""
    _require_on_case(action.case, by)
    SupportAction.objects.filter(pk=action.pk).delete()


def _audit(case: Case, by, action: str, note: CaseNote | None = None) -> None:
    CaseAuditEntry.objects.create(case=case, case_number=case.pk, who=by, who_email=by.email, action=action, note=note)


def _contact_on(case: Case, note: CaseNote) -> None:
    """Contact with the resident moves the case's last contact on (never back, whatever order notes arrive in)."""
    if note.kind in CaseNote.CONTACT:
        Case.objects.filter(pk=case.pk).filter(
            Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=note.created_at)
        ).update(last_contact_at=note.created_at)


def _note_checked(kind: str, body: str) -> str:
    if kind not in CaseNote.Kind.values:
        raise ValidationError({"kind": "Choose what kind of note this is"})
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter the note"})
    return body


@transaction.atomic
def case_notes_read(*, case: Case, by) -> list[CaseNote]:
    """The case's notes, newest first, for an advisor on the case; each read is written to the audit."""
    _require_on_case(case, by)
    _audit(case, by, CaseAuditEntry.Action.NOTES_READ)
    return list(CaseNote.objects.filter(case=case).select_related("author"))


@transaction.atomic
def case_note_read(*, note: CaseNote, by) -> CaseNote:
    """Open one note (one's own, to change it); the read is written to the audit like any other."""
    _require_on_case(note.case, by)
    _audit(note.case, by, CaseAuditEntry.Action.NOTES_READ, note)
    return note


@transaction.atomic
def case_note_add(*, case: Case, by, kind: str, body: str) -> CaseNote:
    """Add a note (a meeting, phone call or message is contact with the resident); the addition is audited."""
    _require_on_case(case, by)
    body = _note_checked(kind, body)
    now = timezone.now()
    added = CaseNote.objects.create(case=case, author=by, kind=kind, body=body, created_at=now, updated_at=now)
    _contact_on(case, added)
    _audit(case, by, CaseAuditEntry.Action.NOTE_ADDED, added)
    return added


@transaction.atomic
def case_note_change(*, note: CaseNote, by, kind: str, body: str) -> CaseNote:
    """Change one's own note; the change is audited."""
    note = CaseNote.objects.select_for_update().select_related("case").get(pk=note.pk)
    _require_on_case(note.case, by)
    if note.author_id != by.pk:
        raise PermissionDenied("Only the advisor who wrote a note can change it.")
    note.body = _note_checked(kind, body)
    note.kind = kind
    note.updated_at = timezone.now()
    note.save(update_fields=["kind", "body", "updated_at"])
    _contact_on(note.case, note)
    _audit(note.case, by, CaseAuditEntry.Action.NOTE_CHANGED, note)
    return note


@transaction.atomic
def case_sharing_set(*, case: Case, by, shares_profile: bool, shares_equality: bool) -> Case:
    """The resident chooses whether their advisors see their profile and their equality monitoring answers."""
    if not (by.is_active and case.resident_id == by.pk and case.closed_at is None):
        raise PermissionDenied("Only the resident chooses what they share.")
    if not (isinstance(shares_profile, bool) and isinstance(shares_equality, bool)):
        raise ValidationError("Choose yes or no for each question")
    case = _locked(case)
    case.shares_profile, case.shares_equality = shares_profile, shares_equality
    case.save(update_fields=["shares_profile", "shares_equality"])
    return case
