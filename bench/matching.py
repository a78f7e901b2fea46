"""Benchmark: the daily digest of match alerts for 50,000 residents and 2,000 new listings, beside a naive loop.

Seeds its own PostgreSQL database (kept between runs; built again when it was seeded more than a week ago or at
other sizes): the demo organisations; 20,000 published listings, built by the demo's `ListingFactory` and
published two days ago or earlier; 50,000 residents, each with a profile, most with one or two saved searches
drawn from a Zipf-like spread over 3,000 distinct canonical queries (a kind, a kind and a sector, `pay=llw`, a
word such as "care" are the popular ones; each query made by `matching.searches.canonical_query`, as the app
stores it), at instant, daily, weekly or no emails (daily the largest share), and a third with a profile alert.
Every search and alert was made before the new listings. Every run then replaces the 2,000 listings published
in the last day and measures, in one process:
1. the daily digest, `alerts_digest_send(frequency="daily")`, end to end (matching, recording the pairs, writing
   one notification row per resident), BENCH_MATCHING_ROUNDS times unless a run takes over
   BENCH_MATCHING_REPEAT_UNDER seconds; the first with its phases timed (the matching services' steps wrapped, in
   the run's thread and its background thread) and the SQL of each phase summed (an execute_wrapper on every
   connection, commits included);
2. the naive loop it is measured against: for a random sample of the residents with a daily alert, one at a
   time, each daily saved search run in full over the whole visible catalogue (the `/opportunities/`
   FilterSet) and kept to the new listings, their profile rules asked of each new listing, then their pairs
   and message written by the digest's own `_send`, in a transaction of their own; time per resident, scaled
   to every resident with a daily alert. Checks
   that it finds the same pairs as the digest did for those residents;
3. the instant alerts of one newly published listing, `alerts_instant_send`, for a few listings (median, max).
Before each measurement the alert runs and pairs are emptied and the alert messages deleted.
Delivery is left out (it has its own benchmark, bench/notifications.py): REDIS_URL is empty, so Celery would run
the delivery task eagerly in this process after each commit and send every message; the script replaces
`notifications.services.enqueue` with a no-op (and sets the in-memory mail backend as well), so the rows stay
pending as they would for a worker. Writes docs/benchmarks.md. Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, database_env, manage, ms, write_section

DATABASE_URL = os.environ.get(
    "BENCH_MATCHING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities_bench_matching"
)
RESIDENTS = int(os.environ.get("BENCH_MATCHING_RESIDENTS", "50000"))
CATALOGUE = int(os.environ.get("BENCH_MATCHING_CATALOGUE", "20000"))
NEW_LISTINGS = int(os.environ.get("BENCH_MATCHING_NEW_LISTINGS", "2000"))
QUERIES = int(os.environ.get("BENCH_MATCHING_QUERIES", "3000"))
NAIVE_SAMPLE = int(os.environ.get("BENCH_MATCHING_NAIVE_SAMPLE", "500"))
ROUNDS = int(os.environ.get("BENCH_MATCHING_ROUNDS", "3"))
# A digest run slower than this is not repeated: the benchmark's own time stays in bounds (about 10 minutes).
REPEAT_UNDER = float(os.environ.get("BENCH_MATCHING_REPEAT_UNDER", "60"))
INSTANT_ROUNDS = int(os.environ.get("BENCH_MATCHING_INSTANT_ROUNDS", "8"))
SEED = 2026
SEED_VERSION = 1  # bump when the seeded data changes shape: the database is then built again
RESEED_AFTER = timedelta(days=7)  # closing dates are relative to the seeding day: after a week, seed again
ZIPF_EXPONENT = 1.0
# Listing numbers of the factory: the catalogue from 0, each run's new listings from a number of their own.
NEW_FROM = 10_000_000

# How many saved searches a resident has (weights), how often each sends, and the profile alerts' frequencies.
SEARCHES_PER_RESIDENT = {0: 10, 1: 50, 2: 28, 3: 9, 4: 2, 5: 1}
SEARCH_FREQUENCIES = {"daily": 45, "weekly": 25, "instant": 15, "never": 15}
PROFILE_ALERT_SHARE = 1 / 3
PROFILE_FREQUENCIES = {"daily": 50, "weekly": 35, "instant": 15}

# The most saved searches, most popular first; the pool goes on with pairs of filters, then random combinations.
POPULAR = [
    {"kind": ["apprenticeship"]},
    {"q": "care"},
    {"kind": ["job"]},
    {"pay": "llw"},
    {"q": "digital"},
    {"q": "apprentice"},
    {"kind": ["job"], "sector": ["health-and-social-care"]},
    {"kind": ["course"]},
    {"q": "admin"},
    {"kind": ["apprenticeship"], "sector": ["creative-media-and-digital"]},
    {"kind": ["work_experience"]},
    {"q": "retail"},
    {"sector": ["health-and-social-care"]},
    {"kind": ["job"], "pay": "llw"},
    {"q": "construction"},
    {"kind": ["volunteering"]},
    {"q": "customer service"},
    {"sector": ["creative-media-and-digital"]},
    {"q": "chef"},
    {"kind": ["apprenticeship"], "sector": ["construction-and-trades"]},
    {"online": "yes"},
    {"q": "teaching assistant"},
    {"kind": ["work_placement"]},
    {"hours": "up-to-16"},
]
WORDS = [
    "care", "digital", "apprentice", "admin", "retail", "construction", "customer service", "chef",
    "teaching assistant",
    "warehouse", "electrician", "plumber", "carpenter", "receptionist", "finance", "accounting", "marketing",
    "social media", "graphic design", "web developer", "software", "data", "IT support", "coding", "nursery",
    "childcare", "youth work", "support worker", "healthcare assistant", "nurse", "pharmacy", "kitchen", "barista",
    "waiter", "hospitality", "events", "cleaner", "caretaker", "security", "driver", "delivery", "logistics",
    "gardening", "green", "solar", "retrofit", "library", "sport", "coach", "lifeguard", "fitness", "film",
    "photography", "music", "theatre", "English", "ESOL", "maths", "CV", "interview", "volunteer", "mentor",
    "council", "office", "sales", "shop", "painter", "labourer", "site", "laboratory", "science", "engineering",
]  # fmt: skip


def setup_django() -> None:
    os.environ.update(
        database_env(DATABASE_URL),
        DJANGO_SETTINGS_MODULE="config.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django

    django.setup()


def psql(sql: str, url: str = DATABASE_URL) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", url, "-qtAc", sql], capture_output=True, text=True)


def wanted_marker(seeded: datetime) -> str:
    return (
        f"bench-matching v{SEED_VERSION} residents={RESIDENTS} catalogue={CATALOGUE} queries={QUERIES} "
        f"seeded={seeded.isoformat()}"
    )


def seeded_at() -> datetime | None:
    """When this database was seeded with data of these sizes (the database's comment), or None."""
    found = psql("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")
    comment = found.stdout.strip() if found.returncode == 0 else ""
    if not comment.startswith(wanted_marker(datetime.now()).rsplit(" seeded=", 1)[0] + " seeded="):
        return None
    return datetime.fromisoformat(comment.rsplit("seeded=", 1)[1])


def fresh_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    create_database(DATABASE_URL)
    manage("migrate", "--no-input", "-v", "0", env=database_env(DATABASE_URL))


@contextmanager
def step(what: str):
    print(f"{what} ...", flush=True)
    started = time.perf_counter()
    yield
    print(f"  {time.perf_counter() - started:.1f} s", flush=True)


# Seeding -----------------------------------------------------------------------------------------------------------


def demo_organisations(now) -> None:
    """The demo organisations and the accounts they need, made once by their own demo parts."""
    import accounts.demo
    import notifications.demo
    import organisations.demo

    ctx = notifications.demo.DemoContext(seed=SEED, listings=0, show_progress=False, now=now)
    for part in (notifications.demo, accounts.demo, organisations.demo):
        part.build(ctx)


def listing_factory(now):
    """The demo's ListingFactory over the demo organisations, with its clock at `now`."""
    from django.utils.text import slugify

    from accounts.demo import ACCOUNTS
    from accounts.models import User
    from opportunities.demo import ListingFactory
    from organisations.demo import ORGANISATIONS, PARTNERS
    from organisations.models import Organisation

    organisations = {spec["key"]: Organisation.objects.get(slug=slugify(spec["name"])) for spec in ORGANISATIONS}
    partners = {entry["organisation"]: User.objects.get(email=entry["email"]) for entry in PARTNERS}
    staff = User.objects.get(email=next(entry["email"] for entry in ACCOUNTS if entry["key"] == "staff"))
    return ListingFactory(seed=SEED, organisations=organisations, partners=partners, staff=staff, now=now)


def insert_listings(factory, *, start: int, count: int, published=None, accept=None) -> tuple[list[int], int]:
    """`count` published listings from the demo's factory, numbered from `start` (it makes other statuses too:
    those are skipped, as are those `accept` refuses). `published(rng)` gives each one its publication time.
    Returns their ids and the next number."""
    from django.db.models import OuterRef, Subquery

    from opportunities import search
    from opportunities.models import Opportunity, StatusChange
    from opportunities.models import Status as ListingStatus

    rng = random.Random(f"{SEED}:published:{start}")
    programme_link = Opportunity.programmes.through
    priority_link = Opportunity.priority_groups.through
    first = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("at").values("at")[:1]
    last = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("-at").values("at")[:1]
    index, ids = start, []
    while len(ids) < count:
        batch = []
        while len(batch) < min(1000, count - len(ids)):
            made = factory.build(index)
            index += 1
            if made.listing.status != ListingStatus.PUBLISHED or (accept is not None and not accept(made.listing)):
                continue
            if published is not None:
                moment = published(rng)
                submitted, approved = made.history  # a published listing's history: submitted, then published
                submitted.at, approved.at = moment - timedelta(hours=rng.uniform(2, 72)), moment
                made.listing.published_at = made.listing.status_changed_at = moment
            batch.append(made)
        Opportunity.objects.bulk_create([made.listing for made in batch])
        programme_link.objects.bulk_create(
            programme_link(opportunity_id=m.listing.pk, programme_id=pk) for m in batch for pk in m.programme_ids
        )
        priority_link.objects.bulk_create(
            priority_link(opportunity_id=m.listing.pk, prioritygroup_id=pk)
            for m in batch
            for pk in m.priority_group_ids
        )
        StatusChange.objects.bulk_create(change for made in batch for change in made.history)
        batch_ids = [made.listing.pk for made in batch]
        Opportunity.objects.filter(pk__in=batch_ids).update(created_at=Subquery(first), updated_at=Subquery(last))
        ids += batch_ids
    search.refresh(ids)
    return ids, index


def query_pool(rng: random.Random) -> list[str]:
    """QUERIES distinct canonical queries, most popular first: POPULAR, then pairs, then random combinations."""
    from django.core.exceptions import ValidationError
    from django.http import QueryDict

    from matching.searches import canonical_query
    from opportunities.models import Kind, PriorityGroup, Programme, Sector, Ward

    sectors = sorted(Sector.objects.values_list("slug", flat=True))
    wards = sorted(Ward.objects.values_list("slug", flat=True))
    programmes = sorted(Programme.objects.values_list("slug", flat=True))
    priorities = sorted(PriorityGroup.objects.values_list("slug", flat=True))
    kinds = list(Kind.values)

    pairs = (
        [{"kind": [k], "sector": [s]} for k in kinds for s in sectors]
        + [{"q": w, "kind": [k]} for w in WORDS[:25] for k in kinds[:4]]
        + [{"sector": [s], "pay": "llw"} for s in sectors]
        + [{"kind": [k], "pay": "llw"} for k in kinds]
        + [{"q": w} for w in WORDS]
        + [{"sector": [s]} for s in sectors]
        + [{"kind": [k], "ward": w} for k in kinds[:3] for w in wards]
    )
    rng.shuffle(pairs)

    def combination() -> dict:
        params = {}
        facets = ["kind", "sector", "q", "pay", "hours", "ward", "online", "age", "programme", "priority", "closing"]
        weights = [50, 40, 40, 20, 15, 15, 8, 10, 5, 5, 5]
        for facet in set(rng.choices(facets, weights=weights, k=rng.choice([2, 2, 3, 3, 4]))):
            if facet == "kind":
                params["kind"] = rng.sample(kinds, rng.choice([1, 1, 1, 2]))
                if "apprenticeship" in params["kind"] and rng.random() < 0.3:
                    params["level"] = [str(rng.randint(2, 4))]
            elif facet == "sector":
                params["sector"] = rng.sample(sectors, rng.choice([1, 1, 2]))
            elif facet == "q":
                params["q"] = rng.choice(WORDS)
            elif facet == "pay":
                params["pay"] = "llw"
            elif facet == "hours":
                params["hours"] = rng.choice(["up-to-16", "16-to-30", "30-plus"])
            elif facet == "ward":
                params["ward"] = rng.choice(wards)
            elif facet == "online":
                params["online"] = "yes"
            elif facet == "age":
                params["age"] = str(rng.randint(16, 30))
            elif facet == "programme":
                params["programme"] = rng.choice(programmes)
            elif facet == "priority":
                params["priority"] = rng.choice(priorities)
            else:
                params["closing"] = rng.choice(["7", "30"])
        return params

    pool, seen = [], set()
    candidates = iter(POPULAR + pairs)
    while len(pool) < QUERIES:
        params = next(candidates, None) or combination()
        try:
            query = canonical_query(QueryDict(urlencode(params, doseq=True)))
        except ValidationError:
            continue
        if query and query not in seen:
            seen.add(query)
            pool.append(query)
    return pool


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seed_residents(now, rng: random.Random) -> None:
    """RESIDENTS residents with profiles, saved searches and profile alerts, written in bulk."""
    from itertools import accumulate

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts.models import Role, User
    from matching.models import ProfileAlert, SavedSearch
    from matching.searches import describe
    from opportunities.models import Kind, Sector
    from residents.models import ResidentProfile

    with step(f"{QUERIES:,} distinct canonical queries"):
        pool = query_pool(rng)
        names = {query: describe(query) for query in pool}
    cumulative = list(accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(pool))))
    sector_ids = sorted(Sector.objects.values_list("pk", flat=True))
    password = make_password(None)
    with step(f"{RESIDENTS:,} residents, their profiles, saved searches and profile alerts"):
        users = User.objects.bulk_create(
            (
                User(
                    email=f"bench-resident-{n}@example.test",
                    full_name=f"Bench Resident {n}",
                    password=password,
                    date_joined=now - timedelta(days=400),
                    email_confirmed_at=now - timedelta(days=400),
                )
                for n in range(RESIDENTS)
            ),
            batch_size=5000,
        )
        residents_group = Group.objects.get(name=Role.RESIDENT.value)
        User.groups.through.objects.bulk_create(
            (User.groups.through(user_id=user.pk, group_id=residents_group.pk) for user in users), batch_size=5000
        )
        profiles, sector_links, alerts, searches = [], [], [], []
        for user in users:
            alert = rng.random() < PROFILE_ALERT_SHARE
            kinds, sectors = [], []
            if alert or rng.random() < 0.6:
                kinds = rng.sample(Kind.values, rng.choice([0, 1, 1, 1, 2, 2, 3]))
                sectors = rng.sample(sector_ids, rng.choice([1, 1, 2]) if not kinds else rng.choice([0, 0, 1, 2]))
            age = rng.choice([rng.randint(16, 24), rng.randint(16, 24), rng.randint(25, 64)])
            profiles.append(
                ResidentProfile(
                    user=user,
                    date_of_birth=(now - timedelta(days=365.25 * age + rng.randint(0, 364))).date()
                    if rng.random() < 0.9
                    else None,
                    lives_in_hackney=weighted(rng, {True: 85, False: 10, None: 5}),
                    studied_in_hackney=weighted(rng, {True: 40, False: 40, None: 20}),
                    interested_kinds=kinds,
                    hours=weighted(rng, {"": 30, "full_time": 25, "part_time": 20, "any": 25}),
                    attendance=weighted(rng, {"": 30, "in_person": 30, "online": 15, "any": 25}),
                )
            )
            sector_links += [(user.pk, pk) for pk in sectors]
            if alert:
                alerts.append(
                    ProfileAlert(
                        resident=user,
                        frequency=weighted(rng, PROFILE_FREQUENCIES),
                        created_at=now - timedelta(days=rng.uniform(2, 365)),
                    )
                )
            chosen = set()
            for _ in range(weighted(rng, SEARCHES_PER_RESIDENT)):
                chosen.add(rng.choices(pool, cum_weights=cumulative)[0])
            for query in chosen:
                searches.append(
                    SavedSearch(
                        resident=user,
                        name=names[query],
                        query=query,
                        frequency=weighted(rng, SEARCH_FREQUENCIES),
                        created_at=now - timedelta(days=rng.uniform(2, 365)),
                    )
                )
        ResidentProfile.objects.bulk_create(profiles, batch_size=5000)
        link = ResidentProfile.interested_sectors.through
        link.objects.bulk_create(
            (link(residentprofile_id=user_id, sector_id=pk) for user_id, pk in sector_links), batch_size=5000
        )
        ProfileAlert.objects.bulk_create(alerts, batch_size=5000)
        SavedSearch.objects.bulk_create(searches, batch_size=5000)


