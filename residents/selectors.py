"""Reads of a resident's own profile and equality answers (always by the signed-in user, never by an id)."""

from opportunities.models import Sector

from .models import EqualityAnswers, ResidentProfile


def profile_for(*, user) -> ResidentProfile:
    """The resident's saved profile, or an unsaved empty one if they have not saved one yet (one query)."""
    profile = ResidentProfile.objects.filter(user=user).first()
    return profile if profile is not None else ResidentProfile(user=user)


def profile_sectors(*, profile: ResidentProfile) -> list[Sector]:
    """The sectors a profile is interested in, by name (one query; none for a profile not yet saved)."""
    if profile._state.adding:
        return []
    return list(profile.interested_sectors.order_by("name"))


def equality_answers_for(*, user) -> EqualityAnswers | None:
    """The resident's equality monitoring answers, or None if they have not given any (one query)."""
    return EqualityAnswers.objects.filter(user=user).first()
