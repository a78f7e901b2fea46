"""Every change to who acts for an organisation. Each checks who is acting, locks what it changes and writes a
MembershipChange in the same transaction, so the history says who gave whom access, and when."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .access import can_manage_organisation
from .models import Membership, MembershipChange, Organisation


def _check_manager(by, organisation_id) -> None:
    if not can_manage_organisation(by, organisation_id):
        raise PermissionDenied("Only the organisation's admins and council staff can change its members.")


def _record(membership: Membership, *, action: str, by) -> MembershipChange:
    return MembershipChange.objects.create(
        organisation_id=membership.organisation_id,
        user_id=membership.user_id,
        action=action,
        role=membership.role,
        by=by,
    )


@transaction.atomic
def membership_add(*, organisation: Organisation, user, role: str = Membership.Role.MEMBER, by) -> Membership:
    """Let a person act for an organisation (post its listings, see its applicants)."""
    _check_manager(by, organisation.pk)
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # one change to its members at a time
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(f"{user.email} is already a member of {organisation.name}.")
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    _record(membership, action=MembershipChange.Action.ADDED, by=by)
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    """Make a member an admin of their organisation, or an admin a member."""
    _check_manager(by, membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        _record(membership, action=MembershipChange.Action.ROLE_CHANGED, by=by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """Take away a person's access to an organisation's listings and applicants."""
    _check_manager(by, membership.organisation_id)
    membership = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if membership is not None:
        _record(membership, action=MembershipChange.Action.REMOVED, by=by)
        membership.delete()
