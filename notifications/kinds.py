"""Every kind of notification the portal sends: what it is called, who gets it, what it needs to be written.

Each app registers the kinds it sends (its `notification_kinds.py`, imported by its AppConfig.ready), so this
app knows no feature app. Each kind's words live in templates/notifications/kinds/<slug>.md: plain text with
light Markdown, sent as the email's text part, turned into its HTML part and shown in the inbox. The subject
is the template's first line.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

from .models import Channel


@dataclass(frozen=True)
class Audience:
    """Who a kind is for. `includes` answers it for one person (from the access rules of the app registering it);
    without one, the kind is for everyone with an account and never on the settings page (it can't be turned off).
    """

    name: str
    includes: Callable | None = field(default=None, compare=False)


EVERYONE = Audience("account")


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
    # A file to attach to the email, from the context: (context key, file name, content type).
    attachment: tuple[str, str, str] | None = None
    # The context keys the row keeps once its words are written (None: all of it). For kinds sent in bulk whose
    # words say everything and whose context is large (a digest of ten listings): half the bytes written.
    kept: frozenset | None = None

    @property
    def choices(self) -> list[Channel]:
        return [Channel.EMAIL, Channel.INBOX] + ([Channel.OFF] if self.can_turn_off else [])


# Every kind, registered by the app that sends it (in its AppConfig.ready), in the order the settings page lists them.
KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add an app's kinds (each slug once: two apps can't both own one)."""
    for kind in kinds:
        if KINDS.get(kind.slug, kind) != kind:
            raise ImproperlyConfigured(f"Two notification kinds are called {kind.slug!r}.")
        KINDS[kind.slug] = kind


def kind_get(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise ValueError(f"There is no notification kind called {slug!r}.") from None


def kinds_for(user) -> list[Kind]:
    """The kinds a person can receive and choose how to get, for their settings page (each audience asked once)."""
    answers: dict[str, bool] = {}
    for kind in KINDS.values():
        audience = kind.audience
        if audience.includes is not None and audience.name not in answers:
            answers[audience.name] = bool(audience.includes(user))
    return [kind for kind in KINDS.values() if answers.get(kind.audience.name)]
