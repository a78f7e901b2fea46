"""Writes to a resident's own profile and equality answers. Each acts on the user passed, never on an id."""

from django.core.exceptions import ValidationError
from django.db import transaction

from opportunities.models import Kind

from .models import EqualityAnswers, ResidentProfile

PROFILE_FIELDS = (
    "phone",
    "date_of_birth",
    "postcode",
    "lives_in_hackney",
    "studied_in_hackney",
    "interested_kinds",
    "hours",
    "attendance",
    "skills",
    "aspirations",
)
EQUALITY_FIELDS = ("gender", "ethnicity", "disability", "care_experienced", "send")


def _unknown(data: dict, known) -> None:
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def profile_save(*, user, data: dict) -> ResidentProfile:
    """Save what a resident tells us about themselves (creating the profile on first save).

    `data` holds any of PROFILE_FIELDS, plus `full_name` (kept on the user) and `interested_sectors`
    (sectors or their ids); fields not in `data` are left as they are.
    """
    _unknown(data, (*PROFILE_FIELDS, "full_name", "interested_sectors"))
    profile, _ = ResidentProfile.objects.select_for_update().get_or_create(user=user)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    profile.interested_kinds = list(profile.interested_kinds or [])
    if not set(profile.interested_kinds) <= set(Kind.values):
        raise ValidationError({"interested_kinds": "Select kinds of opportunity from the list"})
    profile.full_clean(exclude=["user", "interested_sectors"])
    profile.save()
    if "interested_sectors" in data:
        profile.interested_sectors.set(data["interested_sectors"])
    if "full_name" in data and data["full_name"] != user.full_name:
        user.full_name = data["full_name"]
        user.save(update_fields=["full_name"])
    return profile


@transaction.atomic
def equality_answers_save(*, user, data: dict) -> EqualityAnswers:
    """Save a resident's equality monitoring answers; a blank answer means "not answered"."""
    _unknown(data, EQUALITY_FIELDS)
    answers, _ = EqualityAnswers.objects.select_for_update().get_or_create(user=user)
    for name in EQUALITY_FIELDS:
        if name in data:
            setattr(answers, name, data[name] or "")
    answers.full_clean(exclude=["user"])
    answers.save()
    return answers


@transaction.atomic
def equality_answers_delete(*, user) -> bool:
    """Remove a resident's equality monitoring answers; True if there were any."""
    deleted, _ = EqualityAnswers.objects.filter(user=user).delete()
    return deleted > 0
