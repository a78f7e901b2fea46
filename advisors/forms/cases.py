"""Forms of the case pages and of the resident's support page: they parse; the services decide."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from govuk.forms import GovukCheckboxSelectMultiple, GovukDateField, GovukRadioSelect
from opportunities.models import PriorityGroup

from ..models import Barrier, Case, CaseNote, SupportAction
from ..services.cases import ACTION_LENGTH, NEXT_STEP_LENGTH

NOTE_MAX_LENGTH = 10_000


def _plan_horizon():
    """The latest a next step or an action can be due: three years ahead (a support plan is not longer)."""
    return timezone.localdate() + timedelta(days=3 * 365)


class PriorityGroupsForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label="Priority groups the resident is in",
        help_text="Select all that apply.",
        queryset=PriorityGroup.objects.order_by("name"),
        widget=GovukCheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Choose priority groups from the list",
            "invalid_pk_value": "Choose priority groups from the list",
        },
    )


class NextStepForm(forms.Form):
    next_step = forms.CharField(
        label="Next step",
        max_length=NEXT_STEP_LENGTH,
        required=False,
        help_text="For example: send two applications, or call about the placement. Leave empty to clear it.",
        error_messages={"max_length": f"Next step must be {NEXT_STEP_LENGTH} characters or fewer"},
    )
    due = GovukDateField(label="Due date", required=False, help_text="For example, 27 3 2027.", latest=_plan_horizon)


class AdvisorAddForm(forms.Form):
    advisor = forms.ModelChoiceField(
        label="Advisor",
        queryset=None,
        empty_label="Choose an advisor",
        error_messages={
            "required": "Choose an advisor from the list",
            "invalid_choice": "Choose an advisor from the list",
        },
    )

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors
        self.fields["advisor"].label_from_instance = lambda advisor: (
            f"{advisor}, {advisor.job_title}" if advisor.job_title else str(advisor)
        )


class AssessmentForm(forms.Form):
    aspirations = forms.CharField(
        label="Aspirations",
        help_text="What they would like to do.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    interests = forms.CharField(label="Interests", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    skills = forms.CharField(label="Skills and experience", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    barriers = forms.MultipleChoiceField(
        label="Barriers to work",
        help_text="Select all that apply.",
        choices=Barrier.choices,
        widget=GovukCheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose barriers from the list"},
    )
    barrier_notes = forms.CharField(
        label="More about the barriers", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class SupportActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=ACTION_LENGTH,
        help_text="What will be done, in words the resident understands.",
        error_messages={
            "required": "Enter the action",
            "max_length": f"The action must be {ACTION_LENGTH} characters or fewer",
        },
    )
    owner = forms.ChoiceField(
        label="Who will do this?",
        choices=SupportAction.Owner.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Choose who will do this", "invalid_choice": "Choose who will do this"},
    )
    due_on = GovukDateField(
        label="Due date", required=False, help_text="Optional. For example, 27 3 2027.", latest=_plan_horizon
    )


DONE_CHOICES = [("yes", "Done"), ("no", "Not done")]


class ActionMarkForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=DONE_CHOICES,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose done or not done", "invalid_choice": "Choose done or not done"},
    )


class CaseNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of note is this?",
        choices=CaseNote.Kind.choices,
        widget=GovukRadioSelect,
        help_text="A meeting, phone call or message counts as contact with the resident.",
        error_messages={
            "required": "Choose what kind of note this is",
            "invalid_choice": "Choose what kind of note this is",
        },
    )
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the advisors on this case can read it. Every read is recorded.",
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer",
        },
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, what: str, hint: str) -> forms.TypedChoiceField:
    message = f"Choose yes if you want to share your {what} with your advisors, or no if you do not"
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=GovukRadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SharingForm(forms.Form):
    shares_profile = _yes_no(
        "Do you want to share your profile with your advisors?",
        "profile",
        "Your phone number, date of birth, postcode, whether you live or studied in Hackney, and the work, skills "
        "and hopes you told us about. It helps them suggest opportunities that suit you.",
    )
    shares_equality = _yes_no(
        "Do you want to share your equality monitoring answers with your advisors?",
        "equality monitoring answers",
        "Your answers about gender, ethnicity, disability, care experience and special educational needs. It can "
        "help them find support and programmes meant for you.",
    )

    @classmethod
    def initial_for(cls, case: Case) -> dict:
        return {
            "shares_profile": "yes" if case.shares_profile else "no",
            "shares_equality": "yes" if case.shares_equality else "no",
        }
