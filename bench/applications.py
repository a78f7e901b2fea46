"""Benchmark: a partner's applications list at /partners/ with 10,000 applications to their organisation.

Seeds its own PostgreSQL database (kept between runs; seeded once): one organisation with 50 listings and
10,000 sent applications from 2,000 residents spread over the statuses a partner sees, plus 1,000 drafts of
its residents and 10,000 applications to another organisation (neither of which the partner may see, so the
scoping has real work to do). Then serves the portal with gunicorn (2 sync workers), signs in as a member
through /partners/login/, and measures in the same run:
- the server time of a fixed mix of list pages (filters, a search, sorts, pages), one request at a time;
- one application's page (the change view with its history);
- the same for a bare Django view rendering the portal's base template (the baseline).
Writes the figures to docs/benchmarks.md. Not a test: it reports, it does not pass or fail.
"""

import os
import platform
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    create_database,
    database_env,
    gunicorn,
    latencies,
    manage,
    ms,
    sign_in,
    summary,
    timed,
    write_section,
)

DATABASE_URL = os.environ.get(
    "BENCH_APPLICATIONS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities_bench_applications"
)
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
LISTINGS = 50
RESIDENTS = 2000
MEMBER_EMAIL = "bench-member@example.test"
MEMBER_PASSWORD = "bench-applications-password"  # noqa: S105 (a throwaway account in a throwaway database)
BASE = "/partners/applications/application/"
BARE = "/bench/bare/"

# Sent statuses, weighted roughly as a busy partner's pipeline looks.
STATUS_WEIGHTS = {
    "submitted": 30,
    "reviewing": 20,
    "shortlisted": 12,
    "interview": 8,
    "offered": 4,
    "started": 3,
    "unsuccessful": 18,
    "withdrawn": 5,
}
FIRST = ["Amara", "Ben", "Chloe", "Deniz", "Efua", "Femi", "Grace", "Hassan", "Ines", "Jack", "Kemi", "Liam", "Maya"]
LAST = ["Okafor", "Smith", "Yilmaz", "Ahmed", "Mensah", "Khan", "Cohen", "Brown", "Osei", "Patel", "Jones", "Nowak"]


