"""Benchmark: /opportunities/ at 100,000 published listings against a bare view on the same server.

Loads the data with `seed_demo` into its own PostgreSQL database (kept between runs, topped up when short),
then serves the portal with gunicorn (2 sync workers) and measures, in the same run:
- the server time of a fixed mix of searches and filters, one request at a time (p50, p95, max);
- throughput with 4 concurrent clients for 10 seconds;
- the same for a bare Django view rendering the same base template (the baseline).
Writes the figures to docs/benchmarks.md. Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    create_database,
    database_env,
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
]
BARE = "/bench/bare/"


def visible_count(env: dict) -> tuple[int, int]:
    code = "from opportunities.models import Opportunity as O; print(O.objects.count(), O.objects.visible().count())"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1])


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


def main() -> None:
    env = database_env(DATABASE_URL)
    total, visible = load_data(env)
    print(f"{total:,} listings, {visible:,} published and open")
    with gunicorn(env, workers=2) as port:
        bare = [t for ts in latencies(port, [BARE], ROUNDS * len(QUERY_MIX)).values() for t in ts]
        mix = latencies(port, QUERY_MIX, ROUNDS)
        everything = [t for ts in mix.values() for t in ts]
        bare_rps = throughput(port, [BARE])
        mix_rps = throughput(port, QUERY_MIX)

    b50, b95, bmax = summary(bare)
    m50, m95, mmax = summary(everything)
    rows = "\n".join(
        f"| `{path.removeprefix('/opportunities/') or '(no query)'}` | {ms(summary(t)[0])} | {ms(summary(t)[1])} |"
        for path, t in mix.items()
    )
    pg = subprocess.run(["psql", DATABASE_URL, "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout
    report = f"""
## Catalogue search: `/opportunities/` at {visible:,} published listings

Run by `make bench` (`bench/catalogue.py`) on {date.today().isoformat()}: {os.cpu_count()} cores, Python
{platform.python_version()}, PostgreSQL {pg.strip()}, gunicorn with 2 sync workers on loopback. {total:,} listings
in the table, {visible:,} of them published and open. Server time is measured from sending the request to
reading the whole response, one request at a time, {ROUNDS} rounds of a fixed mix of {len(QUERY_MIX)} searches
and filters after a warm-up pass. The baseline is a bare Django view rendering the same base template on the
same server in the same run.

| | p50 ms | p95 ms | max ms | requests/s (4 clients) |
|---|---:|---:|---:|---:|
| bare view, same base template | {ms(b50)} | {ms(b95)} | {ms(bmax)} | {bare_rps:.0f} |
| `/opportunities/` query mix | {ms(m50)} | {ms(m95)} | {ms(mmax)} | {mix_rps:.0f} |
| ratio (mix ÷ bare) | {m50 / b50:.1f}× | {m95 / b95:.1f}× | | {mix_rps / bare_rps:.2f} |

Target: p95 of the mix at most 100 ms. **{"Met" if m95 <= 0.100 else "Not met"}: p95 is
{ms(m95)} ms.**

<details><summary>Each query of the mix (p50 and p95, ms)</summary>

| query | p50 | p95 |
|---|---:|---:|
{rows}

</details>
"""
    write_section("catalogue", report)
    print(report)


if __name__ == "__main__":
    main()
