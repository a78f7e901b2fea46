"""Property tests of the alert runs (hypothesis): on random catalogues, the residents alerted for each listing are
exactly those whose saved search, run through the catalogue's own search (`/opportunities/`'s FilterSet over the
visible catalogue), finds it, or whose profile the profile rules (`rules.profile_fits`) fit.

Each example works inside a savepoint it rolls back, so no example sees another's listings, residents or runs.
"""

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from matching import services
from matching.models import AlertedListing, Frequency, ProfileAlert, SavedSearch
from matching.rules import interests_of, profile_fits
from notifications.models import Notification
from opportunities.filters import OpportunityFilter
from opportunities.models import Attendance, Kind, Opportunity, SearchEntry
from opportunities.selectors import catalogue_search
from residents.models import Attendance as Preferred
from residents.models import Hours, ResidentProfile
from tests.factories import OpportunityFactory, OrganisationFactory, sector, ward

from .conftest import make_profile, make_resident, save_search

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written to the working tree; a failure prints its own minimal example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The catalogue a property draws from: a few kinds, three sectors, three wards, a small vocabulary.
KINDS = (Kind.JOB, Kind.APPRENTICESHIP, Kind.COURSE, Kind.VOLUNTEERING)
SECTORS = ("creative-media-and-digital", "health-and-social-care", "construction-and-trades")
WARDS = ("dalston", "hackney-central", "hackney-wick")
WORDS = ("digital", "care", "kitchen", "warehouse", "youth", "garden", "nursing", "library")
# Alerts are made this long before a run; "old" listings are published before them, "new" ones after.
ALERTS_AGO = timedelta(hours=6)


# Strategies ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    kind: str
    sector: int | None  # index into SECTORS
    ward: str | None
    attendance: str
    pay: tuple  # (pence above or below the London Living Wage an hour, period) or ()
    hours: str | None
    min_age: int | None
    max_age: int | None
    closing_in: int | None  # days from today; -1 has closed (still published, no longer visible)
    hackney_only: bool
    title: tuple
    summary: tuple
    minutes: int  # new: minutes after the alerts were made; old: minutes before


listings = st.builds(
    Listing,
    kind=st.sampled_from(KINDS),
    sector=st.sampled_from([None, 0, 1, 2]),
    ward=st.sampled_from([None, *WARDS]),
    attendance=st.sampled_from(Attendance.values),
    pay=st.one_of(st.just(()), st.tuples(st.sampled_from([-150, -1, 0, 1, 600]), st.sampled_from(["hour", "year"]))),
    hours=st.sampled_from([None, "8", "16", "16.5", "29.5", "30", "30.5", "37.5"]),
    min_age=st.sampled_from([None, None, None, 16, 18, 19, 25]),
    max_age=st.sampled_from([None, None, None, 18, 24, 25, 30]),
    closing_in=st.sampled_from([None, 0, 1, 7, 8, 30, 31, 60, -1]),
    hackney_only=st.sampled_from([False, False, True]),
    title=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(tuple),
    summary=st.lists(st.sampled_from(WORDS), max_size=3).map(tuple),
    minutes=st.integers(1, 120),
)
# Up to 3 old listings (one may be older than the run's first window) and up to 8 new ones: under the digest's
# ten shown listings, though a run records every pair it matched whatever an email shows (`services._send`).
old_listings = st.lists(
    st.builds(lambda listing, before: replace(listing, minutes=before), listings, st.sampled_from([1, 60, 20 * 60])),
    max_size=3,
)
new_listings = st.lists(listings, min_size=2, max_size=8)

QUERIES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(["nurse", "gardens", "DIGITAL", "kitchens"]),  # stems and case
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(" ".join),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(" or ".join),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda words: f"{words[0]} -{words[1]}"),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda words: f'"{words[0]} {words[1]}"'),
)


# The filters a saved search may use, each drawn 1 to 3 at a time (more would rarely find anything).
FILTERS = {
    "kind": st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True),
    "q": QUERIES,
    "sector": st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True),
    "pay": st.just("llw"),
    "hours": st.sampled_from(["up-to-16", "16-to-30", "30-plus"]),
    "online": st.just("yes"),
    "age": st.sampled_from([15, 16, 18, 19, 24, 25, 26]),
    "ward": st.sampled_from(WARDS),
    "closing": st.sampled_from(["7", "30"]),
}


