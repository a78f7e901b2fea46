"""Benchmark: the catalogue's pages at 100,000 published listings against a bare view on the same server.

Loads the data with `seed_demo` into its own PostgreSQL database (kept between runs, topped up when short),
then serves the portal with gunicorn (2 sync workers) and measures, in the same run:
- throughput with 8 concurrent clients for 10 seconds each: the bare view (the baseline), `/opportunities/`,
  `/` (home), a listing's page and a search, each as requests/s and as a share of the bare view's;
- the server time of a fixed mix of searches and filters, one request at a time (p50, p95, max), and of the
  bare view;
- the server time of searches never seen before: the same mix, each request with a parameter of its own that the
  FilterSet ignores, so that neither the page nor the search's results come from the cache.
Every request is from a visitor who is not signed in, so the catalogue's pages are served from the cache once
built (opportunities/caching.py): that is what a busy morning looks like. The cache is local memory in each
gunicorn worker when BENCH_CACHE_URL is empty; Redis database 12 on 127.0.0.1 unless it names another.

Then, in this process (Django's test client, no server), where each page's time goes: SQL, template rendering and
the rest, for a cache miss and a cache hit, and for the searches never seen before. It also checks that the
unknown parameter changes no search's results.

Writes the figures to docs/benchmarks.md. Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    create_database,
    database_env,
    get,
    gunicorn,
    latencies,
    manage,
    ms,
    summary,
    throughput,
    write_section,
)

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities_bench")
TARGET_VISIBLE = int(os.environ.get("BENCH_LISTINGS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
# Requests of each page (miss and hit) when finding where the time goes, in this process.
PROFILE_ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "20"))
CLIENTS = 8
SECONDS = 10.0

# A fixed mix: what residents type and tick, from one word to several filters, sorts and deep pages.
QUERY_MIX = [
    "/opportunities/",
    "/opportunities/?q=apprenticeship",
    "/opportunities/?q=care",
    "/opportunities/?q=digital+skills",
    "/opportunities/?q=%22customer+service%22",
    "/opportunities/?q=chef+-night",
    "/opportunities/?q=construction&kind=apprenticeship",
    "/opportunities/?kind=job&pay=llw",
    "/opportunities/?kind=course&online=yes",
    "/opportunities/?kind=volunteering&ward=hackney-wick",
    "/opportunities/?sector=health-and-social-care&hours=up-to-16",
    "/opportunities/?programme=hackney-100",
    "/opportunities/?age=19&priority=care-experienced-young-people",
    "/opportunities/?closing=7&sort=closing",
    "/opportunities/?sort=pay&kind=job",
    "/opportunities/?q=retail&sort=newest&page=3",
    "/opportunities/?kind=apprenticeship&level=3&level=4",
    "/opportunities/?page=250",
    "/opportunities/?q=support+worker&ward=dalston&pay=llw",
    "/opportunities/?kind=event&kind=work_experience&sector=creative-media-and-digital",
    # Searches that took over 100 ms (p95) before the catalogue cache: a sort with filters, a deep page, a rare kind.
    "/opportunities/?kind=apprenticeship&pay=llw&sort=pay",
    "/opportunities/?page=2000",
    "/opportunities/?kind=supported_internship",
]
BARE = "/bench/bare/"
SEARCH = "/opportunities/?q=care"
# The parameter that makes a search's address new: not a filter of the FilterSet, nor "page".
UNSEEN_PARAMETER = "bench"
# Share of the bare view's requests/s that each of these pages must reach.
SHARE_TARGET = 0.30
UNSEEN_P95_TARGET = 0.060
FIXED_P95_TARGET = 0.100


def django_shell(env: dict, code: str) -> list[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()


def visible_count(env: dict) -> tuple[int, int]:
    code = "from opportunities.models import Opportunity as O; print(O.objects.count(), O.objects.visible().count())"
    out = django_shell(env, code)
    return int(out[0]), int(out[1])


def listing_path(env: dict) -> str:
    """The page of the newest published and open listing."""
    code = (
        "from opportunities.models import Opportunity as O; "
        "print(O.objects.visible().order_by('-published_at', '-id').first().get_absolute_url())"
    )
    return django_shell(env, code)[0]


def load_data(env: dict) -> tuple[int, int]:
    create_database(DATABASE_URL)
    manage("migrate", "--no-input", "-v", "0", env=env)
    total, visible = visible_count(env)
    if visible < TARGET_VISIBLE:
        # seed_demo spreads listings over every status; ask for enough that the published, open ones reach the target.
        share = (visible / total) if total else 0.7
        wanted = int(TARGET_VISIBLE / max(share, 0.5)) + 1000
        manage("seed_demo", "--not-production", "--opportunities", str(max(wanted, total)), env=env)
        total, visible = visible_count(env)
        # seed_demo inserts in bulk and then updates every row (dates, search vectors), leaving each row's
        # old versions behind; compact once, as a restored or long-running autovacuumed table would be.
        subprocess.run(["psql", DATABASE_URL, "-q", "-c", "VACUUM FULL"], check=True)
    # Statistics for the planner and the visibility map that index-only scans rely on.
    subprocess.run(["psql", DATABASE_URL, "-q", "-c", "VACUUM ANALYZE"], check=True)
    return total, visible


class Unseen:
    """Addresses never asked before: a path with `bench=<this run's token>-<a counter>` added. The token keeps a
    second run from meeting the first's addresses in a shared cache."""

    def __init__(self):
        self.token = secrets.token_hex(4)
        self.count = 0

    def __call__(self, path: str) -> str:
        self.count += 1
        return f"{path}{'&' if '?' in path else '?'}{UNSEEN_PARAMETER}={self.token}-{self.count}"


