from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .forms import PreferencesForm
from .kinds import KINDS, kind_get, kinds_for
from .models import Notification
from .rendering import unsubscribe_token_read
from .selectors import inbox_page, preferences_for
from .services import notification_mark_read, notifications_mark_all_read, preferences_set, unsubscribe


@login_required
def inbox(request):
    page = inbox_page(user=request.user, page=request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"inbox": page})


@login_required
def notification_detail(request, pk):
    """One message in full; opening it marks it read. Someone else's notification is a 404."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification, user=request.user)
    kind = KINDS.get(notification.kind)
    return render(request, "notifications/detail.html", {"notification": notification, "kind": kind})


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} message{'s' if count != 1 else ''} marked as read")
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    kinds = kinds_for(request.user)
    current = preferences_for(user=request.user, kinds=kinds)
    form = PreferencesForm(request.POST if request.method == "POST" else None, user=request.user, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your notification settings have been saved")
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs here with no session; the signed token is the proof
def unsubscribe_view(request, token):
    """GET shows a button (link checkers in mail systems must not unsubscribe anyone); POST unsubscribes."""
    if request.method == "POST":
        try:
            kind, preference = unsubscribe(token=token)
        except ValidationError:
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribed.html", {"kind": kind, "preference": preference})
    try:
        kind = kind_get(unsubscribe_token_read(token)[1])
    except (signing.BadSignature, ValueError):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    return render(request, "notifications/unsubscribe.html", {"token": token, "kind": kind})
