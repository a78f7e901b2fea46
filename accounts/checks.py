"""System checks about the data the portal relies on (run by `migrate` and `manage.py check --database default`)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def staff_group_matches_roles(app_configs=None, databases=None, **kwargs):
    """Tell staff when the council staff group's permissions have drifted from what the portal expects."""
    if not databases:
        return []
    from .roles import roles_drift, roles_missing

    try:
        groups, (missing, extra) = roles_missing(), roles_drift()
    except DatabaseError:  # not migrated yet: nothing to compare
        return []
    messages = []
    if groups:
        messages.append(
            Warning(
                "These role groups are missing: " + ", ".join(sorted(groups)) + ".",
                hint="Add them in /admin/auth/group/ with these names; granting a role makes an empty one meanwhile.",
                id="accounts.W003",
            )
        )
    if missing:
        messages.append(
            Warning(
                "The Council staff group lacks permissions the portal expects: " + ", ".join(sorted(missing)) + ".",
                hint="Add them in /admin/auth/group/ if council staff should have them (see docs/operations.md).",
                id="accounts.W001",
            )
        )
    if extra:
        messages.append(
            Warning(
                "The Council staff group has permissions beyond what the portal expects: "
                + ", ".join(sorted(extra))
                + ".",
                hint="Remove them in /admin/auth/group/ unless the council chose to add them.",
                id="accounts.W002",
            )
        )
    return messages
