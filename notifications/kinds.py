"""Every kind of notification the portal sends: what it is called, who gets it, what it needs to be written.

Each kind's words live in templates/notifications/kinds/<slug>.md: plain text with light Markdown, sent as
the email's text part, turned into its HTML part and shown in the inbox. The subject is the template's
first line.
"""

from dataclasses import dataclass, field
from enum import Enum

from accounts.models import Role

from .models import Channel


class Audience(Enum):
    ACCOUNT = "account"  # everyone with an account; never on the settings page (can't be turned off)
    RESIDENT = "resident"
    PARTNER = "partner"
    STAFF = "staff"


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    hint: str
    audience: Audience
    required: frozenset = field(default_factory=frozenset)
    # Messages someone must act on can be moved to the inbox but never turned off.
    can_turn_off: bool = True
    default: Channel = Channel.EMAIL
    action: str = "Manage the listing"  # the inbox's button to what the message is about

    @property
    def choices(self) -> list[Channel]:
        return [Channel.EMAIL, Channel.INBOX] + ([Channel.OFF] if self.can_turn_off else [])


_LISTING = frozenset({"title", "organisation", "manage_url"})

KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "listing_approved",
            "A listing is approved",
            "When council staff publish one of your organisation's listings.",
            Audience.PARTNER,
            _LISTING | {"listing_url"},
        ),
        Kind(
            "listing_changes_requested",
            "A listing needs changes",
            "What council staff ask you to change before a listing can go live. You can't turn this off.",
            Audience.PARTNER,
            _LISTING | {"message"},
            can_turn_off=False,
        ),
        Kind(
            "listing_rejected",
            "A listing is rejected",
            "Why council staff could not publish a listing. You can't turn this off.",
            Audience.PARTNER,
            _LISTING | {"reason"},
            can_turn_off=False,
        ),
        Kind(
            "listing_closing_soon",
            "A listing closes in a week",
            "A reminder 7 days before a published listing's closing date.",
            Audience.PARTNER,
            _LISTING | {"listing_url", "closing_date"},
        ),
        Kind(
            "application_received",
            "A new application arrives",
            "An email each time a resident applies for one of your organisation's listings.",
            Audience.PARTNER,
            frozenset({"title", "organisation", "review_url"}),
            action="Review the application",
        ),
        Kind(
            "applications_digest",
            "A daily summary of new applications",
            "One email each morning listing the applications that arrived the day before, instead of one each.",
            Audience.PARTNER,
            frozenset({"total", "listings", "review_url"}),
            default=Channel.OFF,
            action="Review the applications",
        ),
        Kind(
            "moderation_digest",
            "Listings waiting for review",
            "Each morning, the listings partners have submitted that are waiting for a decision.",
            Audience.STAFF,
            frozenset({"waiting", "total", "queue_url"}),
            action="Review the listings",
        ),
        Kind(
            "application_sent",
            "You send an application",
            "A copy of what you sent, so you know it arrived.",
            Audience.RESIDENT,
            frozenset({"title", "organisation", "application_url"}),
            action="See your application",
        ),
        Kind(
            "application_moved",
            "News about an application",
            "When an organisation looks at your application, invites you to interview, offers you a place or "
            "decides not to. You can't turn this off.",
            Audience.RESIDENT,
            frozenset({"title", "organisation", "status", "application_url"}),
            can_turn_off=False,
            action="See your application",
        ),
        Kind(
            "account_confirm_email",
            "Confirm your email address",
            "The link that confirms the email address of a new account.",
            Audience.ACCOUNT,
            frozenset({"confirm_url"}),
            can_turn_off=False,
            action="Confirm your email address",
        ),
        Kind(
            "account_inactive",
            "Your account will be deleted",
            "A warning a month before we delete an account nobody has signed in to for 2 years.",
            Audience.ACCOUNT,
            frozenset({"delete_on", "sign_in_url"}),
            can_turn_off=False,
            action="Sign in to keep your account",
        ),
        Kind(
            "password_reset",
            "Reset your password",
            "The link to choose a new password when you have forgotten yours.",
            Audience.ACCOUNT,
            frozenset({"reset_url"}),
            can_turn_off=False,
            action="Reset your password",
        ),
    ]
}


def kind_get(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise ValueError(f"There is no notification kind called {slug!r}.") from None


def kinds_for(user) -> list[Kind]:
    """The kinds a person can receive, for their preferences page."""
    audiences = set()
    if user.groups.filter(name=Role.RESIDENT.value).exists():
        audiences.add(Audience.RESIDENT)
    if user.memberships.exists():
        audiences.add(Audience.PARTNER)
    if user.is_staff and user.has_perm("opportunities.moderate_opportunity"):
        audiences.add(Audience.STAFF)
    return [kind for kind in KINDS.values() if kind.audience in audiences]