def unseen_latencies(port: int, paths: list[str], rounds: int, unseen: Unseen) -> dict[str, list[float]]:
    """Each path `rounds` times, one request at a time, each time at an address never asked before (after one
    warm-up pass, itself at new addresses)."""
    for path in paths:
        get(port, unseen(path))
    timings: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            address = unseen(path)
            status, seconds = get(port, address)
            if status != 200:
                raise RuntimeError(f"{address} answered {status}")
            timings[path].append(seconds)
    return timings


# In this process: where the time goes.


def setup_django(url: str = DATABASE_URL) -> None:
    os.environ.update(database_env(url), DJANGO_SETTINGS_MODULE="config.settings", CONN_MAX_AGE="60")
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"  # the portal plus the bare view, as the server has them


class Clock:
    """One request's SQL time (every statement, through an execute_wrapper) and rendering time (the outermost
    template render only, less the SQL run inside it)."""

    def __init__(self):
        self.sql = 0.0
        self.queries = 0
        self.rendering = 0.0
        self.depth = 0

    def reset(self) -> None:
        self.sql, self.queries, self.rendering = 0.0, 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started
            self.queries += 1

    @contextmanager
    def installed(self):
        from django.db import connection
        from django.template.base import Template

        real_render = Template.render
        clock = self

        def render(template, context):
            if clock.depth:  # an include, an inclusion tag or a form widget inside the page: already counted
                return real_render(template, context)
            clock.depth += 1
            started, sql_before = time.perf_counter(), clock.sql
            try:
                return real_render(template, context)
            finally:
                clock.depth -= 1
                clock.rendering += (time.perf_counter() - started) - (clock.sql - sql_before)

        with connection.execute_wrapper(self), mock.patch.object(Template, "render", render):
            yield self


class Timings:
    """Per request: total, SQL, rendering, the rest (seconds) and the number of queries."""

    def __init__(self):
        self.rows: list[tuple[float, float, float, float, int]] = []

    def add(self, total: float, clock: Clock) -> None:
        self.rows.append((total, clock.sql, clock.rendering, total - clock.sql - clock.rendering, clock.queries))

    def medians(self) -> tuple[float, float, float, float, float]:
        return tuple(statistics.median(column) for column in zip(*self.rows, strict=True))


@contextmanager
def catalogue_changed_each_time():
    """Every request reads the catalogue's version (its one query still runs) but with a token never used before,
    as the first request after a change does: every cached value misses."""
    from opportunities import caching

    real = caching.catalogue_version
    token = secrets.token_hex(4)
    count = 0

    def fresh():
        nonlocal count
        version = real()
        if version is None:
            return None
        count += 1
        return caching.Version(f"{version.token}.bench-{token}-{count}", version.changed_at)

    with mock.patch.object(caching, "catalogue_version", fresh):
        yield