def seed(now) -> None:
    from django.db import transaction

    rng = random.Random(SEED)
    with transaction.atomic():
        demo_organisations(now)
        with step(f"{CATALOGUE:,} published listings (the catalogue, published two days ago or earlier)"):
            # The factory's clock two days back: every listing it dates is older than any run's window.
            insert_listings(listing_factory(now - timedelta(days=2)), start=0, count=CATALOGUE)
        seed_residents(now, rng)


# Each run: new listings, resetting, timing -------------------------------------------------------------------------


def new_listings(seeded: datetime, *, count: int, start: int, published) -> list[int]:
    """Replace the listings of earlier runs (published since the seeding) with `count` new ones."""
    from django.utils import timezone

    from opportunities.models import Opportunity

    Opportunity.objects.filter(published_at__gt=seeded - timedelta(hours=36)).delete()
    ids, _ = insert_listings(listing_factory(timezone.now()), start=start, count=count, published=published)
    return ids


def reset() -> None:
    """Forget every alert run: the runs, the pairs they recorded (both tables hold nothing else here, so they are
    emptied) and the alert messages they wrote."""
    from django.db import connection

    from matching.models import AlertedListing, AlertRun
    from notifications.models import Notification

    Notification.objects.filter(kind__in=["match_digest", "match_alert"]).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AlertedListing._meta.db_table}, {AlertRun._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Notification._meta.db_table}")


