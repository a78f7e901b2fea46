"""Forms of a case's casework pages: sharing an opportunity, support given, outcomes and check-ins. They parse what
was sent; the rules (open listings only, amounts in range, dates not in the future, once per start) are the
services'."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from govuk.forms import GovukDateField, GovukRadioSelect
from opportunities.models import PayPeriod

from ..models import OutcomeKind, SupportGiven

# Digits with an optional decimal point and a sign: no exponent ("1e9"), no "NaN", no other scripts' digits.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_LONGEST_NUMBER = 20
MESSAGE_MAX_LENGTH = 2000
NOTES_MAX_LENGTH = 5000


class NumberField(forms.CharField):
    """A number as people type it ("25.50", "£1,250", "37.5"), as a Decimal; `prefix` and `suffix` are shown
    beside the box (GOV.UK's prefixed and suffixed inputs) and ignored when typed."""

    def __init__(self, *, invalid: str, prefix: str = "", suffix: str = "", width: int = 5, **kwargs):
        kwargs.setdefault("template_name", "advisors/casework/_number_field.html")
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": f"govuk-input--width-{width}", "inputmode": "decimal", "spellcheck": "false"}
            ),
        )
        super().__init__(required=False, **kwargs)
        self.invalid, self.prefix, self.suffix = invalid, prefix, suffix

    def to_python(self, value):
        text = super().to_python(value)
        if self.suffix:
            text = text.removesuffix(self.suffix).strip()
        if self.prefix:  # "£25.50", "-£5", "£1,250"
            sign = "-" if text.startswith("-") else ""
            text = sign + text.removeprefix(sign).removeprefix(self.prefix).replace(",", "").strip()
        if not text:
            return None
        if len(text) > _LONGEST_NUMBER or not _NUMBER.fullmatch(text):
            raise ValidationError(self.invalid, code="invalid")
        return Decimal(text)


def money_field(label: str, **kwargs) -> NumberField:
    return NumberField(label=label, prefix="£", invalid=f"{label} must be an amount of money, like £25.50", **kwargs)


