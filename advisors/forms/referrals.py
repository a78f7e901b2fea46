"""Forms of the referral pages: asking for an advisor, referring someone, and triage."""

from django import forms

from govuk.forms import GovukRadioSelect
from residents.forms import PHONE_MESSAGE, normalise_phone

from ..models import ContactMethod, Referral, ReferralSource
from ..selectors.referrals import BY_PHONE
from ..services.referrals import ConsentWay

HELP_MAX_LENGTH = 2000
ADJUSTMENTS_MAX_LENGTH = 1000
TIMES_MAX_LENGTH = 200  # Referral.contact_times


def _text(label, hint, max_length, *, required=False, required_message="", rows=5):
    return forms.CharField(
        label=label,
        help_text=f"{hint} You can enter up to {max_length:,} characters." if hint else "",
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": f"{label.removesuffix(' (optional)').rstrip('?')} must be {max_length:,} characters or fewer",
        },
    )


def _contact_times(label):
    return forms.CharField(
        label=label,
        help_text="For example: weekday mornings, or after 4pm.",
        required=False,
        max_length=TIMES_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-30"}),
        error_messages={"max_length": f"The times must be {TIMES_MAX_LENGTH} characters or fewer"},
    )


def _phone(label, hint):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={"max_length": PHONE_MESSAGE},
    )


def _yes_no(label, hint):
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=GovukRadioSelect,
        error_messages={
            "required": f"Select yes or no for “{label.rstrip('?').lower()}”",
            "invalid_choice": f"Select yes or no for “{label.rstrip('?').lower()}”",
        },
    )


class _ContactForm(forms.Form):
    """What both ways of asking for an advisor share: the help wanted and how to reach the person."""

    phone_required_message = "Enter a telephone number, or choose email"

    def clean_help_wanted(self):
        return self.cleaned_data["help_wanted"].strip()

    def clean_contact_times(self):
        return " ".join(self.cleaned_data["contact_times"].split())

    def clean_adjustments(self):
        return self.cleaned_data["adjustments"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    def needs_phone(self) -> bool:
        return "phone" in self.fields

    def clean(self):
        cleaned = super().clean()
        wants_call = cleaned.get("contact_method") in BY_PHONE
        if self.needs_phone() and wants_call and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", self.phone_required_message)
        return cleaned


class SelfReferralForm(_ContactForm):
    """A resident asks for an advisor. The phone number is asked only if their profile has none."""

    help_wanted = _text(
        "What would you like help with?",
        "For example: finding work or an apprenticeship, choosing a course, your CV, interviews or your confidence.",
        HELP_MAX_LENGTH,
        required=True,
        required_message="Enter what you would like help with",
    )
    contact_method = forms.ChoiceField(
        label="How would you like an advisor to contact you?",
        choices=ContactMethod.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select how you would like an advisor to contact you",
            "invalid_choice": "Select how you would like an advisor to contact you",
        },
    )
    phone = _phone(
        "Telephone number (optional)",
        "Needed for a phone call or text message, for example 07700 900 982. We will save it in your profile.",
    )
    contact_times = _contact_times("When is a good time to contact you? (optional)")
    adjustments = _text(
        "Is there anything we should do so you can take part? (optional)",
        "For example: an interpreter, step-free access, a quiet room, longer appointments or easy read information.",
        ADJUSTMENTS_MAX_LENGTH,
        rows=3,
    )
    shares_profile = _yes_no(
        "Can your advisor see your profile?",
        "Your profile has your date of birth, postcode, skills and the work or learning you are interested in. "
        "It helps your advisor suggest what suits you. If you say no, they will ask you what they need.",
    )
    shares_equality = _yes_no(
        "Can your advisor see your equality monitoring answers?",
        "These are your answers about gender, ethnicity, disability, care experience and special educational "
        "needs, if you gave any. Saying no does not change the help you get.",
    )
    phone_required_message = "Enter a telephone number so an advisor can call or text you, or choose email"

    def __init__(self, *args, profile_phone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if profile_phone:
            del self.fields["phone"]


class OnBehalfReferralForm(_ContactForm):
    """A partner member refers someone who agreed to it, for one of their own organisations."""

    organisation = forms.ModelChoiceField(
        label="Which organisation is making the referral?",
        queryset=None,
        empty_label=None,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select which of your organisations is making the referral",
            "invalid_choice": "Select one of your organisations: you can only refer for an organisation you belong to",
        },
    )
    source = forms.ChoiceField(
        label="Where is the referral from?",
        choices=[(value, label) for value, label in ReferralSource.choices if value != ReferralSource.SELF],
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select where the referral is from",
            "invalid_choice": "Select where the referral is from",
        },
    )
    full_name = forms.CharField(
        label="Their full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their full name",
            "max_length": "Their name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="We will email them to say you referred them, and how to sign in to see their advisor.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Their email address must be 254 characters or fewer",
        },
    )
    phone = _phone(
        "Their telephone number (optional)",
        "Needed if they would like a phone call or text message, for example 07700 900 982.",
    )
    help_wanted = _text(
        "What would they like help with?",
        "In their words if you can: work, an apprenticeship, a course, their CV, interviews or their confidence.",
        HELP_MAX_LENGTH,
        required=True,
        required_message="Enter what they would like help with",
    )
    contact_method = forms.ChoiceField(
        label="How would they like an advisor to contact them?",
        choices=ContactMethod.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select how they would like an advisor to contact them",
            "invalid_choice": "Select how they would like an advisor to contact them",
        },
    )
    contact_times = _contact_times("When is a good time to contact them? (optional)")
    adjustments = _text(
        "Is there anything we should do so they can take part? (optional)",
        "For example: an interpreter, step-free access, a quiet room, longer appointments or easy read information.",
        ADJUSTMENTS_MAX_LENGTH,
        rows=3,
    )
    consent = forms.BooleanField(
        label="The person agreed to this referral",
        error_messages={"required": "Confirm that the person agreed to be referred"},
    )
    consent_how = forms.ChoiceField(
        label="How did they agree?",
        choices=ConsentWay.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select how they agreed to be referred",
            "invalid_choice": "Select how they agreed to be referred",
        },
    )
    phone_required_message = "Enter their telephone number so an advisor can call or text them, or choose email"

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        name = " ".join(str(self.data.get("full_name", "")).split()) if self.is_bound else ""
        if name:
            self.fields["consent"].label = f"{name[:150]} agreed to this referral"

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class LeadAdvisorForm(forms.Form):
    """Who leads the case a referral becomes (or joins)."""

    lead_advisor = forms.ModelChoiceField(
        label="Who will lead their case?",
        queryset=None,
        empty_label=None,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select who will lead their case",
            "invalid_choice": "Select an advisor from the list",
        },
    )

    def __init__(self, *args, advisors, me, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_advisor"]
        field.queryset = advisors
        field.label_from_instance = lambda advisor: _advisor_label(advisor, me)


def _advisor_label(advisor, me) -> str:
    label = str(advisor) + (" (you)" if advisor.pk == me.pk else "")
    if advisor.job_title:
        label += f", {advisor.job_title}"
    return label if advisor.is_bookable else f"{label} (not taking bookings)"


class CloseReferralForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you closing it?",
        choices=Referral.CloseReason.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select why you are closing the referral",
            "invalid_choice": "Select why you are closing the referral",
        },
    )
