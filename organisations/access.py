"""Who may see and do what: the one place the portal's access rules are written.

Views, the partner admin, services, templates (through the context processor) and notification audiences all
ask these, so a rule changes in one place. Two shapes:

- predicates answer "may this person ...?" for one person (`is_partner`, `can_moderate`, ...);
- scoped querysets narrow any queryset to the rows a person may reach (`scoped_to_member`), so that another
  organisation's object is simply not found (a 404, never a 403 that confirms it exists).

An inactive account may do nothing, whatever its roles and memberships say.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from accounts.roles import is_advisor, is_resident
from notifications.kinds import Audience

from .models import Membership, Organisation

# The permission that lets council staff publish, send back or reject partners' listings.
MODERATE_LISTINGS = "opportunities.moderate_opportunity"
MANAGE_ORGANISATIONS = "organisations.change_organisation"

__all__ = [
    "ADVISORS",
    "MODERATORS",
    "PARTNERS",
    "RESIDENTS",
    "can_manage_organisation",
    "can_moderate",
    "is_advisor",
    "is_member",
    "is_organisation_admin",
    "is_partner",
    "is_resident",
    "members_of",
    "moderators",
    "organisations_of",
    "scoped_to_member",
]


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations a person is a member of (none for an inactive account)."""
    if not _active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def is_partner(user) -> bool:
    """A member of at least one partner organisation: may use the partner admin at /partners/."""
    return _active(user) and Membership.objects.filter(user=user).exists()


def is_member(user, organisation_id) -> bool:
    """A member (of any role) of this organisation: may post and manage its listings and see its applicants."""
    return _active(user) and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def is_organisation_admin(user, organisation_id) -> bool:
    """An admin of this organisation: may also change its details and its members."""
    return (
        _active(user)
        and Membership.objects.filter(user=user, organisation_id=organisation_id, role=Membership.Role.ADMIN).exists()
    )


def can_moderate(user) -> bool:
    """Council staff who publish, send back or reject listings."""
    return _active(user) and user.is_staff and user.has_perm(MODERATE_LISTINGS)


def can_manage_listings(user, organisation_id) -> bool:
    """A member of this organisation, or council staff who check listings: may add and change its listings'
    details, like a course's dates."""
    return can_moderate(user) or (organisation_id is not None and is_member(user, organisation_id))


def can_manage_organisation(user, organisation_id) -> bool:
    """Council staff with the organisations permission, or one of the organisation's own admins."""
    if _active(user) and user.is_staff and user.has_perm(MANAGE_ORGANISATIONS):
        return True
    return organisation_id is not None and is_organisation_admin(user, organisation_id)


def scoped_to_member(queryset: QuerySet, user, *, path: str = "organisation") -> QuerySet:
    """The rows of `queryset` that belong to the person's organisations; `path` leads from a row to its
    organisation ("" when the rows are organisations themselves)."""
    if not _active(user):
        return queryset.none()
    lookup = f"{path}__memberships__user" if path else "memberships__user"
    return queryset.filter(**{lookup: user})


def members_of(organisation_id) -> QuerySet:
    """The active people who act for an organisation (who hear about its listings and applicants)."""
    return get_user_model().objects.filter(memberships__organisation_id=organisation_id, is_active=True)


def moderators() -> QuerySet:
    """Everyone `can_moderate` is true for, as one query (for the morning review digest)."""
    app_label, codename = MODERATE_LISTINGS.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission),
            is_active=True,
            is_staff=True,
        )
        .distinct()
    )


# Who notification kinds are for: the outbox asks these when it lists the kinds on a person's settings page.
RESIDENTS = Audience("resident", is_resident)
PARTNERS = Audience("partner", is_partner)
MODERATORS = Audience("staff", can_moderate)
ADVISORS = Audience("advisor", is_advisor)
