"""What applying tells partners (a new application, or a morning summary) and residents (a copy, every move)."""

from notifications.kinds import Kind, register
from notifications.models import Channel
from organisations.access import PARTNERS, RESIDENTS

register(
    Kind(
        "application_received",
        "A new application arrives",
        "An email each time a resident applies for one of your organisation's listings.",
        PARTNERS,
        frozenset({"title", "organisation", "review_url"}),
        action="Review the application",
    ),
    Kind(
        "applications_digest",
        "A daily summary of new applications",
        "One email each morning listing the applications that arrived the day before, instead of one each.",
        PARTNERS,
        frozenset({"total", "listings", "review_url"}),
        default=Channel.OFF,
        action="Review the applications",
    ),
    Kind(
        "application_sent",
        "You send an application",
        "A copy of what you sent, so you know it arrived.",
        RESIDENTS,
        frozenset({"title", "organisation", "application_url"}),
        action="See your application",
    ),
    Kind(
        "application_moved",
        "News about an application",
        "When an organisation looks at your application, invites you to interview, offers you a place or "
        "decides not to. You can't turn this off.",
        RESIDENTS,
        frozenset({"title", "organisation", "status", "application_url"}),
        can_turn_off=False,
        action="See your application",
    ),
)
