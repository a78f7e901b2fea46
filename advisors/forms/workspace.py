"""Forms of the advisor's workspace: the diary's day or week, attendance, settings, weekly hours and changes to
one day. They parse what was sent; the rules (times in order, a venue in person, no overlaps) are the services'."""

import datetime

from django import forms

from govuk.forms import GovukCheckboxSelectMultiple, GovukDateField, GovukRadioSelect

from ..models import AppointmentType, AvailabilityException, Mode, WeeklyHours

# The diary opens on any day of these years; the limits keep a typed date far from where date arithmetic fails.
DIARY_FIRST_DAY = datetime.date(2000, 1, 1)
DIARY_LAST_DAY = datetime.date(2099, 12, 31)


class DiaryForm(forms.Form):
    """`?day=YYYY-MM-DD` or `?week=YYYY-MM-DD` (any day of the week; it starts on the Monday)."""

    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    week = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["invalid"] = f"The {name} must be a real date, like 2027-03-23"

    def _within_limits(self, name):
        value = self.cleaned_data[name]
        if value is not None and not DIARY_FIRST_DAY <= value <= DIARY_LAST_DAY:
            raise forms.ValidationError(
                f"The {name} must be between {DIARY_FIRST_DAY.year} and {DIARY_LAST_DAY.year}", code="out_of_range"
            )
        return value

    def clean_day(self):
        return self._within_limits("day")

    def clean_week(self):
        return self._within_limits("week")


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("attended", "Attended"), ("missed", "Missed")],
        error_messages={
            "required": "Select whether the resident attended or missed the appointment",
            "invalid_choice": "Select whether the resident attended or missed the appointment",
        },
    )


class ClockField(forms.TimeField):
    """A time of day typed on the 24-hour clock ("09:30", "14:00"; "9.30" too)."""

    def __init__(self, *, label, required_message="", **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TimeInput(
                format="%H:%M", attrs={"class": "govuk-input--width-5", "spellcheck": "false", "autocomplete": "off"}
            ),
        )
        super().__init__(
            label=label,
            input_formats=["%H:%M", "%H.%M"],
            error_messages={
                "required": required_message,
                "invalid": f"{label} must be a real time on the 24-hour clock, like 09:30 or 14:00",
            },
            **kwargs,
        )


_MODE_ERRORS = {
    "required": "Select how you will meet residents: in person, by phone or by video call",
    "invalid_choice": "Select how you will meet residents: in person, by phone or by video call",
}
_VENUE_HINT = "For appointments in person: the address residents come to."


class AdvisorSettingsForm(forms.Form):
    job_title = forms.CharField(label="Job title", required=False, help_text="For example: Hackney Works advisor.")
    slot_minutes = forms.IntegerField(
        label="Appointment length in minutes",
        help_text="Between 15 and 180 minutes. Appointments already booked keep their length.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the appointment length in minutes",
            "invalid": "Appointment length must be a whole number of minutes, like 45",
        },
    )
    appointment_types = forms.MultipleChoiceField(
        label="Appointment types you offer",
        choices=AppointmentType.choices,
        required=False,
        widget=GovukCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the types of appointment you offer from the list"},
    )
    is_bookable = forms.BooleanField(
        label="Taking bookings",
        required=False,
        help_text="Untick to stop new bookings, for example while you are on leave. Appointments already booked stay.",
    )


class WeeklyHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day of the week",
        choices=WeeklyHours.Weekday.choices,
        coerce=int,
        widget=GovukRadioSelect,
        error_messages={"required": "Select a day of the week", "invalid_choice": "Select a day of the week"},
    )
    starts = ClockField(label="Start time", required_message="Enter a start time", help_text="For example, 09:30.")
    ends = ClockField(label="End time", required_message="Enter an end time", help_text="For example, 12:30.")
    mode = forms.ChoiceField(
        label="How you meet residents in these hours",
        choices=Mode.choices,
        widget=GovukRadioSelect,
        error_messages=_MODE_ERRORS,
    )
    venue = forms.CharField(label="Venue", required=False, help_text=_VENUE_HINT)


class AvailabilityExceptionForm(forms.Form):
    date = GovukDateField(label="Date", help_text="For example, 23 3 2027.")
    kind = forms.ChoiceField(
        label="What is changing",
        choices=[
            (AvailabilityException.Kind.UNAVAILABLE.value, "Time off (for example, leave or training)"),
            (AvailabilityException.Kind.EXTRA.value, "An extra session residents can book"),
        ],
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select time off or an extra session",
            "invalid_choice": "Select time off or an extra session",
        },
    )
    starts = ClockField(
        label="Start time",
        required=False,
        help_text="For example, 09:30. For time off, leave both times empty to take the whole day off.",
    )
    ends = ClockField(label="End time", required=False, help_text="For example, 12:30.")
    mode = forms.ChoiceField(
        label="How you will meet residents (extra sessions only)",
        choices=Mode.choices,
        required=False,
        widget=GovukRadioSelect,
        error_messages=_MODE_ERRORS,
    )
    venue = forms.CharField(label="Venue (extra sessions in person only)", required=False, help_text=_VENUE_HINT)
    reason = forms.CharField(
        label="Reason (optional)", required=False, help_text="For example: annual leave, training."
    )
