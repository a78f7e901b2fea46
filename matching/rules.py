"""Which listings fit a resident's profile, and why, in words they can read.

A profile fits a listing when every interest the resident gave holds (none given: no limit on that point) and they
can apply for it (`eligibility_for`: open, their age, a Hackney connection). Profile alerts, recommendations and
the advisors' matches all ask these rules; the engine only decides which listings to ask about.
"""

from dataclasses import dataclass
from decimal import Decimal

from opportunities.models import Attendance, Opportunity
from opportunities.selectors import eligibility_for
from residents.models import Attendance as Preferred
from residents.models import Hours, ResidentProfile

from .searches import KIND_PLURALS, lower_first

FULL_TIME_HOURS = Decimal("30")


@dataclass(frozen=True)
class Interests:
    """What a profile asks of a listing, read once: kinds and sector ids (empty: any), hours, in person or online."""

    kinds: frozenset = frozenset()
    sector_ids: frozenset = frozenset()
    hours: str = ""
    attendance: str = ""

    @property
    def any_given(self) -> bool:
        return bool(self.kinds or self.sector_ids)


def interests_of(profile: ResidentProfile, sector_ids) -> Interests:
    return Interests(
        kinds=frozenset(profile.interested_kinds or ()),
        sector_ids=frozenset(sector_ids),
        hours=profile.hours,
        attendance=profile.attendance,
    )


def kinds_rule(kinds: frozenset, listing: Opportunity, *, today) -> bool:
    return not kinds or listing.kind in kinds


def sectors_rule(sector_ids: frozenset, listing: Opportunity, *, today) -> bool:
    return not sector_ids or listing.sector_id in sector_ids


def hours_rule(hours: str, listing: Opportunity, *, today) -> bool:
    """Full time is 30 hours a week or more, part time under 30; a listing that gives no hours fits either."""
    if listing.hours_per_week is None or hours in ("", Hours.ANY):
        return True
    return (listing.hours_per_week >= FULL_TIME_HOURS) == (hours == Hours.FULL_TIME)


def attendance_rule(attendance: str, listing: Opportunity, *, today) -> bool:
    """In person: anything but online only; online: anything but in person only (hybrid fits both)."""
    if attendance == Preferred.IN_PERSON:
        return listing.attendance != Attendance.ONLINE
    if attendance == Preferred.ONLINE:
        return listing.attendance != Attendance.IN_PERSON
    return True


@dataclass(frozen=True)
class Applicant:
    """What `eligibility_for` reads of a resident: their age on the day and whether they have a Hackney connection."""

    age: int | None
    hackney_connection: bool

    def age_on(self, day) -> int | None:
        return self.age


def eligibility_rule(applicant: Applicant, listing: Opportunity, *, today) -> bool:
    return eligibility_for(opportunity=listing, profile=applicant, today=today).can_apply


# The profile rules, each reading one facet of a resident (`facets`, in this order): a profile fits a listing when
# every rule holds. Residents with an equal facet get the same answer from its rule, so the engine asks each rule
# once per distinct facet value it meets, not once per resident.
RULES = (kinds_rule, sectors_rule, hours_rule, attendance_rule, eligibility_rule)


def facets(profile: ResidentProfile, interests: Interests, *, today) -> tuple:
    """What each of RULES reads of a resident (hashable values)."""
    applicant = Applicant(profile.age_on(today), profile.hackney_connection)
    return (interests.kinds, interests.sector_ids, interests.hours, interests.attendance, applicant)


def profile_fits(profile: ResidentProfile, interests: Interests, listing: Opportunity, *, today) -> bool:
    """The profile rules: every interest given holds, and the resident can apply."""
    return all(
        rule(value, listing, today=today)
        for rule, value in zip(RULES, facets(profile, interests, today=today), strict=True)
    )


def reasons(interests: Interests, listing: Opportunity, *, today, sector_names: dict) -> list[str]:
    """Why a listing fits, most telling first: "matches your interest in digital", "online", "closes in 3 days"."""
    found = []
    if listing.sector_id in interests.sector_ids:
        found.append(f"matches your interest in {lower_first(sector_names[listing.sector_id])}")
    if listing.kind in interests.kinds:
        found.append(f"you are looking for {KIND_PLURALS[listing.kind]}")
    if listing.attendance == Attendance.ONLINE:
        found.append("online")
    elif interests.hours in (Hours.FULL_TIME, Hours.PART_TIME) and listing.hours_per_week is not None:
        found.append("full time" if interests.hours == Hours.FULL_TIME else "part time")
    if listing.pays_london_living_wage:
        found.append("pays the London Living Wage")
    if (closing := closing_words(listing.closing_date, today)) is not None:
        found.append(closing)
    return found


CLOSING_SOON_DAYS = 7


def closing_words(closing_date, today) -> str | None:
    """ "closes today", "closes tomorrow", "closes in 3 days", or None when it closes later than a week away."""
    if closing_date is None:
        return None
    days = (closing_date - today).days
    if days < 0 or days > CLOSING_SOON_DAYS:
        return None
    return {0: "closes today", 1: "closes tomorrow"}.get(days, f"closes in {days} days")


def fit_score(interests: Interests, listing: Opportunity, *, today) -> int:
    """How well a listing fits, for ranking recommendations: what they asked for first, then urgency and pay."""
    score = 3 * (listing.sector_id in interests.sector_ids) + 3 * (listing.kind in interests.kinds)
    score += interests.hours in (Hours.FULL_TIME, Hours.PART_TIME) and listing.hours_per_week is not None
    score += interests.attendance in (Preferred.IN_PERSON, Preferred.ONLINE)
    score += listing.pays_london_living_wage
    score += closing_words(listing.closing_date, today) is not None
    return score
