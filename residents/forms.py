"""The resident's profile and equality monitoring forms. Every question is optional."""

import datetime
import re

from django import forms
from django.utils import timezone

from govuk.forms import GovukCheckboxSelectMultiple, GovukDateField, GovukDateInput, GovukRadioSelect
from opportunities.models import Kind, Sector

from .models import PREFER_NOT_TO_SAY, Attendance, Ethnicity, Gender, Hours, YesNo

PHONE_MESSAGE = "Enter a telephone number, like 07700 900 982 or 020 7946 0000"
POSTCODE_MESSAGE = "Enter a full UK postcode, like E8 1DY"
SKILLS_MAX_LENGTH = 2000
ASPIRATIONS_MAX_LENGTH = 2000
YOUNGEST_AGE, OLDEST_AGE = 14, 100

# Outward code (E8, EC1A, SW1W, N1C) and inward code (1DY); spaces are ignored when checking.
_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")
# Two-digit area codes whose numbers are written 0AA BBBB CCCC (London is 020).
_TWO_DIGIT_AREAS = ("02",)


def normalise_postcode(value: str) -> str:
    """'e8 1dy', 'E81DY' and ' e8  1dy ' all become 'E8 1DY'; anything that is not a full UK postcode raises."""
    compact = re.sub(r"\s+", "", value).upper()
    if not _POSTCODE.match(compact):
        raise forms.ValidationError(POSTCODE_MESSAGE, code="invalid")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_phone(value: str) -> str:
    """A UK telephone number in its national form with the usual spaces: '07700 900982', '020 7946 0000'.

    Accepts spaces, dashes, dots, brackets and +44 or 0044 (with or without the (0)); refuses letters and
    anything that is not 10 or 11 digits starting 01, 02, 03, 05, 07, 08 or 09.
    """
    compact = re.sub(r"[\s\-.()]", "", value)
    if compact.startswith("+44"):
        compact = "0" + compact[3:].removeprefix("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].removeprefix("0")
    # 01 and 08 numbers may have 10 digits (016977 2345, 0800 123456); every other UK number has 11.
    if not re.fullmatch(r"0[18][0-9]{8,9}|0[23579][0-9]{9}", compact):
        raise forms.ValidationError(PHONE_MESSAGE, code="invalid")
    if compact.startswith(_TWO_DIGIT_AREAS) and len(compact) == 11:
        return f"{compact[:3]} {compact[3:7]} {compact[7:]}"
    return f"{compact[:5]} {compact[5:]}"


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _youngest_birthday():
    return _years_ago(YOUNGEST_AGE)


def _oldest_birthday():
    return _years_ago(OLDEST_AGE + 1) + datetime.timedelta(days=1)


def _yes_no_field(label, hint=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": f"Select yes or no for “{label.lower()}”"},
    )


def _text_field(label, hint, max_length):
    return forms.CharField(
        label=label,
        help_text=f"{hint} You can enter up to {max_length:,} characters.",
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


class ProfileForm(forms.Form):
    """What we hold about a resident; blank means "not told us"."""

    full_name = forms.CharField(
        label="Full name",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"max_length": "Full name must be 150 characters or fewer"},
    )
    phone = forms.CharField(
        label="Telephone number",
        help_text=(
            "For example, 07700 900 982. Organisations you apply to will see it, so they can call you about "
            "your application."
        ),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={"max_length": PHONE_MESSAGE},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2007. Some opportunities are only for certain ages.",
        required=False,
        past_only=True,
        earliest=_oldest_birthday,
        latest=_youngest_birthday,
        widget=GovukDateInput(autocomplete="bday"),
    )
    postcode = forms.CharField(
        label="Postcode",
        help_text="Where you live, for example E8 1DY.",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        error_messages={"max_length": POSTCODE_MESSAGE},
    )
    lives_in_hackney = _yes_no_field("Do you live in Hackney?")
    studied_in_hackney = _yes_no_field(
        "Did you go to school or college in Hackney?",
        "Some opportunities, like council apprenticeships, are for people who live or studied in Hackney.",
    )
    interested_kinds = forms.MultipleChoiceField(
        label="What kinds of opportunity are you interested in?",
        help_text="Select all that apply.",
        required=False,
        choices=Kind.choices,
        widget=GovukCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select kinds of opportunity from the list"},
    )
    interested_sectors = forms.ModelMultipleChoiceField(
        label="What areas of work are you interested in?",
        help_text="Select all that apply.",
        required=False,
        queryset=Sector.objects.all(),
        widget=GovukCheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select areas of work from the list",
            "invalid_pk_value": "Select areas of work from the list",
        },
    )
    hours = forms.ChoiceField(
        label="How many hours do you want to work or study?",
        required=False,
        choices=Hours.choices,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": "Select how many hours you want to work or study"},
    )
    attendance = forms.ChoiceField(
        label="Do you want to go in person or take part online?",
        required=False,
        choices=Attendance.choices,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": "Select in person, online or either"},
    )
    skills = _text_field(
        "Your skills and experience",
        "In your own words: things you are good at, jobs, volunteering or caring you have done.",
        SKILLS_MAX_LENGTH,
    )
    aspirations = _text_field(
        "What you would like to do",
        "In your own words: the work or learning you would like, now or in the future.",
        ASPIRATIONS_MAX_LENGTH,
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        return normalise_postcode(postcode) if postcode else ""

    def clean_skills(self):
        return self.cleaned_data["skills"].strip()

    def clean_aspirations(self):
        return self.cleaned_data["aspirations"].strip()

    @classmethod
    def initial_for(cls, *, user, profile, sectors) -> dict:
        """The form's starting values from what we hold."""

        def yes_no(value):
            return None if value is None else ("yes" if value else "no")

        return {
            "full_name": user.full_name,
            "phone": profile.phone,
            "date_of_birth": profile.date_of_birth,
            "postcode": profile.postcode,
            "lives_in_hackney": yes_no(profile.lives_in_hackney),
            "studied_in_hackney": yes_no(profile.studied_in_hackney),
            "interested_kinds": list(profile.interested_kinds),
            "interested_sectors": [sector.pk for sector in sectors],
            "hours": profile.hours,
            "attendance": profile.attendance,
            "skills": profile.skills,
            "aspirations": profile.aspirations,
        }


def _grouped(choices) -> list:
    """Census labels "Broad group: detail" as Django grouped choices, with ungrouped ones (prefer not) last."""
    groups: dict[str, list] = {}
    ungrouped = []
    for value, label in choices:
        broad, sep, detail = label.partition(": ")
        if sep:
            groups.setdefault(broad, []).append((value, detail[0].upper() + detail[1:]))
        else:
            ungrouped.append((value, label))
    return [*groups.items(), *ungrouped]


def _equality_field(label, choices, *, topic, hint=""):
    """Radios ending in "or" then "Prefer not to say"; left blank means not answered."""
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=choices,
        widget=GovukRadioSelect(divider_before=PREFER_NOT_TO_SAY[0]),
        error_messages={"invalid_choice": f"Select one of the options for {topic}, or leave it blank"},
    )


class EqualityAnswersForm(forms.Form):
    """Optional equality monitoring questions; skipping any of them is fine."""

    gender = _equality_field("What is your gender?", Gender.choices, topic="gender")
    ethnicity = _equality_field(
        "What is your ethnic group?",
        _grouped(Ethnicity.choices),
        topic="ethnic group",
        hint="These are the groups used in the 2021 Census.",
    )
    disability = _equality_field(
        "Do you have a disability or a long-term health condition?",
        YesNo.choices,
        topic="disability or health condition",
        hint="A physical or mental health condition or illness that has lasted, or is expected to last, "
        "12 months or more.",
    )
    care_experienced = _equality_field(
        "Have you ever been in care?",
        YesNo.choices,
        topic="care experience",
        hint="For example in foster care, in a children's home, or looked after by the council "
        "while living with family or friends.",
    )
    send = _equality_field(
        "Do you have special educational needs and disabilities (SEND) or an education, health and care plan (EHCP)?",
        YesNo.choices,
        topic="SEND or an EHCP",
        hint="SEND means you get, or got, extra help with learning at school or college. An EHCP is a plan "
        "from the council that sets out that help.",
    )
