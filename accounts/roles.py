"""Roles are Django groups (DESIGN.md §6). Council staff's group carries the permissions it needs."""

from django.contrib.auth.models import Group, Permission

from .models import Role

# Model permissions given to the council staff group: moderation, organisations, the catalogue's lists.
STAFF_PERMISSIONS = {
    "accounts": ["view_user"],
    "opportunities": [
        "view_opportunity",
        "change_opportunity",
        "moderate_opportunity",
        "view_statuschange",
        "add_programme",
        "change_programme",
        "view_programme",
        "add_sector",
        "change_sector",
        "view_sector",
        "view_ward",
        "add_prioritygroup",
        "change_prioritygroup",
        "view_prioritygroup",
    ],
    "notifications": ["view_notification", "change_notification", "view_preference"],
    "partners": [
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_membership",
    ],
}


def roles_ensure() -> None:
    """Create every role's group and give council staff their permissions (safe to run again)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    staff = Group.objects.get(name=Role.STAFF.value)
    for app_label, codenames in STAFF_PERMISSIONS.items():
        staff.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def role_grant(*, user, role: Role) -> None:
    """Put a user in a role's group; council staff and advisors also get into the staff admin."""
    roles_ensure()
    user.groups.add(Group.objects.get(name=role.value))
    if role in (Role.STAFF, Role.ADVISOR) and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
