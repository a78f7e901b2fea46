"""Roles are Django groups of the same name. Council staff's group carries the permissions it needs.

The groups and the staff group's permissions are set up once, by a data migration (accounts 0002, a snapshot of
STAFF_PERMISSIONS as it was then; a later change to them is a migration of its own); from then on
the group is the council's to manage in /admin/, and nothing puts back a permission staff took away.
`roles_drift` (a system check, run by `migrate` and `manage.py check --database default`) tells them when the
group no longer matches what the portal expects.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role

# Model permissions given to the council staff group: moderation, organisations, the catalogue's lists.
STAFF_PERMISSIONS = {
    # Lockouts: staff find one by the whole address and delete it to let a locked-out person try again now.
    "accounts": ["view_user", "view_signinthrottle", "delete_signinthrottle"],
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
    # Who read or changed case notes (the audit log; the notes themselves only their case's advisors read).
    "advisors": ["view_caseauditentry"],
    "organisations": [
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_membership",
    ],
}


def roles_missing() -> set[str]:
    """The role groups that no longer exist."""
    return {role.value for role in Role} - set(Group.objects.values_list("name", flat=True))


def roles_drift() -> tuple[set[str], set[str]]:
    """What the council staff group lacks of STAFF_PERMISSIONS, and what it has beyond them ("app.codename")."""
    expected = {f"{app}.{codename}" for app, codenames in STAFF_PERMISSIONS.items() for codename in codenames}
    held = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name=Role.STAFF.value).values_list(
            "content_type__app_label", "codename"
        )
    }
    return expected - held, held - expected


def has_role(user, role: Role) -> bool:
    """An active account in this role's group."""
    return (
        user is not None and user.is_authenticated and user.is_active and user.groups.filter(name=role.value).exists()
    )


def is_resident(user) -> bool:
    """Someone who signed up to find opportunities (the Residents group)."""
    return has_role(user, Role.RESIDENT)


def is_advisor(user) -> bool:
    """An employment advisor (the Advisors group)."""
    return has_role(user, Role.ADVISOR)


@transaction.atomic(savepoint=False)
def role_grant(*, user, role: Role) -> None:
    """Put a user in a role's group; council staff and advisors also get into the staff admin."""
    # A group deleted by mistake in /admin/ comes back empty (the roles check then says so) rather than stopping
    # every sign-up.
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if role in (Role.STAFF, Role.ADVISOR) and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
