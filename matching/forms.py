"""The alert forms: saving and changing a search, profile alerts, why someone stopped, not relevant, sharing."""

from django import forms

from govuk.forms import GovukCheckboxSelectMultiple, GovukRadioSelect

from .models import Feedback, Frequency, SavedSearch

FREQUENCY_MESSAGE = "Select how often you want emails about new opportunities"
DETAIL_MAX_LENGTH = 1000


def _frequency_field(label: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=Frequency.choices,
        widget=GovukRadioSelect,
        error_messages={"required": FREQUENCY_MESSAGE, "invalid_choice": FREQUENCY_MESSAGE},
    )


def _detail_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Optional. You can enter up to {DETAIL_MAX_LENGTH:,} characters.",
        error_messages={"max_length": f"Tell us in {DETAIL_MAX_LENGTH:,} characters or fewer"},
    )


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label="Name this search",
        help_text="So you recognise it in your alerts. We have suggested one from your search.",
        max_length=SavedSearch._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"spellcheck": "true"}),
        error_messages={
            "required": "Enter a name for this search",
            "max_length": "Name must be 150 characters or fewer",
        },
    )
    frequency = _frequency_field("How often do you want emails about new opportunities?")


class ProfileAlertForm(forms.Form):
    frequency = _frequency_field(
        "How often do you want emails about new opportunities that fit your profile?",
        "We use the types of opportunity, sectors, hours and way of working in your profile, and only send what "
        "you can apply for.",
    )


class StopReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why did you stop this alert?",
        choices=Feedback.Reason.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select why you stopped the alert",
            "invalid_choice": "Select a reason from the list",
        },
    )
    detail = _detail_field("Anything else you want to tell us")


class NotRelevantForm(forms.Form):
    detail = _detail_field("What was wrong with it?")


class ShareForm(forms.Form):
    cases = forms.TypedMultipleChoiceField(
        label="Who do you want to share it with?",
        coerce=int,
        widget=GovukCheckboxSelectMultiple,
        error_messages={
            "required": "Select the residents to share it with",
            "invalid_choice": "Select the residents to share it with, from the list",
        },
    )
    message = forms.CharField(
        label="Message (optional)",
        help_text="Why you think it suits them. Each resident sees it with the opportunity.",
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Message must be {DETAIL_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = choices