class SqlClock:
    """Sums the time of every SQL statement and commit, on every connection the run opens (its background thread
    has its own), by phase when asked."""

    def __init__(self, phases=None):
        self.seconds, self.queries, self.phases = 0.0, 0, phases
        self.lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self.lock:
            self.seconds += seconds
            self.queries += 1
        if self.phases is not None:
            self.phases.sql_add(seconds)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(time.perf_counter() - started)

    @contextmanager
    def installed(self):
        from django.db import connections
        from django.db.backends.base.base import BaseDatabaseWrapper
        from django.db.backends.signals import connection_created

        real_commit = BaseDatabaseWrapper._commit
        clock = self

        def commit(wrapper):
            started = time.perf_counter()
            try:
                return real_commit(wrapper)
            finally:
                clock.add(time.perf_counter() - started)

        def wrapped(sender, connection, **kwargs):
            if self not in connection.execute_wrappers:
                connection.execute_wrappers.append(self)

        main = connections["default"]
        connection_created.connect(wrapped, weak=False)
        main.execute_wrappers.append(self)
        try:
            with mock.patch.object(BaseDatabaseWrapper, "_commit", commit):
                yield self
        finally:
            connection_created.disconnect(wrapped)
            main.execute_wrappers.remove(self)


# What each phase of a run is, by where it is called from (exclusive times: a phase's callees are apart). Keys
# starting "run" are the run's own thread; the others, its background thread (matching.background).
PHASE_WORDS = {
    "run": "the run itself: lock, its `AlertRun` row",
    "run/_new_listings": "reading the new listings (ids, published)",
    "run/_matches/search_matches": "saved searches: each distinct query through the FilterSet's filters, 100 to a "
    "UNION ALL",
    "run/_matches/search_matches/submit": "saved searches: waiting for the background thread to take the next hundred",
    "run/_matches/search_matches/__exit__": "saved searches: waiting for the background thread's last results",
    "run/_matches": "reading who saved each query that found something; keeping the listings published since",
    "run/_matches/interests_by_resident": "profile alerts: reading the profiles and their sectors",
    "run/_matches/listings_for_rules": "profile alerts: reading the new listings' rule columns",
    "run/_matches/profile_matches": "profile alerts: each rule once per distinct facet value, a bitset each; "
    "each profile an AND",
    "run/_send": "per 1,000 residents: reading who is active, their channels and the pairs sent before",
    "run/_send/_listing_words": "messages: each listing's words and address (once a run)",
    "run/_send/_picked": "choosing each resident's ten newest listings not sent before (merging their alerts' lists)",
    "run/_send/__call__": "messages: each alert's name and links (stop links signed)",
    "run/_send/_message": "messages: each digest's listings and alerts as Markdown",
    "run/_send/_message/feedback_token": "messages: signing 'not relevant' links (one per message)",
    "run/_send/notifications_prepared": "messages: each written out (subject, body, checks)",
    "run/_send/notifications_prepared/render": "messages: the template, rendered once per count and frequency, "
    "each message's Markdown put in",
    "run/_send/submit": "waiting for the background thread to take the next chunk",
    "run/_send/__exit__": "waiting for the background thread to save the last chunks",
    "_found_by": "background: the saved searches' UNION ALL queries",
    "_chunk_save": "background, per 1,000 residents: the transaction, its COMMIT, queueing after commit (a no-op here)",
    "_chunk_save/_pairs_insert": "background: recording the pairs each email shows (INSERT … SELECT FROM unnest … "
    "ON CONFLICT DO NOTHING RETURNING)",
    "_chunk_save/notifications_insert": "background: saving the messages, ids of those written",
    "_chunk_save/notifications_insert/_copied": "background: the messages COPYed to a temporary table, inserted "
    "from it (ON CONFLICT DO NOTHING RETURNING)",
}


