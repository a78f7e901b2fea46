"""What the catalogue tells partners about their listings, and council staff about the review queue."""

from notifications.kinds import Kind, register
from organisations.access import MODERATORS, PARTNERS

_LISTING = frozenset({"title", "organisation", "manage_url"})

register(
    Kind(
        "listing_approved",
        "A listing is approved",
        "When council staff publish one of your organisation's listings.",
        PARTNERS,
        _LISTING | {"listing_url"},
    ),
    Kind(
        "listing_changes_requested",
        "A listing needs changes",
        "What council staff ask you to change before a listing can go live. You can't turn this off.",
        PARTNERS,
        _LISTING | {"message"},
        can_turn_off=False,
    ),
    Kind(
        "listing_rejected",
        "A listing is rejected",
        "Why council staff could not publish a listing. You can't turn this off.",
        PARTNERS,
        _LISTING | {"reason"},
        can_turn_off=False,
    ),
    Kind(
        "listing_closing_soon",
        "A listing closes in a week",
        "A reminder 7 days before a published listing's closing date.",
        PARTNERS,
        _LISTING | {"listing_url", "closing_date"},
    ),
    Kind(
        "moderation_digest",
        "Listings waiting for review",
        "Each morning, the listings partners have submitted that are waiting for a decision.",
        MODERATORS,
        frozenset({"waiting", "total", "queue_url"}),
        action="Review the listings",
    ),
)
