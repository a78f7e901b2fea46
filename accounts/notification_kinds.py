"""Messages about the account itself: they can't be turned off and never appear on the settings page."""

from notifications.kinds import EVERYONE, Kind, register

register(
    Kind(
        "account_confirm_email",
        "Confirm your email address",
        "The link that confirms the email address of a new account.",
        EVERYONE,
        frozenset({"confirm_url"}),
        can_turn_off=False,
        action="Confirm your email address",
    ),
    Kind(
        "password_reset",
        "Reset your password",
        "The link to choose a new password when you have forgotten yours.",
        EVERYONE,
        frozenset({"reset_url"}),
        can_turn_off=False,
        action="Reset your password",
    ),
)
