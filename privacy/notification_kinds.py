"""The warning before an unused account is deleted."""

from notifications.kinds import EVERYONE, Kind, register

register(
    Kind(
        "account_inactive",
        "Your account will be deleted",
        "A warning a month before we delete an account nobody has signed in to for 2 years.",
        EVERYONE,
        frozenset({"delete_on", "sign_in_url"}),
        can_turn_off=False,
        action="Sign in to keep your account",
    ),
)
