"""GOV.UK markup for every public Django form: the form renderer and the widgets it needs."""

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render GOV.UK form groups (labels, hints, error messages)."""

    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


class GovukRadioSelect(forms.RadioSelect):
    template_name = "forms/govuk/radios.html"
    option_template_name = "forms/govuk/radio_option.html"
    use_fieldset = True
