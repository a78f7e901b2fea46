"""Signed links in alert emails: stopping one alert in one click, and saying a listing was not relevant.

A token names the resident and what it acts on, signed with the site's secret; it can't be forged or turned
into another resident's. It does not expire: an alert email keeps working as long as the alert exists.
"""

from django.core import signing

_STOP_SALT = "matching.stop"
_FEEDBACK_SALT = "matching.not-relevant"
PROFILE = "profile"


class BadToken(ValueError):
    """A link that was not made by us, or was changed."""


def stop_token(*, resident_id: int, saved_search_id: int | None) -> str:
    """Stop one saved search's emails, or (no saved search) the profile alerts."""
    return signing.Signer(salt=_STOP_SALT).sign(f"{resident_id}.{saved_search_id or PROFILE}")


def stop_token_read(token: str) -> tuple[int, int | None]:
    """(resident id, saved search id or None for the profile alerts)."""
    try:
        resident_id, _, target = signing.Signer(salt=_STOP_SALT).unsign(token).partition(".")
        return int(resident_id), None if target == PROFILE else int(target)
    except (signing.BadSignature, ValueError):
        raise BadToken(token) from None


def feedback_token(*, resident_id: int) -> str:
    """A resident's "not relevant" links: the listing's id follows the token in the address, and only a listing an
    alert sent them can be named (one token per message, not per listing: a digest run signs thousands)."""
    return signing.Signer(salt=_FEEDBACK_SALT).sign(str(resident_id))


def feedback_token_read(token: str) -> int:
    try:
        return int(signing.Signer(salt=_FEEDBACK_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise BadToken(token) from None
