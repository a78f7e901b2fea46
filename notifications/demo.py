"""The demo data's shared context, and the outbox's part of it (`manage.py seed_demo`).

Every app with demo data gives its part in `<app>/demo.py`: its data, a `build(ctx)` and, if it needs one, a
`finish(ctx)`. `seed_demo` runs, in one transaction, every part's `build` from the lowest layer up, then every
`finish` from the top down, so a part can wrap the parts above it. A part imports only apps below its own and
passes what later parts need through the `DemoContext`, defined here, in the lowest app with a part, so that
every part can import it (this app knows no feature app, as with notification kinds).

The outbox's part: the demo's messages are written by the real services, then marked as already emailed, so
that `make run` does not print a dozen emails.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from notifications.models import Notification


@dataclass
class SignIn:
    """A demo account that `seed_demo` prints, for people to sign in with."""

    order: int  # rows are printed by this number (the role's place among the roles), then as they were added
    label: str
    email: str
    name: str
    signs_in_at: str


@dataclass
class DemoContext:
    """The command's options, and what parts made for the parts above them."""

    seed: int  # --seed: listing number n is the same for a given seed on every run
    listings: int  # --opportunities: how many listings the demo organisations should have in total
    show_progress: bool
    now: datetime = field(default_factory=timezone.now)
    people: dict[str, Any] = field(default_factory=dict)  # the demo accounts by key ("resident", "staff")
    organisations: dict[str, Any] = field(default_factory=dict)  # the demo organisations by key ("a", "b", ...)
    partners: dict[str, Any] = field(default_factory=dict)  # organisation key: the demo admin of that organisation
    other_residents: list = field(default_factory=list)  # residents besides the demo one (applicants to review)
    sign_ins: list[SignIn] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # sentences of the report's first line
    outbox_from: int = 0  # the last message written before the demo ran


def build(ctx: DemoContext) -> None:
    ctx.outbox_from = Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def finish(ctx: DemoContext) -> None:
    """Mark what every other part wrote as already emailed (this part's finish runs last)."""
    Notification.objects.filter(pk__gt=ctx.outbox_from, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