class ShareForm(forms.Form):
    """Which listing to share (one of the search's matches, or a pasted link) and the message with it."""

    q = forms.CharField(required=False, widget=forms.HiddenInput)
    opportunity = forms.IntegerField(
        label="Matching opportunities",
        required=False,
        widget=GovukRadioSelect,
        error_messages={"invalid": "Choose one of the opportunities shown"},
    )
    link = forms.CharField(
        label="Or paste the link to the opportunity",
        required=False,
        max_length=500,
        help_text="Copy it from the address bar of the opportunity's page.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    message = forms.CharField(
        label="Message (optional)",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, matches=(), resident_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["opportunity"].widget.choices = [(o.pk, f"{o.title} – {o.organisation.name}") for o in matches]
        # Without matches there is nothing to choose from, unless a choice was sent (from matches since gone).
        if not matches and not self.data.get("opportunity"):
            del fields["opportunity"]
            fields["link"].label = "Paste the link to the opportunity"
        fields["link"].error_messages["max_length"] = "The link must be 500 characters or fewer"
        fields["message"].help_text = f"{resident_name} will see it with the opportunity."
        fields["message"].error_messages["max_length"] = f"Message must be {MESSAGE_MAX_LENGTH:,} characters or fewer"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("opportunity") and not cleaned.get("link", "").strip():
            if "opportunity" in self.fields:
                self.add_error("opportunity", "Choose one of the opportunities shown, or paste its link")
            else:
                self.add_error("link", "Paste the link to the opportunity, or search for it by its title")
        return cleaned

    @property
    def chosen_field(self) -> str:
        """The field that names the listing, for the service's answer about it."""
        return "opportunity" if self.cleaned_data.get("opportunity") else "link"


class SupportGivenForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=SupportGiven.Kind.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select the kind of support given",
            "invalid_choice": "Select the kind of support given",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=300,
        help_text="For example: suit and shoes for an interview at a hotel.",
    )
    amount = money_field("Amount", help_text="What it cost, in pounds. Leave empty if it cost nothing.")
    given_on = GovukDateField(
        label="Date given",
        help_text="For example, 27 3 2027.",
        error_messages={"required": "Enter the date the support was given"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["max_length"] = "Description must be 300 characters or fewer"


_KIND_ERRORS = {"required": "Select what the resident achieved", "invalid_choice": "Select what the resident achieved"}
# Course completions keep their provider and course title where a start keeps its employer and job title.
COURSE_FIELDS = {"employer": "provider", "job_title": "course_title"}


class OutcomeForm(forms.Form):
    """An outcome: its kind and date, then the details of a work start, a course completed or work that lasted."""

    kind = forms.ChoiceField(
        label="What did the resident achieve?",
        choices=OutcomeKind.choices,
        widget=GovukRadioSelect,
        error_messages=_KIND_ERRORS,
    )
    achieved_on = GovukDateField(
        label="Date achieved",
        help_text="For a start, the first day. For example, 27 3 2027.",
        error_messages={"required": "Enter the date it was achieved"},
    )
    # A job, apprenticeship or placement start.
    employer = forms.CharField(label="Employer", required=False, max_length=200)
    job_title = forms.CharField(label="Job title (optional)", required=False, max_length=200)
    pay = money_field("Pay", help_text="Optional. Before tax, as agreed with the employer.", width=10)
    pay_period = forms.ChoiceField(
        label="How often is it paid?",
        choices=PayPeriod.choices,
        required=False,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": "Select how often the pay is given: per hour, week, month or year"},
    )
    hours_per_week = NumberField(
        label="Hours per week (optional)",
        suffix="hours",
        width=4,
        invalid="Hours per week must be a number, like 37.5",
    )
    # A course completed.
    provider = forms.CharField(label="Provider (optional)", required=False, max_length=200)
    course_title = forms.CharField(label="Course title", required=False, max_length=200)
    # Work that lasted 13 or 26 weeks.
    start = forms.ModelChoiceField(
        label="Which start lasted?",
        queryset=None,
        required=False,
        widget=GovukRadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": "Select the job, apprenticeship or placement start that lasted"},
    )
    opportunity = forms.ModelChoiceField(
        label="Which opportunity did it come from? (optional)",
        queryset=None,
        required=False,
        empty_label="None of these",
        help_text="Opportunities shared with the resident or that they applied for.",
    )

    def __init__(self, *args, starts, sources, resident_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["start"].queryset = starts
        if not starts.exists():
            fields["start"].help_text = "No job, apprenticeship or placement start has been recorded yet."
        fields["start"].label_from_instance = lambda start: (
            f"{start.get_kind_display()} at {start.employer} on {date_format(start.achieved_on, 'j F Y')}"
        )
        fields["opportunity"].queryset = sources
        fields["opportunity"].label_from_instance = lambda listing: f"{listing.title} – {listing.organisation.name}"
        fields["opportunity"].error_messages["invalid_choice"] = (
            f"Select an opportunity shared with or applied for by {resident_name}"
        )
        for name in ("employer", "job_title", "provider", "course_title"):
            label = fields[name].label.removesuffix(" (optional)")
            fields[name].error_messages["max_length"] = f"{label} must be 200 characters or fewer"

    def outcome_details(self) -> dict:
        """What the service takes, from the fields of the kind chosen."""
        data = self.cleaned_data
        kind = data["kind"]
        details = {"kind": kind, "achieved_on": data["achieved_on"], "opportunity": data["opportunity"]}
        if kind == OutcomeKind.COURSE_COMPLETION:
            return details | {name: data[field] for name, field in COURSE_FIELDS.items()}
        if kind in (OutcomeKind.SUSTAINED_13, OutcomeKind.SUSTAINED_26):
            return details | {"start": data["start"], "opportunity": None}
        return details | {name: data[name] for name in ("employer", "job_title", "pay", "pay_period", "hours_per_week")}

    def add_service_error(self, error: ValidationError) -> None:
        """Put the service's refusal on the fields it names (a course's provider and title on their own)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        course = self.cleaned_data.get("kind") == OutcomeKind.COURSE_COMPLETION
        for name, errors in error.error_dict.items():
            field = COURSE_FIELDS.get(name, name) if course else name
            self.add_error(field if field in self.fields else None, errors)


class CheckInForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="How the work is going, any problems, and any support agreed.",
        error_messages={
            "required": "Enter what you talked about at the check-in",
            "max_length": f"Notes must be {NOTES_MAX_LENGTH:,} characters or fewer",
        },
    )
    still_in_work = forms.BooleanField(required=False)

    def __init__(self, *args, sustained_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if sustained_label:
            self.fields["still_in_work"].label = sustained_label
        else:
            del self.fields["still_in_work"]
