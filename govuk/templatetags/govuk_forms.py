from django import forms, template
from django.forms.widgets import Input

from govuk.forms import GovukDateInput

register = template.Library()

_INPUT_CLASSES = [
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.RadioSelect, ""),  # radios and checkboxes (CheckboxSelectMultiple is a RadioSelect)
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
]


@register.filter
def govuk_widget(field):
    """Render a field's widget with its GOV.UK class, error state and the hint and error it is described by."""
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        # The fieldset is described by the hint and error; the widget marks the boxes that are wrong.
        return field.as_widget(attrs={"class": "govuk-input--error"} if field.errors else None)
    base = next((css for cls, css in _INPUT_CLASSES if isinstance(widget, cls)), "")
    if not base:
        return field.as_widget()
    classes = [base, widget.attrs.get("class", "")]
    described_by = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        classes.append(f"{base}--error")
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field):
    """Where an error summary link should land: the field, the first radio or checkbox of a set, or the first
    box of a date that is wrong (the day when the whole date is)."""
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        return f"{field.auto_id}_{(widget.error_parts or ('day',))[0]}"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def is_single_checkbox(field) -> bool:
    """A yes/no tick box (a BooleanField): GOV.UK draws it as one checkbox with its label beside it."""
    return isinstance(field.field.widget, forms.CheckboxInput)
