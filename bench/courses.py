"""Benchmark: /courses/ at 20,000 dates (runs) of courses and events, against a bare view on the same server.

Loads demo listings with `seed_demo` into its own PostgreSQL database (kept between runs), then tops the dates up
to 20,000 across the published courses and events, with places held and waiting lists on a tenth of them. Serves
the portal with gunicorn (2 sync workers) and measures, one request at a time, the server time of a mix of
/courses/ searches (every filter, deep pages) beside the bare view that renders the same base template. Then, in
this process, where the time goes (SQL, template rendering, the rest) and how many queries each page makes.

/courses/ is not cached: every request is built from the database, as the first after a change would be.
Writes the figures to docs/benchmarks.md. Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.catalogue import Clock, Timings, django_shell, setup_django
from bench.common import create_database, database_env, get, gunicorn, latencies, manage, ms, summary, write_section

DATABASE_URL = os.environ.get(
    "BENCH_COURSES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities_bench_courses"
)
LISTINGS = int(os.environ.get("BENCH_COURSES_LISTINGS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
PROFILE_ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "10"))
P95_TARGET = 0.100
BARE = "/bench/bare/"
MIX = [
    "/courses/",
    "/courses/?kind=course",
    "/courses/?kind=event",
    "/courses/?delivery=online",
    "/courses/?delivery=classroom&time=weekend",
    "/courses/?starts=7",
    "/courses/?starts=30&free=yes",
    "/courses/?time=evening",
    "/courses/?level=2",
    "/courses/?sector=health-and-social-care",
    "/courses/?free=yes&delivery=online&time=daytime",
    "/courses/?page=20",
    "/courses/?page=9999",
]

# Dates for the published courses and events, until there are RUNS; places held on every tenth, a waiting list on
# every twentieth. Bulk inserts (the services' row locks are measured by the tests, not here).
TOP_UP = """
import itertools, random
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from courses.models import CourseRun, Delivery, Enrolment
from opportunities.models import Kind, Opportunity
wanted = {runs} - CourseRun.objects.count()
if wanted > 0:
    rng = random.Random(2026)
    today = timezone.localdate()
    listings = list(Opportunity.objects.visible().filter(kind__in=[Kind.COURSE, Kind.EVENT]).values_list("pk", "kind"))
    people = list(User.objects.values_list("pk", flat=True)[:40])
    runs = []
    for number, (pk, kind) in zip(range(wanted), itertools.cycle(listings)):
        when = rng.choice(["daytime", "evening", "weekend"])
        starts = None if number % 17 == 0 else today + timedelta(days=rng.randint(1, 180))
        runs.append(CourseRun(
            opportunity_id=pk, starts_on=starts, ends_on=None if starts is None else starts + timedelta(days=60),
            days_and_times="Tuesdays, 6pm to 8pm", daytime=when == "daytime", evening=when == "evening",
            weekend=when == "weekend", delivery=rng.choice(Delivery.values), places=rng.choice([10, 12, 16, 20]),
            cost=0 if number % 5 else 45, level=rng.choice([None, 0, 1, 2, 3]) if kind == Kind.COURSE else None,
            venue="Hackney Central Library, 1 Reading Lane, London E8 1GQ",
        ))
    CourseRun.objects.bulk_create(runs, batch_size=2000)
    entries = []
    for run in CourseRun.objects.filter(pk__in=[r.pk for r in runs[::10]]):
        taking = run.places + (3 if run.pk % 2 else 0)
        for position, person in enumerate(people[:taking]):
            status = "enrolled" if position < run.places else "waiting"
            entries.append(Enrolment(run=run, resident_id=person, status=status))
    Enrolment.objects.bulk_create(entries, batch_size=5000)
