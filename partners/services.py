"""Writes to partner organisations' details."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opportunities import search
from organisations.access import can_manage_organisation
from organisations.models import Organisation


@transaction.atomic
def organisation_save(*, organisation: Organisation, by) -> Organisation:
    """Save an organisation's details (council staff, or one of its admins) and re-index its listings' names."""
    if not can_manage_organisation(by, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and council staff can change its details.")
    organisation.save()
    search.refresh(list(organisation.opportunities.values_list("id", flat=True)))
    return organisation
