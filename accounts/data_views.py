"""Your data (/account/data/, /account/data.json) and deleting your account (/account/delete/)."""

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pages.dates import govuk_datetime

from .data_rights import account_delete, account_export

SECTION_TITLES = {
    "account": "Your account",
    "profile": "Your profile",
    "equality_monitoring": "Equality monitoring",
    "saved_opportunities": "Saved opportunities",
    "applications": "Applications",
    "messages": "Messages we have sent you",
    "message_settings": "Your email settings",
    "organisations": "Organisations you post for",
    "sign_in_attempts": "Recent failed sign-ins",
}


def _readable(value) -> str:
    if value in (None, "", []):
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | dict):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return str(value)


def _sections(export: dict) -> list[dict]:
    sections = []
    for key, title in SECTION_TITLES.items():
        if key not in export:
            continue
        rows = export[key]
        rows = [] if rows is None else rows if isinstance(rows, list) else [rows]
        sections.append(
            {
                "title": title,
                "rows": [[(name.replace("_", " ").capitalize(), _readable(v)) for name, v in r.items()] for r in rows],
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
    form = DeleteAccountForm(request.POST or None, user=request.user)
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
