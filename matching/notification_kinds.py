"""What match alerts send: instant alerts, daily and weekly digests, saved listings closing soon (residents), and the
advisors' daily digest of new listings matching their caseload."""

from notifications.kinds import Kind, register
from notifications.models import Channel
from organisations.access import ADVISORS, RESIDENTS

register(
    Kind(
        "match_alert",
        "A new opportunity matches an instant alert",
        "As soon as something is published that matches a saved search or your profile, if you chose instant alerts.",
        RESIDENTS,
        frozenset(
            {"title", "organisation", "listing_url", "closing", "why", "change_url", "stop_url", "not_relevant_url"}
        ),
        action="See the opportunity",
        kept=frozenset({"title", "organisation", "listing_url"}),
    ),
    Kind(
        "match_digest",
        "Daily and weekly alerts",
        "New opportunities that match your saved searches or your profile, once a day or once a week as you chose.",
        RESIDENTS,
        frozenset({"total", "listings_md", "alerts_md", "frequency", "manage_url"}),
        action="Manage your alerts",
        kept=frozenset({"total", "frequency"}),
    ),
    Kind(
        "saved_closing_soon",
        "A saved opportunity closes soon",
        "Three days before an opportunity you saved closes, if you have not applied for it.",
        RESIDENTS,
        frozenset({"title", "organisation", "closing", "listing_url"}),
        action="See the opportunity",
    ),
    Kind(
        "caseload_matches",
        "New opportunities for your caseload",
        "Each morning, if you choose it on your caseload page: new listings that match residents you support.",
        ADVISORS,
        frozenset({"total", "listings"}),
        default=Channel.EMAIL,
        action="See the matches",
    ),
)
