"""Writes to partner organisations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opportunities import search

from .models import Membership, Organisation


@transaction.atomic
def organisation_save(*, organisation: Organisation, by) -> Organisation:
    """Save an organisation's details (council staff, or one of its admins) and re-index its listings' names."""
    is_admin = Membership.objects.filter(user=by, organisation_id=organisation.pk, role=Membership.Role.ADMIN).exists()
    if not (is_admin or (by.is_staff and by.has_perm("partners.change_organisation"))):
        raise PermissionDenied("Only the organisation's admins and council staff can change its details.")
    organisation.save()
    search.refresh(list(organisation.opportunities.values_list("id", flat=True)))
    return organisation