@st.composite
def search_filters(draw) -> dict:
    """The filters of one saved search, as the catalogue's form takes them (never none: that can't be saved)."""
    names = draw(st.lists(st.sampled_from(list(FILTERS)), min_size=1, max_size=3, unique=True))
    return {name: draw(FILTERS[name]) for name in names}


def searches_of(frequencies):
    """Residents (2 to 4), each with 1 or 2 saved searches of a frequency drawn from `frequencies`."""
    search = st.tuples(search_filters(), st.sampled_from(frequencies))
    return st.lists(st.lists(search, min_size=1, max_size=2), min_size=2, max_size=4)


@dataclass(frozen=True)
class Profile:
    kinds: tuple
    sectors: tuple  # indices into SECTORS
    hours: str
    attendance: str
    age: tuple | None  # (years, days after the birthday: -1 turns that age tomorrow)
    lives_in_hackney: bool | None
    studied_in_hackney: bool | None
    frequency: str


profiles = st.builds(
    Profile,
    # Mostly a kind or two; a sector half the time; neither (no alert sent) about one time in ten.
    kinds=st.sampled_from([1, 2, 1, 3, 0]).flatmap(
        lambda n: st.lists(st.sampled_from([*KINDS, Kind.EVENT]), min_size=n, max_size=n, unique=True).map(tuple)
    ),
    sectors=st.sampled_from([0, 1, 0, 2]).flatmap(
        lambda n: st.lists(st.sampled_from([0, 1, 2]), min_size=n, max_size=n, unique=True).map(tuple)
    ),
    hours=st.sampled_from(["", *Hours.values]),
    attendance=st.sampled_from(["", *Preferred.values]),
    age=st.one_of(st.tuples(st.sampled_from([19, 18, 24, 16, 25, 15, 30]), st.sampled_from([0, -1, 1])), st.none()),
    lives_in_hackney=st.sampled_from([True, None, False]),
    studied_in_hackney=st.sampled_from([None, False, True]),
    frequency=st.sampled_from([Frequency.DAILY, Frequency.DAILY, Frequency.DAILY, Frequency.WEEKLY]),
)


# Building an example ----------------------------------------------------------------------------------------------


@contextmanager
def rolled_back():
    """Everything an example writes, undone when it ends (a savepoint inside the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def publish(listings_drawn, *, at, sign: int, organisation) -> list[Opportunity]:
    today = timezone.localdate()
    llw = Decimal(settings.LONDON_LIVING_WAGE_HOURLY)
    made = []
    for drawn in listings_drawn:
        hours = Decimal(drawn.hours) if drawn.hours is not None else None
        pay_min, period = None, ""
        if drawn.pay:
            pence, period = drawn.pay
            pay_min = llw + Decimal(pence) / 100
            if period == "year":  # an hourly rate only when the hours are given
                pay_min = (pay_min * (hours or Decimal("37.5")) * 52).quantize(Decimal("0.01"))
        low, high = drawn.min_age, drawn.max_age
        if low is not None and high is not None and low > high:
            low, high = high, low
        made.append(
            OpportunityFactory(
                organisation=organisation,
                kind=drawn.kind,
                title=" ".join(drawn.title).capitalize(),
                summary=" ".join(drawn.summary),
                sector=sector(SECTORS[drawn.sector]) if drawn.sector is not None else None,
                ward=ward(drawn.ward) if drawn.ward else None,
                attendance=drawn.attendance,
                pay_min=pay_min,
                pay_max=pay_min,
                pay_period=period,
                hours_per_week=hours,
                min_age=low,
                max_age=high,
                closing_date=today + timedelta(days=drawn.closing_in) if drawn.closing_in is not None else None,
                hackney_connection_required=drawn.hackney_only,
                published_at=at + sign * timedelta(minutes=drawn.minutes),
            )
        )
    return made


def catalogue(old, new) -> tuple[list[Opportunity], object]:
    """Publish the drawn listings around the moment the alerts were made; (the listings, that moment)."""
    for slug in SECTORS:
        sector(slug)
    for slug in WARDS:
        ward(slug)
    alerts_made = timezone.now() - ALERTS_AGO
    organisation = OrganisationFactory()
    made = publish(old, at=alerts_made, sign=-1, organisation=organisation)
    made += publish(new, at=alerts_made, sign=1, organisation=organisation)
    return made, alerts_made


def save_searches(residents_drawn) -> list[SavedSearch]:
    saved = []
    for searches in residents_drawn:
        resident = make_resident()
        for filters, frequency in searches:
            try:
                saved.append(save_search(resident, urlencode(filters, doseq=True), frequency, ago=ALERTS_AGO))
            except ValidationError as error:  # both searches drew the same canonical query
                assert error.code == "already_saved"
    return saved


def alerted() -> dict[int, set[int]]:
    """listing id -> the residents alerted for it."""
    found: dict[int, set[int]] = {}
    for opportunity_id, resident_id in AlertedListing.objects.values_list("opportunity_id", "resident_id"):
        found.setdefault(opportunity_id, set()).add(resident_id)
    return found


def pairs_bucket(got: dict) -> str:
    pairs = sum(len(residents) for residents in got.values())
    return "none" if not pairs else "1-2" if pairs <= 2 else "3-5" if pairs <= 5 else "6 or more"


def found_by_search(query: str) -> set[int]:
    """The listings `/opportunities/?{query}` shows: the catalogue's FilterSet over the visible catalogue."""
    filterset = OpportunityFilter(QueryDict(query), queryset=SearchEntry.objects.visible())
    assert not filterset.form.errors, (query, filterset.form.errors)
    ids = set(filterset.qs.values_list("opportunity_id", flat=True))
    assert catalogue_search(QueryDict(query)).total == len(ids), query  # the page itself counts the same
    return ids


