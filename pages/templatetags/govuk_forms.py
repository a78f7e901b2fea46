from django import forms, template
from django.forms.widgets import Input

register = template.Library()

_INPUT_CLASSES = [
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.RadioSelect, ""),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
]


@register.filter
def govuk_widget(field):
    """Render a field's widget with its GOV.UK class, error state and the hint and error it is described by."""
    widget = field.field.widget
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
    """Where an error summary link should land: the field, or the first option of a set of radios."""
    return f"{field.auto_id}_0" if isinstance(field.field.widget, forms.RadioSelect) else field.auto_id