def profile(pages: dict[str, str], rounds: int, unseen: Unseen) -> dict:
    """Where the time goes, in this process: each page missing the cache and hitting it, `rounds` times each; and
    the fixed mix of searches at new addresses, `rounds` rounds."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    clock = Clock()

    def timed(path: str, into: Timings | None) -> None:
        client.cookies.clear()  # no session, no message: the page as every visitor who is not signed in sees it
        clock.reset()
        started = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        if into is not None:
            into.add(total, clock)

    results: dict = {"miss": {}, "hit": {}, "unseen": {}}
    with clock.installed():
        for path in [*pages.values(), *QUERY_MIX]:  # warm-up: the connection, the templates, the buffers
            timed(unseen(path), None)
        for name, path in pages.items():
            results["miss"][name] = Timings()
            with catalogue_changed_each_time():
                for _ in range(rounds):
                    timed(path, results["miss"][name])
            results["hit"][name] = Timings()
            timed(path, None)  # built and cached
            for _ in range(rounds):
                timed(path, results["hit"][name])
        for path in QUERY_MIX:
            results["unseen"][path] = Timings()
        for _ in range(rounds):
            for path in QUERY_MIX:
                timed(unseen(path), results["unseen"][path])
    return results


def unknown_parameter_ignored() -> None:
    """Each search of the mix finds the same results (counts, facets, page, errors) with the extra parameter as
    without it; raises otherwise."""
    from django.http import QueryDict

    from opportunities.selectors import catalogue_search

    def found(query: str):
        result = catalogue_search(QueryDict(query))  # no version: nothing from the cache
        facets = [(f.value, f.count, f.selected) for f in [*result.kinds, *result.sectors, *result.levels]]
        rows = [row.pk for row in result.page.object_list]
        return result.total, result.sort, result.page.number, rows, facets, result.errors, result.notices

    for path in QUERY_MIX:
        query = path.partition("?")[2]
        extra = f"{query}&{UNSEEN_PARAMETER}=x" if query else f"{UNSEEN_PARAMETER}=x"
        if found(query) != found(extra):
            raise RuntimeError(f"{path}: the parameter {UNSEEN_PARAMETER!r} changed the results")


# The report.


def label(path: str) -> str:
    return f"`{path.removeprefix('/opportunities/') or '(no query)'}`"


def met(ok: bool) -> str:
    return "**Met**" if ok else "**Not met**"


def breakdown_row(name: str, cache: str, timings: Timings) -> str:
    total, sql, rendering, rest, queries = timings.medians()
    return f"| {name} | {cache} | {ms(total)} | {ms(sql)} | {queries:.0f} | {ms(rendering)} | {ms(rest)} |"


def main() -> None:
    # Redis as the cache, as in production (a database number of its own); BENCH_CACHE_URL="" for local memory.
    os.environ["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
    env = database_env(DATABASE_URL)
    total, visible = load_data(env)
    listing = listing_path(env)
    print(f"{total:,} listings, {visible:,} published and open; the listing's page is {listing}", flush=True)
    # The pages measured one by one, by the words the report uses for them.
    pages = {
        "`/opportunities/` (no query)": "/opportunities/",
        "`/` (home)": "/",
        "a listing's page": listing,
        f"a search, `{SEARCH}`": SEARCH,
    }
    unseen = Unseen()
    with gunicorn(env, workers=2) as port:
        print("Server time, one request at a time", flush=True)
        bare = [t for ts in latencies(port, [BARE], ROUNDS * len(QUERY_MIX)).values() for t in ts]
        mix = latencies(port, QUERY_MIX, ROUNDS)
        fresh = unseen_latencies(port, QUERY_MIX, ROUNDS, unseen)
        print(f"Throughput, {CLIENTS} clients, {SECONDS:.0f} s a page", flush=True)
        bare_rps = throughput(port, [BARE], seconds=SECONDS, clients=CLIENTS)
        page_rps = {name: throughput(port, [path], seconds=SECONDS, clients=CLIENTS) for name, path in pages.items()}
        mix_rps = throughput(port, QUERY_MIX, seconds=SECONDS, clients=CLIENTS)

    print("Where the time goes, in this process", flush=True)
    setup_django()
    unknown_parameter_ignored()
    profiled = profile({"bare view": BARE, **pages}, PROFILE_ROUNDS, unseen)

    everything = [t for ts in mix.values() for t in ts]
    everything_fresh = [t for ts in fresh.values() for t in ts]
    b50, b95, bmax = summary(bare)
    m50, m95, mmax = summary(everything)
    u50, u95, umax = summary(everything_fresh)
    shares = {name: rps / bare_rps for name, rps in page_rps.items()}
    cache = (
        "Redis, as in production (CACHE_URL)"
        if os.environ.get("CACHE_URL")
        else "local memory in each worker process (no CACHE_URL). Production uses Redis, where a hit also\ncosts a "
        "round trip to Redis"
    )
    pg = subprocess.run(["psql", DATABASE_URL, "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout

    target_rows = "\n".join(
        f"| {name}: at least {SHARE_TARGET:.0%} of the bare view's requests/s | {shares[name]:.0%} | "
        f"{met(shares[name] >= SHARE_TARGET)} |"
        for name in list(pages)[:3]
    )
    fixed_target_row = (
        f"| the fixed mix, asked again and again: p95 at most {ms(FIXED_P95_TARGET)} ms (the earlier target) | "
        f"{ms(m95)} ms | {met(m95 <= FIXED_P95_TARGET)} |"
    )
    throughput_rows = "\n".join(
        f"| {name} | {rps:.0f} | {rps / bare_rps:.0%} |"
        for name, rps in [("bare view, same base template", bare_rps), *page_rps.items(), ("the fixed mix", mix_rps)]
    )
    miss_hit_rows = "\n".join(
        [breakdown_row("bare view", "(none)", profiled["hit"]["bare view"])]
        + [
            breakdown_row(name, cache_state, profiled[cache_state][name])
            for name in pages
            for cache_state in ("miss", "hit")
        ]
    )
    all_unseen = Timings()
    all_unseen.rows = [row for timings in profiled["unseen"].values() for row in timings.rows]
    unseen_total_row = breakdown_row(
        f"searches never seen before ({PROFILE_ROUNDS} rounds of the mix)", "miss", all_unseen
    )
    unseen_rows = "\n".join(breakdown_row(label(path), "miss", t) for path, t in profiled["unseen"].items())
    mix_rows = "\n".join(
        f"| {label(path)} | {ms(summary(t)[0])} | {ms(summary(t)[1])} | {ms(summary(fresh[path])[0])} | "
        f"{ms(summary(fresh[path])[1])} |"
        for path, t in mix.items()
    )
    report = f"""