def listing_words(listing: Opportunity) -> str:
    return (
        f"#{listing.pk} {listing.kind} “{listing.title}” / “{listing.summary}” sector={listing.sector_id} "
        f"ward={listing.ward_id} {listing.attendance} hourly={listing.hourly_pay_min} hours={listing.hours_per_week} "
        f"age={listing.min_age}-{listing.max_age} closing={listing.closing_date} "
        f"hackney_only={listing.hackney_connection_required} published={listing.published_at:%H:%M:%S}"
    )


def check_searches(frequency: str, made: list[Opportunity], saved: list[SavedSearch], *, in_run) -> None:
    """Per listing: the residents alerted are those with a `frequency` search that finds it, made before it was
    published; each pair names one such search."""
    got = alerted()
    finds = {query: found_by_search(query) for query in {s.query for s in saved}}
    event("pairs alerted", pairs_bucket(got))  # `--hypothesis-show-statistics`: how often anything matched
    for listing in made:
        matching = [
            s
            for s in saved
            if s.frequency == frequency
            and listing.pk in finds[s.query]
            and in_run(listing)
            and listing.published_at >= s.created_at
        ]
        expected = {s.resident_id for s in matching}
        assert got.get(listing.pk, set()) == expected, (
            f"{listing_words(listing)}: alerted {sorted(got.get(listing.pk, ()))}, expected {sorted(expected)}; "
            f"searches: {[(s.resident_id, s.frequency, s.query) for s in saved]}"
        )
    by_id = {s.pk: s for s in saved}
    for resident_id, opportunity_id, search_id in AlertedListing.objects.values_list(
        "resident_id", "opportunity_id", "saved_search_id"
    ):
        search = by_id.get(search_id)
        assert search is not None and search.resident_id == resident_id and search.frequency == frequency
        assert opportunity_id in finds[search.query]


# The properties --------------------------------------------------------------------------------------------------


@EXAMPLES
@given(old=old_listings, new=new_listings, residents=searches_of([Frequency.DAILY] * 4 + list(Frequency)))
def test_a_daily_digest_alerts_exactly_the_residents_whose_saved_search_finds_each_listing(old, new, residents):
    """Daily searches (with some of every other frequency, which the daily run must leave alone)."""
    with rolled_back():
        made, _ = catalogue(old, new)
        saved = save_searches(residents)

        run = services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now())

        def in_run(listing):
            return run.window_start < listing.published_at <= run.window_end

        check_searches(Frequency.DAILY, made, saved, in_run=in_run)
        with_alerts = set(AlertedListing.objects.values_list("resident_id", flat=True))
        digests = Notification.objects.filter(kind="match_digest")
        assert set(digests.values_list("recipient_id", flat=True)) == with_alerts
        assert run.messages == len(with_alerts)


