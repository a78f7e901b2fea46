"""Your data (/account/data/, /account/data.json) and deleting your account (/account/delete/)."""

import json
from datetime import date, datetime

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from accounts.models import SignInThrottle, User
from advisors.models import (
    Appointment,
    Assessment,
    Barrier,
    Case,
    CheckIn,
    Outcome,
    Referral,
    SharedOpportunity,
    SupportAction,
    SupportGiven,
)
from applications.models import Application, ApplicationStatus, SavedOpportunity
from govuk.dates import govuk_datetime
from matching.models import AlertedListing, Feedback, ProfileAlert, SavedSearch
from notifications.models import Notification, Preference
from opportunities.models import Kind
from organisations.models import Membership
from residents.models import EqualityAnswers, ResidentProfile

from .data_rights import account_delete, account_export

# Each section of the copy, its heading on the page and the model its rows come from (for field names and the
# words behind stored choices).
SECTIONS = {
    "account": ("Your account", User),
    "profile": ("Your profile", ResidentProfile),
    "equality_monitoring": ("Equality monitoring", EqualityAnswers),
    "saved_opportunities": ("Saved opportunities", SavedOpportunity),
    "applications": ("Applications", Application),
    "appointments": ("Appointments with an advisor", Appointment),
    "referrals": ("Asking for an advisor's help", Referral),
    "cases": ("Your support from advisors", Case),
    "assessments": ("What you told your advisor (assessment)", Assessment),
    "support_plan": ("Your support plan", SupportAction),
    "shared_opportunities": ("Opportunities your advisor shared with you", SharedOpportunity),
    "support_given": ("Support given to you", SupportGiven),
    "outcomes": ("Jobs, apprenticeships, placements and courses", Outcome),
    "check_ins": ("In-work support check-ins", CheckIn),
    "saved_searches": ("Saved searches", SavedSearch),
    "profile_alert": ("Alerts from your profile", ProfileAlert),
    "listings_sent_in_alerts": ("Opportunities we sent you in alerts", AlertedListing),
    "alert_feedback": ("What you told us about alerts", Feedback),
    "messages": ("Messages we have sent you", Notification),
    "message_settings": ("Your email settings", Preference),
    "organisations": ("Organisations you post for", Membership),
    "sign_in_attempts": ("Recent failed sign-ins", SignInThrottle),
}
# Columns that only link rows together, or repeat what the page already says in words.
_NOT_SHOWN = {"id", "context", "key", "link", "next_attempt_at"}


def _label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    return capfirst(getattr(field, "verbose_name", None) or name.replace("_", " "))


def _words(model, name: str, value) -> str:
    """A stored value as a person reads it: choices by their label, times in GOV.UK style, yes or no."""
    if value in (None, "", [], {}):
        return "Nothing"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) or name.endswith("_at"):
        return govuk_datetime(datetime.fromisoformat(value)) if isinstance(value, str) else str(value)
    if isinstance(field, models.DateField):
        return date_format(date.fromisoformat(value), "j F Y")
    if name == "answers":
        return "\n\n".join(f"{item['question']}\n{item['answer']}" for item in value)
    if name == "history":
        return "\n".join(
            f"{dict(ApplicationStatus.choices).get(step['to_status'], step['to_status'])}: "
            f"{govuk_datetime(datetime.fromisoformat(step['at']))}"
            + (f" ({step['message']})" if step["message"] else "")
            for step in value
        )
    if name == "barriers":
        return ", ".join(str(dict(Barrier.choices).get(v, v)) for v in value)
    if isinstance(value, list):
        return ", ".join(str(dict(Kind.choices).get(v, v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return str(value)


def _sections(export: dict) -> list[dict]:
    sections = []
    for key, (title, model) in SECTIONS.items():
        rows = export.get(key)
        rows = [] if rows is None else rows if isinstance(rows, list) else [rows]
        sections.append(
            {
                "title": title,
                "rows": [
                    [
                        (_label(model, name), _words(model, name, value))
                        for name, value in row.items()
                        if name not in _NOT_SHOWN and not name.endswith("_id")
                    ]
                    for row in rows
                ],
            }
        )
    return sections


@login_required
def data(request):
    export = account_export(user=request.user)
    return render(
        request,
        "account/data.html",
        {"sections": _sections(export), "exported_at": govuk_datetime(timezone.now())},
    )


@login_required
def data_json(request):
    body = json.dumps(account_export(user=request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hackney-opportunities-data-{timezone.localdate()}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Enter your password to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right. Try again.")
        return password


@login_required
def delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            return render(request, "account/deleted.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "account/delete.html", {"form": form}, status=status)