courses = Opportunity.objects.visible().filter(kind__in=[Kind.COURSE, Kind.EVENT]).count()
print(CourseRun.objects.count(), courses, Enrolment.objects.count())
"""


def load_data(env: dict) -> tuple[int, int, int]:
    create_database(DATABASE_URL)
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("seed_demo", "--not-production", "--opportunities", str(LISTINGS), "-v", "0", env=env)
    runs, courses, enrolments = (int(n) for n in django_shell(env, TOP_UP.format(runs=RUNS)))
    subprocess.run(["psql", DATABASE_URL, "-q", "-c", "VACUUM ANALYZE"], check=True)
    return runs, courses, enrolments


def profile(rounds: int) -> dict[str, Timings]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    clock = Clock()
    results = {path: Timings() for path in [BARE, *MIX]}
    with clock.installed():
        for path in results:
            client.get(path)  # warm-up
        for _ in range(rounds):
            for path, timings in results.items():
                clock.reset()
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                timings.add(total, clock)
    return results


def main() -> None:
    env = database_env(DATABASE_URL)
    runs, courses, enrolments = load_data(env)
    print(f"{runs:,} dates of {courses:,} published courses and events, {enrolments:,} enrolments", flush=True)
    with gunicorn(env, workers=2) as port:
        if get(port, "/courses/")[0] != 200:
            raise RuntimeError("/courses/ did not answer 200")
        bare = [t for ts in latencies(port, [BARE], ROUNDS * len(MIX)).values() for t in ts]
        mix = latencies(port, MIX, ROUNDS)
    setup_django(DATABASE_URL)
    profiled = profile(PROFILE_ROUNDS)

    everything = [t for ts in mix.values() for t in ts]
    b50, b95, bmax = summary(bare)
    m50, m95, mmax = summary(everything)
    pg = subprocess.run(["psql", DATABASE_URL, "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout
    per_query = "\n".join(
        f"| `{path.removeprefix('/courses/') or '(no filter)'}` | {ms(summary(t)[0])} | {ms(summary(t)[1])} |"
        for path, t in mix.items()
    )

    def breakdown(path: str) -> str:
        total, sql, rendering, rest, queries = profiled[path].medians()
        name = "bare view" if path == BARE else f"`{path.removeprefix('/courses/') or '(no filter)'}`"
        return f"| {name} | {ms(total)} | {ms(sql)} | {queries:.0f} | {ms(rendering)} | {ms(rest)} |"

    met = "**Met**" if m95 < P95_TARGET else "**Not met**"
    report = f"""
## Courses: /courses/ at {runs:,} dates

Run by `make bench` (`bench/courses.py`) on {date.today().isoformat()}: {os.cpu_count()} cores, Python
{platform.python_version()}, PostgreSQL {pg.strip()}, gunicorn with 2 sync workers on loopback. {runs:,} dates
(runs) of {courses:,} published courses and events, {enrolments:,} enrolments and waiting-list entries (places
held on a tenth of the dates, waiting lists on half of those). /courses/ is not cached: every request is built
from the database. The baseline is a bare Django view rendering the same base template, in the same run.

| target | result | |
|---|---:|---|
| the mix of /courses/ searches: p95 under {ms(P95_TARGET)} ms | {ms(m95)} ms | {met} |

### Server time, one request at a time

{len(MIX)} searches, {ROUNDS} rounds after a warm-up pass; from sending the request to reading the whole response.

| | p50 ms | p95 ms | max ms |
|---|---:|---:|---:|
| bare view, same base template | {ms(b50)} | {ms(b95)} | {ms(bmax)} |
| /courses/ mix | {ms(m50)} | {ms(m95)} | {ms(mmax)} |
| ratio (mix ÷ bare) | {m50 / b50:.1f}× | {m95 / b95:.1f}× | |

<details><summary>Each search of the mix (p50 and p95, ms)</summary>

| search | p50 | p95 |
|---|---:|---:|
{per_query}

</details>

### Where the time goes

In the benchmark's own process with Django's test client, against the same database; {PROFILE_ROUNDS} requests of
each, medians in ms. SQL is every statement's time; rendering is the outermost template render less its SQL; the
rest is everything else. The number of queries is the same for every search (the tests assert it does not grow
with the number of dates).

| page | total | SQL | queries | rendering | the rest |
|---|---:|---:|---:|---:|---:|
{chr(10).join(breakdown(path) for path in [BARE, *MIX])}
"""
    write_section("courses", report)
    print(report)


if __name__ == "__main__":
    main()
