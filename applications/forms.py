"""The application form: screening answers, a supporting statement and a CV."""

from django import forms
from django.conf import settings

from .files import cv_type_of

ANSWER_MAX = 2000
STATEMENT_MAX = 6000


class ApplicationForm(forms.Form):
    """A resident's answers to a listing's screening questions, their statement and, if they like, a CV."""

    statement = forms.CharField(
        label="Supporting statement",
        help_text=(
            "Say why you want this opportunity and what you would bring to it: experience from work, "
            "volunteering, school, college or home all counts."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=STATEMENT_MAX,
        error_messages={
            "required": "Enter your supporting statement",
            "max_length": f"Supporting statement must be {STATEMENT_MAX:,} characters or fewer",
        },
    )
    cv = forms.FileField(
        label="Upload your CV (optional)",
        help_text="A PDF or Word document, smaller than 5MB.",
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file to upload"},
    )

    def __init__(self, *args, questions: list[str], has_cv: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        answers = {}
        for number, question in enumerate(questions, start=1):
            answers[f"answer_{number}"] = forms.CharField(
                label=question,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=ANSWER_MAX,
                error_messages={
                    "required": f"Enter your answer to question {number}",
                    "max_length": f"Your answer to question {number} must be {ANSWER_MAX:,} characters or fewer",
                },
            )
        self.fields = answers | self.fields  # the questions first, as the listing asks them
        self.question_count = len(questions)
        if has_cv:
            self.fields["cv"].label = "Upload a different CV (optional)"
            self.fields["remove_cv"] = forms.BooleanField(label="Remove the CV I uploaded", required=False)

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if not upload:
            return None
        if upload.size > settings.CV_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        self.cv_type = cv_type_of(upload)
        if self.cv_type is None:
            raise forms.ValidationError("The selected file must be a PDF or Word document")
        return upload

    @property
    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{n}"] for n in range(1, self.question_count + 1)]
