"""The questions of booking an appointment (what for, how, when, anything we should know) and of moving one."""

from collections import Counter

from django import forms

from govuk.dates import govuk_time
from govuk.forms import GovukRadioSelect

from ..availability import Slot
from ..models import AppointmentType, Mode

NOTES_MAX_LENGTH = 1000


class RadiosWithHints(GovukRadioSelect):
    """GOV.UK radios, each option with an optional hint under its label (`hints`: value -> text)."""

    option_template_name = "advisors/booking/_radio_option.html"

    def __init__(self, attrs=None, choices=(), *, hints=None):
        super().__init__(attrs, choices)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        return option


class AppointmentTypeForm(forms.Form):
    """Step 1: what they would like help with, among the types offered (`types`)."""

    appointment_type = forms.ChoiceField(
        label="What would you like help with?",
        widget=GovukRadioSelect,
        error_messages={
            "required": "Choose what you would like help with",
            "invalid_choice": "Choose one of the kinds of help shown",
        },
    )

    def __init__(self, *args, types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment_type"].choices = [(kind, AppointmentType(kind).label) for kind in types]


class ModeForm(forms.Form):
    """Step 2: how they would like to meet, among `modes` (mode -> venues, shown under "In person")."""

    mode = forms.ChoiceField(
        label="How would you like to meet?",
        widget=RadiosWithHints,
        error_messages={
            "required": "Choose how you would like to meet",
            "invalid_choice": "Choose one of the ways to meet shown",
        },
    )

    def __init__(self, *args, modes: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mode"]
        field.choices = [(mode, Mode(mode).label) for mode in modes]
        field.widget.hints = {mode: f"At {' or '.join(venues)}" for mode, venues in modes.items() if venues}


def slot_value(slot: Slot) -> str:
    """A free time as a radio's value: the advisor and the start."""
    return f"{slot.advisor_id}|{slot.starts_at.isoformat()}"


def slot_label(slot: Slot) -> str:
    """ "10:30am at Hackney Works, 1 Hillman Street", or "10:30am" by phone or video: the time and place a resident
    chooses; which advisor they will see is on the check page."""
    return f"{govuk_time(slot.starts_at)}{f' at {slot.venue}' if slot.venue else ''}"


def one_a_time(slots: list[Slot], *, prefer: frozenset = frozenset()) -> list[Slot]:
    """A day's free times with one slot per start and place: of the advisors free then, the resident's own
    advisors first, then whoever has the most time free that day (so bookings spread across the team), then the
    order given."""
    free = Counter(slot.advisor_id for slot in slots)
    best: dict[tuple, tuple] = {}
    for slot in slots:
        rank = (slot.advisor_id not in prefer, -free[slot.advisor_id])
        key = (slot.starts_at, slot.venue)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, slot)
    return sorted((slot for _, slot in best.values()), key=lambda slot: (slot.starts_at, slot.venue))


class TimeForm(forms.Form):
    """One of the free times: every one of them is accepted, the radios show the chosen day's times, one a time
    and place (`one_a_time`)."""

    # A text field with radios rather than a ChoiceField: the window holds thousands of free times, and only the
    # day's few need a label (a ChoiceField would build one for each).
    slot = forms.CharField(widget=GovukRadioSelect, error_messages={"required": "Choose a time"})

    def __init__(self, *args, times: dict, day, legend: str, prefer: frozenset = frozenset(), refused=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused
        self.slots = {slot_value(slot): slot for slots in times.values() for slot in slots}
        field = self.fields["slot"]
        field.label = legend
        field.widget.choices = [
            (slot_value(slot), slot_label(slot)) for slot in one_a_time(times.get(day, []), prefer=prefer)
        ]

    def clean_slot(self) -> Slot:
        if (slot := self.slots.get(self.cleaned_data["slot"])) is None:
            raise forms.ValidationError("That time is not free. Choose one of the times shown.")
        return slot

    def full_clean(self):
        super().full_clean()
        # `refused`: why booking or moving to the time chosen failed (taken meanwhile, ...), shown on the radios
        # of an unbound form, which offers the times left.
        if self.refused is not None:
            self._errors["slot"] = self.error_class(self.refused.messages, renderer=self.renderer)


class NotesForm(forms.Form):
    """Step 4: anything we should know (both optional, each of a limited length)."""

    help_wanted = forms.CharField(
        label="What would you like help with? (optional)",
        help_text="For example, the kind of work you are looking for, or a job you want to apply for. "
        f"You can enter up to {NOTES_MAX_LENGTH:,} characters.",
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What you would like help with must be {NOTES_MAX_LENGTH:,} characters or less"},
    )
    adjustments = forms.CharField(
        label="Do you need any adjustments? (optional)",
        help_text="For example, a quiet room, step-free access, an interpreter, extra time. "
        f"You can enter up to {NOTES_MAX_LENGTH:,} characters.",
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Adjustments must be {NOTES_MAX_LENGTH:,} characters or less"},
    )
