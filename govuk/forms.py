"""GOV.UK markup for every public Django form: the form renderer and the widgets and fields it needs."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.formats import date_format


class GovukFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render GOV.UK form groups (labels, hints, error messages)."""

    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


class _FlatIds:
    """Number options `<id>_0`, `<id>_1`, ... even under groups (Django's `<id>_<group>_<n>` would leave no
    `<id>_0` for the error summary to link to)."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        base = (attrs or {}).get("id") or self.attrs.get("id")
        if base:
            options = (option for _, group_options, _ in groups for option in group_options)
            for number, option in enumerate(options):
                option["attrs"]["id"] = f"{base}_{number}"
        return groups


class GovukRadioSelect(_FlatIds, forms.RadioSelect):
    """GOV.UK radios. Grouped choices get a visible group heading, and each label starts with its group's name
    for screen readers (which read a label, not headings between radios). `divider_before` puts GOV.UK's "or"
    divider before that value, as for "Prefer not to say"."""

    template_name = "forms/govuk/radios.html"
    option_template_name = "forms/govuk/radio_option.html"
    use_fieldset = True

    def __init__(self, attrs=None, choices=(), *, divider_before=None):
        super().__init__(attrs, choices)
        self.divider_before = divider_before

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["divider_before"] = self.divider_before
        return context


class GovukCheckboxSelectMultiple(_FlatIds, forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes in a fieldset (the field template gives the legend, hint and error message)."""

    template_name = "forms/govuk/checkboxes.html"
    option_template_name = "forms/govuk/checkbox_option.html"
    use_fieldset = True


DATE_PARTS = ("day", "month", "year")


class GovukDateInput(forms.MultiWidget):
    """GOV.UK date input: day, month and year boxes (`<name>_day`, ...) in one fieldset with role="group".

    `autocomplete="bday"` gives the boxes `bday-day`, `bday-month` and `bday-year`. The inputs to mark as wrong
    are in `error_parts` (set by `GovukDateField` when it rejects a value; all of them when it is empty).
    """

    template_name = "forms/govuk/date_input.html"
    use_fieldset = True
    fieldset_role = "group"  # JAWS reads a fieldset's description only with role="group" (GOV.UK Frontend)

    def __init__(self, attrs=None, *, autocomplete=None):
        widgets = {part: forms.TextInput() for part in DATE_PARTS}
        super().__init__(widgets, attrs)
        self.autocomplete = autocomplete
        self.error_parts: tuple[str, ...] = ()

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        error_class = "govuk-input--error" if "govuk-input--error" in widget["attrs"].get("class", "") else ""
        widget["attrs"].pop("class", None)
        id_ = widget["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, widget["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            classes = ["govuk-input", "govuk-date-input__input", f"govuk-input--width-{4 if part == 'year' else 2}"]
            sub_attrs.pop("aria-invalid", None)
            if error_class and (not self.error_parts or part in self.error_parts):
                classes.append(error_class)
                sub_attrs["aria-invalid"] = "true"
            sub_attrs["class"] = " ".join(classes)
            sub_attrs["inputmode"] = "numeric"
            sub_attrs.pop("aria-describedby", None)  # the fieldset is described by the hint and error
            if id_:
                sub_attrs["id"] = f"{id_}_{part}"
            if self.autocomplete:
                sub_attrs["autocomplete"] = f"{self.autocomplete}-{part}"
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else ""


class GovukDateField(forms.Field):
    """A date from a GOV.UK date input, with GOV.UK's error messages built from the field's label.

    `earliest` and `latest` (dates, or callables returning dates) bound the accepted dates;
    `past_only` refuses today and later ("... must be in the past").
    """

    widget = GovukDateInput
    default_error_messages = {"required": "Enter a date"}

    def __init__(self, *, past_only=False, earliest=None, latest=None, **kwargs):
        super().__init__(**kwargs)
        self.past_only = past_only
        self.earliest = earliest
        self.latest = latest

    @property
    def _name(self) -> str:
        label = str(self.label or "Date")
        return label[0].upper() + label[1:]

    def _fail(self, message, parts=()):
        self.widget.error_parts = tuple(parts)
        raise ValidationError(message, code="invalid")

    def to_python(self, value):
        self.widget.error_parts = ()
        if isinstance(value, datetime.date):
            return value
        values = [str(v or "").strip() for v in (value or [])] + [""] * 3
        entered = dict(zip(DATE_PARTS, values[:3], strict=True))
        missing = [part for part in DATE_PARTS if not entered[part]]
        if len(missing) == 3:
            return None
        if missing:
            self._fail(f"{self._name} must include a {' and '.join(missing)}", missing)
        # isascii: "٣" is a decimal digit too; lengths: a 5,000-digit "day" must not reach int() or date().
        longest = {"day": 2, "month": 2, "year": 4}
        not_numbers = [
            part
            for part in ("day", "month")
            if not (entered[part].isascii() and entered[part].isdecimal()) or len(entered[part]) > longest[part]
        ]
        if not_numbers:
            self._fail(f"{self._name} must be a real date", not_numbers)
        if not (entered["year"].isascii() and entered["year"].isdecimal()) or len(entered["year"].lstrip("0")) != 4:
            self._fail("Year must include 4 numbers", ["year"])
        day, month, year = (int(entered[part]) for part in DATE_PARTS)
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            self._fail(f"{self._name} must be a real date", ["day", "month"] if not 1 <= month <= 12 else ["day"])

    def validate(self, value):
        if value is None:
            if self.required:
                self._fail(self.error_messages["required"])
            return
        if self.past_only and value >= timezone.localdate():
            self._fail(f"{self._name} must be in the past")
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        if earliest and value < earliest:
            self._fail(f"{self._name} must be the same as or after {date_format(earliest, 'j F Y')}")
        if latest and value > latest:
            self._fail(f"{self._name} must be the same as or before {date_format(latest, 'j F Y')}")