class Phases:
    """Exclusive wall time and SQL time per phase (a function, by the functions it was called from), per thread."""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.wall, self.sql, self.queries, self.calls = defaultdict(float), defaultdict(float), Counter(), Counter()

    @property
    def stack(self) -> list:
        if not hasattr(self.local, "stack"):
            self.local.stack = []
        return self.local.stack

    def sql_add(self, seconds: float) -> None:
        if self.stack:
            key = self.stack[-1][0]
            with self.lock:
                self.sql[key] += seconds
                self.queries[key] += 1

    @contextmanager
    def phase(self, name: str):
        stack = self.stack
        key = f"{stack[-1][0]}/{name}" if stack else name
        frame = [key, 0.0]  # key, time spent in callees
        stack.append(frame)
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            stack.pop()
            with self.lock:
                self.wall[key] += elapsed - frame[1]
                self.calls[key] += 1
            if stack:
                stack[-1][1] += elapsed

    def wrap(self, stack: ExitStack, owner, name: str) -> None:
        real = getattr(owner, name, None)
        if real is None:  # renamed or gone since: its time counts in its caller's
            return

        def timed(*args, **kwargs):
            with self.phase(name):
                return real(*args, **kwargs)

        stack.enter_context(mock.patch.object(owner, name, timed))


