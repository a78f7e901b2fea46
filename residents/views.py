"""The resident's own profile and equality monitoring pages: no ids in the URLs, only the signed-in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.next_page import next_path

from .forms import EqualityAnswersForm, ProfileForm
from .models import age_band
from .selectors import equality_answers_for, profile_for, profile_sectors
from .services import EQUALITY_FIELDS, equality_answers_delete, equality_answers_save, profile_save


@login_required
def profile(request):
    resident_profile = profile_for(user=request.user)
    context = {
        "profile": resident_profile,
        "sectors": profile_sectors(profile=resident_profile),
        "age": resident_profile.age_on(timezone.localdate()),
    }
    return render(request, "residents/profile.html", context)


@login_required
def profile_change(request):
    next_url = next_path(request)  # the page that sent them here to add something, such as a listing
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            profile_save(user=request.user, data=form.cleaned_data)
            messages.success(request, "Your profile has been saved")
            return redirect(next_url or "residents:profile")
    else:
        resident_profile = profile_for(user=request.user)
        sectors = profile_sectors(profile=resident_profile)
        initial = ProfileForm.initial_for(user=request.user, profile=resident_profile, sectors=sectors)
        form = ProfileForm(initial=initial)
    status = 400 if form.errors else 200
    return render(request, "residents/profile_change.html", {"form": form, "next": next_url}, status=status)


@login_required
def equality(request):
    answers = equality_answers_for(user=request.user)
    if request.method == "POST":
        form = EqualityAnswersForm(request.POST)
        if form.is_valid():
            equality_answers_save(user=request.user, data=form.cleaned_data)
            messages.success(request, "Your equality monitoring answers have been saved")
            return redirect("residents:equality")
    else:
        initial = {name: getattr(answers, name) for name in EQUALITY_FIELDS} if answers else None
        form = EqualityAnswersForm(initial=initial)
    resident_profile = profile_for(user=request.user)
    age = resident_profile.age_on(timezone.localdate())
    context = {
        "form": form,
        "answers": answers,
        "age_band": age_band(age) if age is not None else None,
    }
    return render(request, "residents/equality.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def equality_delete(request):
    if equality_answers_delete(user=request.user):
        messages.success(request, "Your equality monitoring answers have been removed")
    return redirect("residents:equality")