## The catalogue: search, home and a listing's page at {visible:,} published listings

Run by `make bench` (`bench/catalogue.py`) on {date.today().isoformat()}: {os.cpu_count()} cores, Python
{platform.python_version()}, PostgreSQL {pg.strip()}, gunicorn with 2 sync workers on loopback. {total:,} listings
in the table, {visible:,} of them published and open. The baseline is a bare Django view rendering the same
base template on the same server in the same run. The cache is {cache}.

Every request is from a visitor who is not signed in. So once a page is built, it is served from the cache until
the catalogue changes. That is what a busy morning looks like. The searches never seen before are the other
side: each asks for an address nobody asked for before, so it is built from the database.

| target | result | |
|---|---:|---|
{target_rows}
| searches never seen before: p95 at most {ms(UNSEEN_P95_TARGET)} ms | {ms(u95)} ms | {met(u95 <= UNSEEN_P95_TARGET)} |
{fixed_target_row}

### Requests per second, {CLIENTS} clients

Each page alone for {SECONDS:.0f} seconds, then the fixed mix of {len(QUERY_MIX)} searches and filters in turn.
{CLIENTS} clients ask at the same time, each on a new connection for every request. The listing is the newest
published one (`{listing}`).

| page | requests/s | share of the bare view |
|---|---:|---:|
{throughput_rows}

### Server time, one request at a time

From sending the request to reading the whole response. The fixed mix is {len(QUERY_MIX)} searches and filters,
{ROUNDS} rounds after a warm-up pass: after the first time, each comes from the cache. The searches never seen
before are the same mix, {ROUNDS} rounds after a warm-up pass, with `{UNSEEN_PARAMETER}=<a number of its own>`
added to every request. No two requests share an address, so neither the page nor the search's results are in the
cache. The filters read only their own parameters (and `page`), so this one changes nothing else: the script checks
that each search of the mix finds the same counts and the same page with it and without it. It only shows in the
page's own links (the other pages, the feed, saving the search).

| | p50 ms | p95 ms | max ms |
|---|---:|---:|---:|
| bare view, same base template | {ms(b50)} | {ms(b95)} | {ms(bmax)} |
| `/opportunities/` fixed mix | {ms(m50)} | {ms(m95)} | {ms(mmax)} |
| searches never seen before | {ms(u50)} | {ms(u95)} | {ms(umax)} |
| ratio (fixed mix ÷ bare) | {m50 / b50:.1f}× | {m95 / b95:.1f}× | |
| ratio (never seen ÷ bare) | {u50 / b50:.1f}× | {u95 / b95:.1f}× | |

<details><summary>Each query of the mix (p50 and p95, ms)</summary>

| query | fixed p50 | fixed p95 | never seen p50 | never seen p95 |
|---|---:|---:|---:|---:|
{mix_rows}

</details>

### Where the time goes

Measured in the benchmark's own process with Django's test client, against the same database, with no server and
no network. {PROFILE_ROUNDS} requests of each; the medians, in ms. SQL is the time spent running queries, those
run while rendering included. Rendering is the outermost template render (the context processors included), less
its SQL. The rest is everything else: middleware, the view's own Python, the cache, building the response. A miss
is the first request after the catalogue changed: each request is given a catalogue version never used before, so
nothing it needs is in the cache. A hit is the same page again. Each column is a median of its own, so the parts
need not add up to the total exactly.

| page | cache | total | SQL | queries | rendering | the rest |
|---|---|---:|---:|---:|---:|---:|
{miss_hit_rows}
{unseen_total_row}

<details><summary>Each search never seen before (medians, ms)</summary>

| query | cache | total | SQL | queries | rendering | the rest |
|---|---|---:|---:|---:|---:|---:|
{unseen_rows}

</details>
"""
    write_section("catalogue", report)
    print(report)


if __name__ == "__main__":
    main()