@contextmanager
def instrumented(phases: Phases):
    """Time the phases of a run: the matching services' steps, the background thread's jobs, rendering, signing."""
    import matching.background
    import matching.engine
    import matching.services
    import matching.tokens
    import notifications.services

    with ExitStack() as stack:
        for name in (
            "_new_listings",
            "_matches",
            "search_matches",
            "interests_by_resident",
            "listings_for_rules",
            "profile_matches",
            "_send",
            "_pairs_insert",
            "_picked",
            "_message",
            "_listing_words",
            "notifications_prepared",
            "notifications_insert",
            "_chunk_save",
        ):
            phases.wrap(stack, matching.services, name)
        phases.wrap(stack, matching.engine, "_found_by")
        phases.wrap(stack, matching.services._AlertWords, "__call__")
        phases.wrap(stack, matching.background.Background, "submit")
        phases.wrap(stack, matching.background.Background, "__exit__")
        phases.wrap(stack, matching.tokens, "feedback_token")
        phases.wrap(stack, notifications.services, "render")
        phases.wrap(stack, notifications.services, "_copied")
        yield


def digest(*, timed_phases: bool) -> dict:
    """One daily digest run on a clean slate: seconds, SQL seconds and what it wrote; with `timed_phases`, every
    phase wrapped and timed too (which itself costs time: the headline figure comes from runs without it)."""
    from django.db import connection
    from django.utils import timezone

    from matching.models import AlertedListing
    from matching.services import DIGEST_SHOWN, alerts_digest_send

    reset()
    phases = Phases()
    clock = SqlClock(phases)
    with clock.installed(), ExitStack() as stack, phases.phase("run"):
        if timed_phases:
            stack.enter_context(instrumented(phases))
        started = time.perf_counter()
        run = alerts_digest_send(frequency="daily", now=timezone.now())
        seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(sum(n), 0), coalesce(sum(least(n, %s)), 0) FROM (SELECT count(*) AS n "  # noqa: S608 - our own table name
            f"FROM {AlertedListing._meta.db_table} WHERE run_id = %s GROUP BY resident_id) AS per_resident",
            [DIGEST_SHOWN, run.pk],
        )
        residents, pairs, shown = cursor.fetchone()
    return {
        "seconds": seconds,
        "sql": clock.seconds,
        "queries": clock.queries,
        "phases": phases,
        "run": run,
        "messages": run.messages,
        "residents": residents,
        "pairs": pairs,
        "shown": shown,
    }


def daily_residents() -> list[int]:
    from matching.models import ProfileAlert, SavedSearch

    searching = SavedSearch.objects.filter(frequency="daily").values_list("resident_id", flat=True)
    alerted = ProfileAlert.objects.filter(frequency="daily").values_list("resident_id", flat=True)
    return sorted(set(searching) | set(alerted))


