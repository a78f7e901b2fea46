from django import forms

from govuk.forms import GovukRadioSelect

from .kinds import kinds_for


class PreferencesForm(forms.Form):
    """One set of radios per kind of notification this person can receive."""

    def __init__(self, *args, user, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind.slug] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.hint,
                choices=[(channel.value, channel.label) for channel in kind.choices],
                initial=current[kind.slug].value,
                widget=GovukRadioSelect,
                error_messages={
                    "required": f"Select how you want to hear that “{kind.label.lower()}”",
                    "invalid_choice": f"Select one of the options for “{kind.label.lower()}”",
                },
            )
