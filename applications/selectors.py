"""Reads of a resident's own applications and saved listings."""

from opportunities.models import Status

from .models import Application, SavedOpportunity


def applications_of(*, user):
    """A resident's applications for their account page, most recent first (one query)."""
    return (
        Application.objects.filter(resident=user)
        .select_related("opportunity__organisation")
        .only(
            "id",
            "status",
            "route",
            "created_at",
            "opportunity__title",
            "opportunity__slug",
            "opportunity__organisation__name",
        )
        .order_by("-status_changed_at", "-id")
    )


def saved_of(*, user):
    """The listings a resident has saved that are still published, newest saved first."""
    return (
        SavedOpportunity.objects.filter(user=user, opportunity__status=Status.PUBLISHED)
        .select_related("opportunity__organisation")
        .only(
            "id",
            "saved_at",
            "opportunity__title",
            "opportunity__slug",
            "opportunity__closing_date",
            "opportunity__organisation__name",
        )
        .order_by("-saved_at")
    )