def naive(sample: list[int], *, window: tuple, today, now) -> dict:
    """The naive loop over `sample`, one resident at a time; seconds per phase and the pairs it found."""
    from django.db import transaction
    from django.http import QueryDict

    from matching import services
    from matching.engine import interests_by_resident, listings_for_rules
    from matching.models import AlertedListing, AlertRun, ProfileAlert, SavedSearch
    from matching.rules import profile_fits
    from matching.searches import filterset_for
    from opportunities.models import SearchEntry

    start, end = window
    reset()
    naive_run = AlertRun.objects.create(alert="daily", key="naive", window_start=start, window_end=end, started_at=now)
    seconds = {"searches": 0.0, "profiles": 0.0, "writing": 0.0}
    searches_run, written = 0, 0
    window_published = dict(
        SearchEntry.objects.visible()
        .filter(published_at__gt=start, published_at__lte=end)
        .values_list("opportunity_id", "published_at")
    )
    clock = SqlClock()
    with clock.installed():
        for resident_id in sample:
            started = time.perf_counter()
            found = {}
            for search_id, query, created_at in SavedSearch.objects.filter(
                resident_id=resident_id, frequency="daily"
            ).values_list("id", "query", "created_at"):
                filterset = filterset_for(QueryDict(query))  # the whole visible catalogue, as /opportunities/
                searches_run += 1
                if filterset.form.errors:
                    continue
                for listing_id, published_at in filterset.qs.values_list("opportunity_id", "published_at"):
                    if start < published_at <= end and published_at >= created_at:
                        found.setdefault(listing_id, search_id)
            searched = time.perf_counter()
            alert_made = (
                ProfileAlert.objects.filter(resident_id=resident_id, frequency="daily")
                .values_list("created_at", flat=True)
                .first()
            )
            interests = None
            if alert_made is not None:
                profile, interests = interests_by_resident([resident_id])[resident_id]
                published = dict(
                    SearchEntry.objects.visible()
                    .filter(published_at__gt=start, published_at__lte=end)
                    .values_list("opportunity_id", "published_at")
                )
                if interests.any_given:
                    for listing in listings_for_rules(published):
                        if published[listing.pk] >= alert_made and profile_fits(
                            profile, interests, listing, today=today
                        ):
                            found.setdefault(listing.pk, None)
            matched = time.perf_counter()
            if found:
                # The same choice and writing as the digest, for this one resident.
                alerts = defaultdict(list)
                for listing_id in sorted(found, key=lambda pk: (window_published[pk], pk), reverse=True):
                    alerts[found[listing_id]].append(listing_id)
                mine = [
                    services._Found(search_id, ids, interests=None if search_id else interests)
                    for search_id, ids in alerts.items()
                ]
                with transaction.atomic():  # one transaction per resident, its writing done in this thread
                    written += services._send(
                        "daily",
                        {resident_id: mine},
                        published={pk: window_published[pk] for pk in found},
                        run=naive_run,
                        now=now,
                    )
            done = time.perf_counter()
            seconds["searches"] += searched - started
            seconds["profiles"] += matched - searched
            seconds["writing"] += done - matched
    found_pairs = set(AlertedListing.objects.filter(run=naive_run).values_list("resident_id", "opportunity_id"))
    reset()
    total = sum(seconds.values())
    return {
        **seconds,
        "total": total,
        "sql": clock.seconds,
        "pairs": found_pairs,
        "searches_run": searches_run,
        "written": written,
    }


def instant(factory_start: int) -> list[dict]:
    """INSTANT_ROUNDS listings published one at a time (each of another kind while there are kinds left), each
    followed by its instant alerts, timed."""
    from django.utils import timezone

    from matching.services import alerts_instant_send
    from opportunities.models import Kind, Opportunity

    factory = listing_factory(timezone.now())
    results, index = [], factory_start
    for _ in range(INSTANT_ROUNDS):
        taken = frozenset(result["kind"] for result in results[-(len(Kind.values) - 1) :])  # the last 7 kinds
        (listing_id,), index = insert_listings(
            factory,
            start=index,
            count=1,
            published=lambda rng: timezone.now() - timedelta(seconds=5),
            accept=lambda listing, taken=taken: listing.kind not in taken,
        )
        listing = Opportunity.objects.select_related("sector").get(pk=listing_id)
        clock = SqlClock()
        with clock.installed():
            started = time.perf_counter()
            run = alerts_instant_send(opportunity_id=listing_id, now=timezone.now())
            seconds = time.perf_counter() - started
        results.append(
            {
                "seconds": seconds,
                "sql": clock.seconds,
                "queries": clock.queries,
                "messages": run.messages,
                "kind": listing.kind,
                "what": f"{listing.get_kind_display().lower()}, {listing.sector.name if listing.sector else '–'}",
            }
        )
        print(f"  instant: {ms(seconds)} ms, {run.messages} messages ({results[-1]['what']})", flush=True)
    return results


# The run -----------------------------------------------------------------------------------------------------------


def main() -> None:
    load_before = os.getloadavg()[0]
    seeded = seeded_at()
    fresh = seeded is None or datetime.now() - seeded > RESEED_AFTER
    if fresh:
        seeded = datetime.now()
        with step("A fresh database"):
            fresh_database()
    else:
        create_database(DATABASE_URL)
        manage("migrate", "--no-input", "-v", "0", env=database_env(DATABASE_URL))
    setup_django()
    # The digest writes tens of thousands of rows; with REDIS_URL empty Celery would deliver them eagerly, in this
    # process, after each commit. Delivery is bench/notifications.py's: here the rows stay pending.
    with mock.patch("notifications.services.enqueue", lambda ids: None):
        if fresh:
            with step("Seeding"):
                seed(seeded.astimezone())
            name = DATABASE_URL.rsplit("/", 1)[1]
            psql(f"COMMENT ON DATABASE {name} IS '{wanted_marker(seeded)}'")
            subprocess.run(["psql", DATABASE_URL, "-q", "-c", "VACUUM ANALYZE"], check=True)
        report(*measured(seeded.astimezone()), seeded=seeded.astimezone(), load_before=load_before)