def setup_django() -> None:
    os.environ.update(database_env(DATABASE_URL), DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()


def seed() -> dict:
    """Seed once (bulk inserts); returns what the query mix needs (a listing's id, an application's id)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from accounts.roles import role_grant
    from applications.models import Application, ApplicationEvent
    from govuk.markdown import render_govuk_markdown
    from opportunities.models import Opportunity, Status
    from organisations.models import Membership, Organisation

    own, _ = Organisation.objects.get_or_create(
        slug="bench-applications-own", defaults={"name": "Bench Builders", "type": "employer"}
    )
    other, _ = Organisation.objects.get_or_create(
        slug="bench-applications-other", defaults={"name": "Bench Elsewhere", "type": "employer"}
    )
    if not Application.objects.filter(opportunity__organisation=own).exists():
        rng = random.Random(2026)
        now = timezone.now()
        with transaction.atomic():
            listings = {}
            for organisation in (own, other):
                listings[organisation.pk] = Opportunity.objects.bulk_create(
                    Opportunity(
                        kind="job",
                        title=f"{rng.choice(['Trainee', 'Junior', 'Assistant', 'Apprentice'])} "
                        f"{rng.choice(['electrician', 'chef', 'care worker', 'retail assistant', 'developer'])} "
                        f"{i + 1} at {organisation.name}",
                        slug=f"{organisation.slug}-{i}",
                        summary="A role for the benchmark.",
                        description="A role for the benchmark.",
                        description_html=render_govuk_markdown("A role for the benchmark."),
                        organisation=organisation,
                        status=Status.PUBLISHED,
                        published_at=now,
                        closing_date=now.date() + timedelta(days=30),
                        apply_method="here",
                        screening_question_1="Why do you want this job?",
                    )
                    for i in range(LISTINGS)
                )
            unusable = make_password(None)
            residents = User.objects.bulk_create(
                User(
                    email=f"bench-resident-{i}@example.test",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    password=unusable,
                )
                for i in range(RESIDENTS)
            )
            applications = []
            statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
            for organisation, count, drafts in ((own, APPLICATIONS, 1000), (other, APPLICATIONS, 0)):
                pairs = rng.sample(range(RESIDENTS * LISTINGS), count + drafts)
                for n, pair in enumerate(pairs):
                    resident, listing = residents[pair // LISTINGS], listings[organisation.pk][pair % LISTINGS]
                    sent = now - timedelta(minutes=rng.randrange(60 * 24 * 120))
                    draft = n >= count
                    applications.append(
                        Application(
                            opportunity=listing,
                            resident=resident,
                            status="draft" if draft else rng.choices(statuses, weights)[0],
                            answers=[{"question": "Why do you want this job?", "answer": "I like the work. " * 20}],
                            statement="I have worked in a busy shop and I like helping people. " * 15,
                            created_at=sent,
                            submitted_at=None if draft else sent,
                            status_changed_at=sent,
                        )
                    )
            Application.objects.bulk_create(applications, batch_size=2000)
            sent_events = (
                ApplicationEvent(
                    application=a, from_status="draft", to_status="submitted", by=a.resident, at=a.submitted_at
                )
                for a in applications
                if a.submitted_at
            )
            ApplicationEvent.objects.bulk_create(sent_events, batch_size=5000)
        member, _ = User.objects.get_or_create(email=MEMBER_EMAIL, defaults={"full_name": "Bench Member"})
        member.set_password(MEMBER_PASSWORD)
        member.save()
        role_grant(user=member, role=Role.PARTNER)
        Membership.objects.get_or_create(user=member, organisation=own)
    first_listing = Opportunity.objects.filter(organisation=own).order_by("pk").values_list("pk", flat=True).first()
    one = Application.objects.for_partner(User.objects.get(email=MEMBER_EMAIL)).order_by("-submitted_at").first()
    return {
        "listing": first_listing,
        "application": one.pk,
        "own": Application.objects.for_partner(User.objects.get(email=MEMBER_EMAIL)).count(),
        "table": Application.objects.count(),
    }


def main() -> None:
    env = database_env(DATABASE_URL)
    create_database(DATABASE_URL)
    manage("migrate", "--no-input", "-v", "0", env=env)
    setup_django()
    facts = seed()
    subprocess.run(["psql", DATABASE_URL, "-q", "-c", "VACUUM ANALYZE"], check=True)
    listing = facts["listing"]
    from partners.applications_admin import PartnerApplicationAdmin

    per_page = PartnerApplicationAdmin.list_per_page
    mix = [
        BASE,
        f"{BASE}?status=submitted",
        f"{BASE}?status=interview",
        f"{BASE}?listing={listing}",
        f"{BASE}?listing={listing}&status=reviewing",
        f"{BASE}?q=okafor",
        f"{BASE}?q=grace+khan&status=unsuccessful",
        f"{BASE}?p=2",
        f"{BASE}?p=50",
        f"{BASE}?o=1",
        f"{BASE}?o=2.-4&status=shortlisted",
        f"{BASE}?o=-4&p=10",
    ]
    change = f"{BASE}{facts['application']}/change/"
    load_before = os.getloadavg()[0]
    with gunicorn(env, workers=2) as port:
        cookies = sign_in(port, "/partners/login/", MEMBER_EMAIL, MEMBER_PASSWORD, next_page="/partners/")
        bare = [t for ts in latencies(port, [BARE], ROUNDS * len(mix)).values() for t in ts]
        lists = timed(port, mix, cookies, ROUNDS)
        page = timed(port, [change], cookies, ROUNDS * 2)[change]
    load_after = os.getloadavg()[0]

    b50, b95, bmax = summary(bare)
    everything = [t for ts in lists.values() for t in ts]
    m50, m95, mmax = summary(everything)
    c50, c95, cmax = summary(page)
    rows = "\n".join(
        f"| `{path.removeprefix(BASE) or '(no query)'}` | {ms(summary(t)[0])} | {ms(summary(t)[1])} |"
        for path, t in lists.items()
    )
    pg = subprocess.run(["psql", DATABASE_URL, "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout
    report = f"""
## Partner applications: `/partners/applications/application/` at {facts["own"]:,} applications

Run by `make bench` (`bench/applications.py`) on {date.today().isoformat()}: {os.cpu_count()} cores, Python
{platform.python_version()}, PostgreSQL {pg.strip()}, gunicorn with 2 sync workers on loopback. One
organisation with {LISTINGS} listings and {facts["own"]:,} sent applications from {RESIDENTS:,} residents over
every status a partner sees; {facts["table"]:,} applications in the table (its drafts and another
organisation's applications too, which the partner must not see). A member signed in through `/partners/login/`
requests a fixed mix of {len(mix)} list pages (filters by status and listing, searches by name, sorts and
pages; {per_page} rows a page), one request at a time, {ROUNDS} rounds after a warm-up pass. The baseline is a bare
Django view rendering the portal's base template on the same server in the same run. The machine's load
average (1 minute) was {load_before:.1f} before and {load_after:.1f} after the run (other work shares it; figures
on a quiet machine are lower, the ratio to the bare view less so).

| | p50 ms | p95 ms | max ms |
|---|---:|---:|---:|
| bare view, same base template | {ms(b50)} | {ms(b95)} | {ms(bmax)} |
| applications list mix | {ms(m50)} | {ms(m95)} | {ms(mmax)} |
| ratio (mix ÷ bare) | {m50 / b50:.1f}× | {m95 / b95:.1f}× | |
| one application's page (history, move form) | {ms(c50)} | {ms(c95)} | {ms(cmax)} |

Target: p95 of the list mix under 100 ms. **{"Met" if m95 < 0.100 else "Not met"}:
p95 is {ms(m95)} ms.**

<details><summary>Each page of the mix (p50 and p95, ms)</summary>

| query | p50 | p95 |
|---|---:|---:|
{rows}

</details>

How the figures came down (measured on the same data): the page first read and joined every application
of the organisation, answers and statements included (a sequential scan of the table, then sorting 10,000
joined rows), and rendered each row's checkbox through the form renderer's templates, with 100 rows a page:
p50 132 ms, p95 220 ms. Now a covering index (`application_for_partners`: listing, sent date, id, including
status, route and resident) makes the count and the page's ids index-only scans per listing; the page's rows
are then read by id with only the columns shown; the checkbox is a string; 50 rows a page.
"""
    write_section("applications", report)
    print(report)


if __name__ == "__main__":
    main()
