"""`manage.py seed_demo`: demo partners, an account for each role that has somewhere to sign in, as many
listings as you ask for, applications at every stage and the messages they led to.

Each app gives its own part in `<app>/demo.py` (its data, `build(ctx)` and perhaps `finish(ctx)`; the context
is `notifications.demo.DemoContext`). PARTS lists them lowest layer first: every `build` runs in that order,
then every `finish` in the reverse order, all in one transaction. A new app with demo data adds one line here.

Safe to run again: organisations and accounts are found by their natural keys, listings are only topped up to
--opportunities, and applications are made on the first run only.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import PASSWORD
from notifications.demo import DemoContext

PARTS = [
    "notifications.demo",
    "accounts.demo",
    "organisations.demo",
    "opportunities.demo",
    "residents.demo",
    "applications.demo",
    "advisors.demo",
    "matching.demo",
    "courses.demo",
]


class Command(BaseCommand):
    help = "Load demo organisations, accounts and listings. Safe to run again: it only tops up what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--opportunities",
            type=int,
            default=300,
            help="How many listings the demo organisations should have in total (default 300).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the random content (default 2026).")
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="Run with DEBUG off, on a copy that is not production (make up, the benchmarks).",
        )

    def handle(self, *args, opportunities: int, seed: int, verbosity: int, not_production: bool, **options):
        if not (settings.DEBUG or not_production):
            # The demo accounts, council staff among them, are reset to a password printed in the README.
            raise CommandError(
                "seed_demo runs with DEBUG=true (make run). On a copy that is not production, with DEBUG off, add "
                "--not-production. Never run it on production: it gives demo accounts a published password."
            )
        if opportunities < 0:
            raise CommandError("--opportunities must be 0 or more.")
        ctx = DemoContext(seed=seed, listings=opportunities, show_progress=verbosity > 0)
        parts = [import_module(name) for name in PARTS]
        with transaction.atomic():
            for part in parts:
                part.build(ctx)
            for part in reversed(parts):
                if hasattr(part, "finish"):
                    part.finish(ctx)
        if verbosity > 0:
            self._report(ctx)

    def _report(self, ctx: DemoContext):
        self.stdout.write(" ".join(ctx.summary))
        self.stdout.write(self.style.SUCCESS(f"\nSign in with any of these accounts. Password: {PASSWORD}\n"))
        rows = [("Role", "Email", "Name", "Sign in at")]
        rows += [(s.label, s.email, s.name, s.signs_in_at) for s in sorted(ctx.sign_ins, key=lambda s: s.order)]
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