def measured(seeded: datetime):
    from django.db import connection
    from django.utils import timezone

    from matching.models import AlertedListing, ProfileAlert, SavedSearch
    from opportunities.models import SearchEntry

    with step(f"{NEW_LISTINGS:,} listings published in the last day"):
        now = timezone.now()
        new_ids = new_listings(
            seeded,
            count=NEW_LISTINGS,
            start=NEW_FROM,
            published=lambda rng: now - timedelta(minutes=rng.uniform(5, 23.5 * 60)),
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    sizes = {
        "visible": SearchEntry.objects.visible().count(),
        "new": len(new_ids),
        "residents": resident_count(),
        "searches": Counter(SavedSearch.objects.values_list("frequency", flat=True)),
        "queries": SavedSearch.objects.values("query").distinct().count(),
        "daily_queries": SavedSearch.objects.filter(frequency="daily").values("query").distinct().count(),
        "instant_queries": SavedSearch.objects.filter(frequency="instant").values("query").distinct().count(),
        "alerts": Counter(ProfileAlert.objects.values_list("frequency", flat=True)),
        "daily_residents": len(daily_residents()),
        "top_queries": top_queries(),
    }
    print(sizes, flush=True)

    runs = []
    for number in range(ROUNDS):
        timed = number == 0
        with step(f"Daily digest, run {number + 1} of {ROUNDS}{', its phases timed' if timed else ''}"):
            runs.append(digest(timed_phases=timed))
            last = runs[-1]
            print(
                f"  {last['seconds']:.2f} s, SQL {last['sql']:.2f} s, {last['messages']:,} messages, "
                f"{last['pairs']:,} pairs"
            )
        if last["seconds"] > REPEAT_UNDER:
            print(f"  over {REPEAT_UNDER:.0f} s: not repeated, to keep the benchmark's own time in bounds")
            break
    run = runs[-1]["run"]  # its rows are still there (every measurement empties the tables first)
    rng = random.Random(f"{SEED}:sample")
    everyone = daily_residents()
    sample = sorted(rng.sample(everyone, min(NAIVE_SAMPLE, len(everyone))))
    digest_pairs = set(
        AlertedListing.objects.filter(run=run, resident_id__in=sample).values_list("resident_id", "opportunity_id")
    )
    with step(f"Naive loop over {len(sample)} residents with a daily alert"):
        loop = naive(
            sample,
            window=(run.window_start, run.window_end),
            today=timezone.localdate(run.started_at),
            now=run.started_at,
        )
        print(f"  {loop['total'] / len(sample) * 1000:.1f} ms a resident")
    loop["same"] = loop["pairs"] == digest_pairs
    loop["sample"] = len(sample)
    with step(f"Instant alerts of {INSTANT_ROUNDS} listings, each just published"):
        instants = instant(NEW_FROM + 1_000_000)
    reset()
    return sizes, runs, loop, instants


def resident_count() -> int:
    from accounts.models import Role, User

    return User.objects.filter(groups__name=Role.RESIDENT.value, email__startswith="bench-resident-").count()


def top_queries() -> list[tuple[str, int]]:
    from django.db.models import Count

    from matching.models import SavedSearch

    rows = SavedSearch.objects.values("query").annotate(n=Count("id")).order_by("-n")[:5]
    return [(row["query"], row["n"]) for row in rows]


def report(sizes, runs, loop, instants, *, seeded, load_before) -> None:
    from django.db import connection

    from matching.services import DIGEST_SHOWN

    load_after = os.getloadavg()[0]
    # The headline: runs without the phases wrapped (the first run, which times them, when it is the only one).
    plain = runs[1:] or runs
    seconds = [r["seconds"] for r in plain]
    median = statistics.median(seconds)
    typical = min(plain, key=lambda r: abs(r["seconds"] - median))
    timed = runs[0]
    phases = timed["phases"]
    daily = sizes["daily_residents"]
    per_resident = loop["total"] / loop["sample"]
    naive_total = per_resident * daily
    naive_matching = (loop["searches"] + loop["profiles"]) / loop["sample"] * daily
    ratio = naive_total / median
    instant_seconds = [i["seconds"] for i in instants]
    i50, imax = statistics.median(instant_seconds), max(instant_seconds)
    searches, alerts = sizes["searches"], sizes["alerts"]

    def phase_rows(keys) -> str:
        return "\n".join(
            f"| {PHASE_WORDS.get(key, key)} | {phases.calls[key]:,} | {phases.wall[key]:.2f} | {phases.sql[key]:.2f} "
            f"| {phases.queries[key]:,} | {phases.wall[key] / timed['seconds']:.0%} |"
            for key in sorted(keys, key=lambda k: -phases.wall[k])
        )

    own = [key for key in phases.wall if key.split("/")[0] == "run"]
    background = [key for key in phases.wall if key not in own]
    waiting = sum(phases.wall[key] for key in own if key.endswith(("/submit", "/__exit__")))
    busy = sum(phases.wall[key] for key in background)
    instant_rows = "\n".join(
        f"| {n} | {i['what']} | {i['messages']:,} | {ms(i['seconds'])} | {ms(i['sql'])} | {i['queries']} |"
        for n, i in enumerate(instants, start=1)
    )
    top = ", ".join(f"`{query}` ({count:,})" for query, count in sizes["top_queries"])
    runs_words = ", ".join(f"{s:.1f}" for s in seconds) + " s"
    if len(runs) < ROUNDS:
        runs_words += f"; not repeated, being over {REPEAT_UNDER:.0f} s"
    digest_row = (
        f'| `alerts_digest_send(frequency="daily")` ({len(plain)} run{"s" if len(plain) > 1 else ""}: {runs_words}) '
        f"| {median:.1f} s | {typical['sql']:.1f} s ({typical['sql'] / typical['seconds']:.0%}) "
        f"| {typical['messages']:,} | {typical['pairs']:,} |"
    )
    naive_row = (
        f"| naive loop: {ms(per_resident)} ms a resident × {daily:,} residents with a daily alert "
        f"(a sample of {loop['sample']}) | {naive_total:,.0f} s | {loop['sql'] / loop['total']:.0%} | | |"
    )
    same = "exactly the pairs the digest recorded" if loop["same"] else "**not** the pairs the digest recorded"
    met_digest = median < 15 and ratio >= 10
    markdown = f"""
## Match alerts: the daily digest for {sizes["residents"]:,} residents and {sizes["new"]:,} new listings

`make bench` → `bench/matching.py`, run on {date.today().isoformat()} in one process (two threads) on PostgreSQL
{connection.pg_version // 10000} (Python {platform.python_version()}, {os.cpu_count()} cores; load average
{load_before:.2f} before, {load_after:.2f} after). Its own database, seeded {seeded.date().isoformat()}:
{sizes["visible"]:,} listings visible in the catalogue, {sizes["new"]:,} of them published in the last day (all
built by the demo's `ListingFactory`; the others were published two days ago or earlier); {sizes["residents"]:,}
residents, each with a profile; {sum(searches.values()):,} saved searches over {sizes["queries"]:,} distinct
canonical queries, drawn Zipf-like (exponent {ZIPF_EXPONENT}) so that many share the popular ones (most saved:
{top}), by frequency {_counts(searches)}; {sum(alerts.values()):,} profile alerts ({_counts(alerts)}). Every search
and alert was made before the new listings. {daily:,} residents have a daily alert; their saved searches hold
{sizes["daily_queries"]:,} distinct queries. Delivery is left out (bench/notifications.py measures it):
`notifications.services.enqueue` is a no-op here, so the rows written stay pending, as for a worker. Before each
measurement the alert runs, pairs and alert messages are deleted.

| | time | SQL and commits (on both connections) | messages written | pairs recorded |
|---|---:|---:|---:|---:|
{digest_row}
{naive_row}
| ratio (naive ÷ digest) | {ratio:.1f}× | | | |

The naive loop, for each resident with a daily alert, one at a time: each of their daily saved searches through
the catalogue's FilterSet over the whole visible catalogue, kept to the listings published in the run's window
(and since the search was saved); their profile rules asked of each new listing; then their pairs recorded and
their message written by the digest's own `_send` for that one resident and their listings. Per resident: {
        ms(loop["searches"] / loop["sample"])
    } ms
searching ({loop["searches_run"]} searches for {loop["sample"]} residents), {ms(loop["profiles"] / loop["sample"])}
ms on the profile, {ms(loop["writing"] / loop["sample"])} ms writing; its matching alone, scaled, would take
{naive_matching:,.0f} s. For the sample it found {same}.

Target: the daily digest under 15 s and at least 10 times faster than the naive loop. **{
        "Met" if met_digest else "Not met"
    }: {median:.1f} s, {ratio:.1f}×.**

Where the time goes (the first run, {timed["seconds"]:.1f} s with every phase wrapped and timed, which costs time
of its own: the figure above comes from the runs after it; the SQL of each phase summed by an execute_wrapper on
each connection, commits included; a phase's own time, its callees apart; the share is of the run's time). It
recorded {typical["pairs"]:,} (resident, listing) pairs for {typical["residents"]:,} residents, about
{typical["pairs"] / max(typical["residents"], 1):,.0f} each; the messages show at most {DIGEST_SHOWN} listings
each, {typical["shown"]:,} pairs in all. A run has two threads that overlap (`matching.background`): its own,
which matches and writes out each message, and a background thread with its own connection, which runs the
searches' SQL and saves each chunk of 1,000 residents while the next is prepared. The run's own thread waited
{waiting:.1f} s for the background thread, which was busy {busy:.1f} s of the {timed["seconds"]:.1f} s; both
share one Python interpreter, and PostgreSQL works on the second core. COPY's time is in `_copied`'s (it is not a
statement the wrapper sees).

The run's own thread:

| phase | calls | seconds | SQL s | statements | share |
|---|---:|---:|---:|---:|---:|
{phase_rows(own)}

The background thread:

| phase | calls | seconds | SQL s | statements | share |
|---|---:|---:|---:|---:|---:|
{phase_rows(background)}

### Instant alerts of one new listing

{len(instants)} listings from the same factory, each published (inserted, its search entry built), then
`alerts_instant_send` timed: {sizes["instant_queries"]:,} distinct instant queries and {alerts.get("instant", 0):,}
instant profile alerts to match it against.

| | listing | messages | ms | SQL ms | statements |
|---|---|---:|---:|---:|---:|
{instant_rows}

Target: written within 1 s. **{"Met" if imax < 1 else "Not met"}: median {ms(i50)} ms, max {ms(imax)} ms.**

Reproduce: `.venv/bin/python bench/matching.py` (or `make bench`). Sizes from `BENCH_MATCHING_RESIDENTS`,
`BENCH_MATCHING_CATALOGUE`, `BENCH_MATCHING_NEW_LISTINGS`, `BENCH_MATCHING_QUERIES`, `BENCH_MATCHING_NAIVE_SAMPLE`,
`BENCH_MATCHING_ROUNDS`, `BENCH_MATCHING_INSTANT_ROUNDS`; the database from `BENCH_MATCHING_DATABASE_URL`. The
database is kept between runs (seeded again after a week, or for other sizes); each run replaces the listings
published in the last day.
"""
    write_section("matching", markdown)
    print(markdown)


def _counts(counter: Counter) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counter.most_common())


if __name__ == "__main__":
    main()