@EXAMPLES
@given(old=old_listings, new=new_listings, residents=searches_of([Frequency.INSTANT] * 3 + [Frequency.DAILY]))
def test_instant_alerts_reach_exactly_the_residents_whose_saved_search_finds_the_listing(old, new, residents):
    """Each listing's instant run, for every listing drawn (old ones and closed ones send nothing)."""
    with rolled_back():
        made, _ = catalogue(old, new)
        saved = save_searches(residents)

        now = timezone.now()
        for listing in made:
            services.alerts_instant_send(opportunity_id=listing.pk, now=now)

        visible = set(SearchEntry.objects.visible().values_list("opportunity_id", flat=True))
        check_searches(Frequency.INSTANT, made, saved, in_run=lambda listing: listing.pk in visible)
        alerts = Notification.objects.filter(kind="match_alert")
        assert alerts.count() == AlertedListing.objects.count()  # one email per listing and resident


def date_of_birth(age, today):
    if age is None:
        return None
    years, days_after = age
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - timedelta(days=days_after)


@hypothesis_settings(EXAMPLES, max_examples=80)  # cheaper examples than the searches'
@given(
    old=old_listings,
    new=new_listings,
    # None (one resident in five): a profile alert with no profile behind it.
    drawn=st.lists(
        st.sampled_from([True, True, True, True, False]).flatmap(
            lambda has_profile: profiles if has_profile else st.none()
        ),
        min_size=2,
        max_size=6,
    ),
)
def test_a_daily_digest_alerts_exactly_the_residents_whose_profile_fits_each_listing(old, new, drawn):
    """Profile alerts: the rules asked of every (resident, listing) pair, without the engine's cells."""
    with rolled_back():
        made, alerts_made = catalogue(old, new)
        today = timezone.localdate()
        residents = []
        for profile in drawn:
            resident = make_resident()
            residents.append(resident)
            frequency = Frequency.DAILY if profile is None else profile.frequency
            ProfileAlert.objects.create(resident=resident, frequency=frequency, created_at=alerts_made)
            if profile is not None:
                make_profile(
                    resident,
                    kinds=profile.kinds,
                    sectors=[sector(SECTORS[index]) for index in profile.sectors],
                    hours=profile.hours,
                    attendance=profile.attendance,
                    date_of_birth=date_of_birth(profile.age, today),
                    lives_in_hackney=profile.lives_in_hackney,
                    studied_in_hackney=profile.studied_in_hackney,
                )

        now = timezone.now()
        run = services.alerts_digest_send(frequency=Frequency.DAILY, now=now)

        got = alerted()
        event("pairs alerted", pairs_bucket(got))
        alerts = {alert.resident_id: alert for alert in ProfileAlert.objects.all()}
        for listing in Opportunity.objects.filter(pk__in=[m.pk for m in made]):  # read afresh, every column
            expected = set()
            for resident in residents:
                profile = ResidentProfile.objects.filter(user=resident).first()
                alert = alerts[resident.pk]
                if profile is None or alert.frequency != Frequency.DAILY:
                    continue
                interests = interests_of(profile, profile.interested_sectors.values_list("pk", flat=True))
                if (
                    (profile.interested_kinds or profile.interested_sectors.exists())
                    and run.window_start < listing.published_at <= run.window_end
                    and listing.published_at >= alert.created_at
                    and profile_fits(profile, interests, listing, today=timezone.localdate(now))
                ):
                    expected.add(resident.pk)
            assert got.get(listing.pk, set()) == expected, (
                f"{listing_words(listing)}: alerted {sorted(got.get(listing.pk, ()))}, expected {sorted(expected)}; "
                f"profiles: {[(r.pk, p) for r, p in zip(residents, drawn, strict=True)]}"
            )
        assert not AlertedListing.objects.filter(saved_search__isnull=False).exists()
