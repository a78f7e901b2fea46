"""Every write of match alerts: saving and changing searches, profile alerts, stopping an alert from its email,
feedback, and the alert runs (instant, daily, weekly, closing reminders, the advisors' digest).

How a run keeps its promises (docs/architecture.md, "Match alerts"):
- One listing reaches a resident once: `AlertedListing` is unique per (resident, listing); a run inserts its pairs
  with ON CONFLICT DO NOTHING and writes messages only for the pairs it inserted, in the same transaction.
- A run is recorded (`AlertRun`, unique per alert and day, or per listing for instant alerts) with the window of
  listings it looks at, fixed when it starts: a run retried after a crash picks up the same row and window, and
  the residents whose messages were already written get nothing twice.
- Windows overlap (each starts an hour before the last one ended) and end a minute before the run starts, so a
  listing whose publication committed late is still in a window; the pairs' constraint drops what was sent.
- Two runs of one alert never work at once: a PostgreSQL advisory lock per run; the second finds it taken and
  returns.
"""

import contextlib
import heapq
import logging
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from itertools import islice, repeat

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from advisors.models import Case, SharedOpportunity
from advisors.services.casework import opportunity_share
from applications.models import Application, ApplicationStatus, SavedOpportunity
from notifications.kinds import kind_get
from notifications.rendering import markdown_escape
from notifications.selectors import channels_for
from notifications.services import Message, notifications_insert, notifications_prepared, notify_many
from notifications.templatetags.number_words import in_words
from opportunities.models import Opportunity, SearchEntry, Sector
from opportunities.models import Status as ListingStatus
from organisations.access import is_advisor, is_resident
from residents.models import ResidentProfile

from . import tokens
from .background import Background
from .engine import interests_by_resident, listings_for_rules, profile_matches, search_matches
from .models import AdvisorDigest, AlertedListing, AlertRun, Feedback, Frequency, ProfileAlert, SavedSearch
from .rules import Interests
from .searches import describe, savable_query
from .selectors import caseload_matches

log = logging.getLogger(__name__)

OVERLAP = timedelta(hours=1)
SETTLE = timedelta(minutes=1)
# How far back the first run of each alert looks (later runs start where the last one ended, less the overlap).
FIRST_WINDOW = {
    AlertRun.Alert.INSTANT: timedelta(days=1),
    AlertRun.Alert.DAILY: timedelta(days=1),
    AlertRun.Alert.WEEKLY: timedelta(days=7),
    AlertRun.Alert.ADVISORS: timedelta(days=1),
}
DIGEST_SHOWN = 10
RESIDENTS_PER_TRANSACTION = 1000
CLOSING_REMINDER_DAYS = 3
DIGEST_KINDS = {Frequency.INSTANT: "match_alert", Frequency.DAILY: "match_digest", Frequency.WEEKLY: "match_digest"}


# Saved searches and profile alerts -------------------------------------------------------------------------------


def _check_resident(user) -> None:
    if not is_resident(user):
        raise PermissionDenied("Only residents can save searches and get alerts.")


def _check_owner(saved_search: SavedSearch, user) -> None:
    if saved_search.resident_id != user.pk:
        raise PermissionDenied("This is not your saved search.")


def _clean_name(name: str, query: str) -> str:
    name = " ".join((name or "").split())
    if len(name) > SavedSearch._meta.get_field("name").max_length:
        raise ValidationError("Name must be 150 characters or fewer", code="name_too_long")
    return name or describe(query)


@transaction.atomic
def saved_search_save(*, resident, data, frequency: str, name: str = "") -> SavedSearch:
    """Keep a search of the catalogue for a resident, named in plain words unless they gave a name."""
    _check_resident(resident)
    query = savable_query(data)
    Frequency(frequency)
    already = SavedSearch.objects.filter(resident=resident, query=query).first()
    if already is not None:
        raise ValidationError(f"You have already saved this search as “{already.name}”.", code="already_saved")
    if SavedSearch.objects.filter(resident=resident).count() >= SavedSearch.MAX_PER_RESIDENT:
        raise ValidationError(
            f"You can save up to {SavedSearch.MAX_PER_RESIDENT} searches. Delete one you no longer need first.",
            code="too_many",
        )
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(
                resident=resident, query=query, name=_clean_name(name, query), frequency=frequency
            )
    except IntegrityError:  # the same search saved a moment before, from another tab
        raise ValidationError("You have already saved this search.", code="already_saved") from None


@transaction.atomic
def saved_search_change(*, saved_search: SavedSearch, by, name: str, frequency: str) -> SavedSearch:
    """Rename a saved search or change how often it sends alerts (its owner only)."""
    _check_owner(saved_search, by)
    Frequency(frequency)
    locked = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
    locked.name, locked.frequency = _clean_name(name, locked.query), frequency
    locked.save(update_fields=["name", "frequency", "updated_at"])
    return locked


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, by) -> None:
    """Delete a saved search (its owner only); what it already sent stays sent."""
    _check_owner(saved_search, by)
    SavedSearch.objects.filter(pk=saved_search.pk).delete()


NO_INTERESTS = (
    "Add the types of opportunity or the sectors that interest you to your profile first, so we know what to send you."
)


@transaction.atomic
def profile_alert_set(*, resident, frequency: str) -> ProfileAlert | None:
    """Turn alerts from a resident's profile on (at a frequency) or off ("never")."""
    _check_resident(resident)
    Frequency(frequency)
    if frequency == Frequency.NEVER:
        ProfileAlert.objects.filter(resident=resident).delete()
        return None
    profile = ResidentProfile.objects.filter(user=resident).first()
    if profile is None or not (profile.interested_kinds or profile.interested_sectors.exists()):
        raise ValidationError(NO_INTERESTS, code="no_interests")
    alert, _ = ProfileAlert.objects.update_or_create(resident=resident, defaults={"frequency": frequency})
    return alert


# From an alert email: stopping it, why, and "not relevant" -----------------------------------------------------------


INVALID_LINK = "This link is not valid. Sign in to change your alerts from your account."


def _alert_of_token(token: str):
    """(resident, saved search or None for the profile alert) of a stop link; ValidationError for a bad link."""
    try:
        resident_id, saved_search_id = tokens.stop_token_read(token)
    except tokens.BadToken:
        raise ValidationError(INVALID_LINK, code="invalid") from None
    resident = get_user_model().objects.filter(pk=resident_id, is_active=True).first()
    if resident is None:
        raise ValidationError(INVALID_LINK, code="invalid")
    if saved_search_id is None:
        return resident, None
    saved_search = SavedSearch.objects.filter(pk=saved_search_id, resident=resident).first()
    if saved_search is None:
        raise ValidationError("You have deleted this saved search, so it sends no more emails.", code="gone")
    return resident, saved_search


def alert_described(*, token: str) -> str:
    """What a stop link stops, in words ("your saved search “Apprenticeships in digital”")."""
    _, saved_search = _alert_of_token(token)
    return (
        f"your saved search “{saved_search.name}”"
        if saved_search is not None
        else "new opportunities that fit your profile"
    )


@transaction.atomic
def alert_stop(*, token: str) -> bool:
    """Stop the alert a signed link names (one click from its email). False when it had already stopped: a link
    used twice changes nothing."""
    resident, saved_search = _alert_of_token(token)
    if saved_search is None:
        return ProfileAlert.objects.filter(resident=resident).delete()[0] > 0
    return (
        SavedSearch.objects.filter(pk=saved_search.pk)
        .exclude(frequency=Frequency.NEVER)
        .update(frequency=Frequency.NEVER, updated_at=timezone.now())
        > 0
    )


@transaction.atomic
def alert_stop_reason_record(*, token: str, reason: str, detail: str = "") -> Feedback:
    """Record why someone stopped an alert (the optional question after stopping it)."""
    resident, saved_search = _alert_of_token(token)
    Feedback.Reason(reason)
    return Feedback.objects.create(
        resident=resident,
        alert=saved_search.name if saved_search is not None else tokens.PROFILE,
        reason=reason,
        detail=detail.strip(),
    )


def _alerted_of_token(token: str, opportunity_id: int) -> AlertedListing:
    try:
        resident_id = tokens.feedback_token_read(token)
    except tokens.BadToken:
        raise ValidationError(INVALID_LINK, code="invalid") from None
    alerted = (
        AlertedListing.objects.select_related("opportunity")
        .filter(resident_id=resident_id, opportunity_id=opportunity_id, resident__is_active=True)
        .first()
    )
    if alerted is None:
        raise ValidationError(INVALID_LINK, code="invalid")
    return alerted


def alerted_listing_of(*, token: str, opportunity_id: int) -> AlertedListing:
    """The listing a "not relevant" link is about (one an alert sent that resident); ValidationError otherwise."""
    return _alerted_of_token(token, opportunity_id)


@transaction.atomic
def listing_not_relevant(*, token: str, opportunity_id: int, detail: str = "") -> bool:
    """Record that an alerted listing was not relevant to its resident. False when they had already said so."""
    alerted = AlertedListing.objects.select_for_update().get(pk=_alerted_of_token(token, opportunity_id).pk)
    if alerted.not_relevant_at is not None:
        return False
    alerted.not_relevant_at = timezone.now()
    alerted.save(update_fields=["not_relevant_at"])
    Feedback.objects.create(
        resident_id=alerted.resident_id,
        opportunity_id=alerted.opportunity_id,
        alert=tokens.PROFILE if alerted.saved_search_id is None else str(alerted.saved_search_id),
        reason=Feedback.Reason.NOT_RELEVANT,
        detail=detail.strip(),
    )
    return True


# Runs --------------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _run_lock(alert: str, key: str):
    """Hold a PostgreSQL advisory lock for one run (True), or say another process holds it (False)."""
    if connection.vendor != "postgresql":
        yield True
        return
    lock_id = zlib.crc32(f"matching:{alert}:{key}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_id])
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])


def _run_start(alert: str, key: str, *, now) -> AlertRun:
    """The run's row, made with its window the first time (later attempts keep that window)."""
    last = AlertRun.objects.filter(alert=alert, finished_at__isnull=False).exclude(key=key).order_by("-window_end")
    previous_end = last.values_list("window_end", flat=True).first()
    start = previous_end - OVERLAP if previous_end else now - FIRST_WINDOW[alert]
    run, _ = AlertRun.objects.get_or_create(
        alert=alert, key=key, defaults={"window_start": start, "window_end": now - SETTLE, "started_at": now}
    )
    return run


_INSERT_PAIRS = (
    f"INSERT INTO {AlertedListing._meta.db_table} (resident_id, opportunity_id, saved_search_id, run_id, sent_at) "
    "{rows} ON CONFLICT (resident_id, opportunity_id) DO NOTHING RETURNING resident_id, opportunity_id"
)


def _pairs_insert(pairs: list[tuple], *, run: AlertRun, now) -> set[tuple[int, int]]:
    """Record (resident, listing, saved search or None) pairs as sent; the (resident, listing) pairs that were new.

    INSERT ... ON CONFLICT DO NOTHING RETURNING: a pair already sent (by this run before a crash, by another alert,
    by a concurrent run) is not returned, so no message is written for it. On PostgreSQL the pairs travel as three
    arrays written as text (one statement, three parameters: quoting a list of ten thousand numbers one by one took
    longer than the insert); on SQLite as rows of values, a few hundred at a time.
    """
    if not pairs:
        return set()
    inserted = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = [_array_text(column) for column in zip(*pairs, strict=True)]
            rows = "SELECT r, o, s, %s, %s FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS p(r, o, s)"
            cursor.execute(_INSERT_PAIRS.format(rows=rows), [run.pk, now, *columns])
            return set(cursor.fetchall())
        for start in range(0, len(pairs), 300):
            batch = pairs[start : start + 300]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            params = [
                value for resident, listing, search in batch for value in (resident, listing, search, run.pk, now)
            ]
            cursor.execute(_INSERT_PAIRS.format(rows=f"VALUES {values}"), params)
            inserted.update(cursor.fetchall())
    return inserted


def _array_text(numbers) -> str:
    """A PostgreSQL array literal of integers (None is NULL): "{1,2,NULL}"."""
    return "{" + ",".join("NULL" if number is None else str(int(number)) for number in numbers) + "}"


def _new_listings(run: AlertRun) -> dict[int, object]:
    """Listing id -> published_at, for the visible listings published in the run's window."""
    return dict(_window(run).values_list("opportunity_id", "published_at"))


def _window(run: AlertRun):
    """The search entries of the visible listings published in the run's window."""
    return SearchEntry.objects.visible().filter(published_at__gt=run.window_start, published_at__lte=run.window_end)


def _listing_words(ids) -> dict[int, dict]:
    """What an alert says of each listing (one query)."""
    rows = Opportunity.objects.filter(pk__in=list(ids)).select_related("organisation")
    rows = rows.only("id", "slug", "title", "closing_date", "organisation__name")
    words = {}
    for row in rows:
        closing = date_format(row.closing_date, "j F Y") if row.closing_date else ""
        title, organisation = markdown_escape(row.title), markdown_escape(row.organisation.name)
        words[row.pk] = {
            "title": row.title,
            "slug": row.slug,
            "organisation": row.organisation.name,
            "url": row.get_absolute_url(),
            "closing": closing,
            "line_md": f"[{title}]({settings.SITE_URL}{row.get_absolute_url()}) at {organisation}"
            + (f", closes {closing}." if closing else "."),
        }
    return words


@dataclass
class _Found:
    """What one alert of a resident found in a run: a saved search, or (no search) their profile with its interests,
    and its listings, newest first. Residents who saved the same search share one list."""

    search_id: int | None
    listings: list[int]
    interests: Interests | None = None


def _newest_first(published: dict) -> dict[int, int]:
    """Listing id -> its place when the listings are ordered newest first (the order an email shows them)."""
    order = sorted(published, key=lambda pk: (published[pk], pk), reverse=True)
    return {pk: index for index, pk in enumerate(order)}


def _matches(frequency: str, entries, *, published: dict, today, only=None) -> dict[int, list[_Found]]:
    """resident id -> what each of their alerts of this frequency found among `entries` (the run's new listings),
    counting only listings published after the search or alert was made. `only`: the one listing's search entry,
    when there is one (instant alerts), so searches naming other kinds or sectors are not even built."""
    if not published:
        return {}  # a quiet day: no query is run
    rank = _newest_first(published)
    oldest = min(published.values())

    def since(listings, made_at):
        return listings if made_at <= oldest else [pk for pk in listings if published[pk] >= made_at]

    found: dict[int, list[_Found]] = defaultdict(list)
    searches = SavedSearch.objects.filter(frequency=frequency)
    queries = searches.order_by().values_list("query", flat=True).distinct()
    by_query = search_matches(queries, entries, only=only, background=only is None)
    for listings in by_query.values():
        listings.sort(key=rank.__getitem__)
    for search_id, resident_id, query, created_at in searches.filter(query__in=list(by_query)).values_list(
        "id", "resident_id", "query", "created_at"
    ):
        if listings := since(by_query[query], created_at):
            found[resident_id].append(_Found(search_id, listings))
    alerts = dict(ProfileAlert.objects.filter(frequency=frequency).values_list("resident_id", "created_at"))
    if alerts:
        profiles = interests_by_resident(
            profiles=ResidentProfile.objects.filter(user__profile_alert__frequency=frequency)
        )
        rules_listings = listings_for_rules(published)
        for resident_id, listings in profile_matches(profiles, rules_listings, today=today).items():
            if listings := since(sorted(listings, key=rank.__getitem__), alerts[resident_id]):
                found[resident_id].append(_Found(None, listings, interests=profiles[resident_id][1]))
    return found


def _picked(alerts: list[_Found], sent: set[int], rank: dict) -> tuple[list[tuple[int, _Found]], int]:
    """The newest DIGEST_SHOWN listings the resident's alerts found and nobody sent them yet, each with the first
    alert that found it; and how many such listings there are in all. Each alert's list is newest first already,
    so only the first few of each are looked at."""
    if len(alerts) == 1:
        (alert,) = alerts
        fresh = (pk for pk in alert.listings if pk not in sent) if sent else alert.listings
        picked = [(pk, alert) for pk in islice(fresh, DIGEST_SHOWN)]
        return picked, len(alert.listings) - len(sent.intersection(alert.listings))
    merged = heapq.merge(
        *(zip(map(rank.__getitem__, alert.listings), alert.listings, repeat(n)) for n, alert in enumerate(alerts))
    )
    picked, seen = [], set()
    for _, listing_id, n in merged:
        if listing_id not in seen and listing_id not in sent:
            seen.add(listing_id)
            picked.append((listing_id, alerts[n]))
            if len(picked) == DIGEST_SHOWN:
                break
    return picked, len(set().union(*(alert.listings for alert in alerts)) - sent)


class _Paths:
    """Addresses an alert email links to, each reversed once per run (a digest run writes hundreds of thousands)."""

    def __init__(self):
        self.change = reverse("alerts:change", args=[0]).replace("/0/", "/{}/")
        self.profile = reverse("alerts:profile")
        self.stop = reverse("alerts:stop", args=["TOKEN"]).replace("TOKEN", "{}")
        self.not_relevant = reverse("alerts:not_relevant", args=["TOKEN", 0]).replace("TOKEN/0", "{}/{}")
        self.manage = reverse("alerts:list")
        self.search = reverse("opportunities:list")


class _AlertWords:
    """What a message says of one alert: its name, why a listing came, and its links (all results, change, stop).
    The link to all results depends only on the search (or the profile's kinds and sectors), which many residents
    share, so each is written once a run."""

    def __init__(self, *, searches: dict, sector_slugs: dict, paths: _Paths):
        self.searches, self.sector_slugs, self.paths = searches, sector_slugs, paths
        self.results_urls: dict = {}

    def __call__(self, found: _Found, resident_id: int) -> dict:
        stop = tokens.stop_token(resident_id=resident_id, saved_search_id=found.search_id)
        said = {"count": len(found.listings), "shown": 0, "stop_url": self.paths.stop.format(stop)}
        if found.search_id is None:
            interests = found.interests
            why = "it fits your profile"
            return said | {
                "name": "Alerts from your profile",
                "why": why,
                "why_md": why,
                "results_url": self._results_url("", kinds=interests.kinds, sector_ids=interests.sector_ids),
                "change_url": self.paths.profile,
            }
        search = self.searches[found.search_id]
        why = f"it matches your saved search “{search.name}”"
        return said | {
            "name": search.name,
            "why": why,
            "why_md": markdown_escape(why),
            "results_url": self._results_url(search.query),
            "change_url": self.paths.change.format(search.pk),
        }

    def _results_url(self, query: str, *, kinds=frozenset(), sector_ids=frozenset()) -> str:
        key = (query, kinds, sector_ids)
        if (url := self.results_urls.get(key)) is None:
            data = QueryDict(query, mutable=True)
            if kinds or sector_ids:
                data.setlist("kind", sorted(kinds))
                slugs = self.sector_slugs
                data.setlist("sector", sorted(slugs[pk] for pk in sector_ids if pk in slugs))
            data["sort"] = "newest"
            url = self.results_urls[key] = f"{self.paths.search}?{data.urlencode()}"
        return url


def _alert_line(alert: dict) -> str:
    """A digest's line for one alert, in Markdown: how many it found, a link to all of them when the email shows
    fewer, and links to change or stop it."""
    site, count, more = settings.SITE_URL, alert["count"], alert["more"]
    line = f"{markdown_escape(alert['name'])}: {in_words(count)} new."
    if more:
        line += f" [See all {count}]({site}{alert['results_url']}), {in_words(more)} more than this email shows."
    return line + f" [Change this alert]({site}{alert['change_url']}) or [stop it]({site}{alert['stop_url']})."


def _message(frequency: str, recipient, picked, total: int, alerts: dict, words: dict, *, run, paths) -> Message:
    """One resident's message: the instant alert of one listing, or a digest of up to DIGEST_SHOWN listings (newest
    first), each saying why it came, then each alert with how many it found and its links. A digest's listings and
    alerts are written here as Markdown (`listings_md`, `alerts_md`), from lines made once a run: the same lines
    rendered through the template for every resident were a fifth of a run."""
    feedback = tokens.feedback_token(resident_id=recipient.pk)
    first_id, first_found = picked[0]
    first = words[first_id]
    if frequency == Frequency.INSTANT:
        alert = alerts[id(first_found)]
        context = {
            "title": first["title"],
            "organisation": first["organisation"],
            "listing_url": first["url"],
            "closing": first["closing"],
            "why": alert["why"],
            "not_relevant_url": paths.not_relevant.format(feedback, first_id),
            "change_url": alert["change_url"],
            "stop_url": alert["stop_url"],
        }
    else:
        lines = []
        for listing_id, found in picked:
            alert = alerts[id(found)]
            alert["shown"] += 1
            not_relevant = paths.not_relevant.format(feedback, listing_id)
            lines.append(
                f"{words[listing_id]['line_md']} You got this because {alert['why_md']}. "
                f"[Not relevant?]({settings.SITE_URL}{not_relevant})"
            )
        for alert in alerts.values():
            alert["more"] = alert["count"] - alert.pop("shown")
        context = {
            "total": total,
            "listings_md": "\n\n".join(lines),
            "alerts_md": "\n\n".join(_alert_line(alert) for alert in alerts.values()),
            "frequency": frequency,
            "manage_url": paths.manage,
        }
    return Message(
        recipient=recipient,
        context=context,
        key=f"{DIGEST_KINDS[frequency]}:{run.alert}:{run.key}:{recipient.pk}",
        link=first["url"] if frequency == Frequency.INSTANT else paths.manage,
    )


def _send(frequency: str, found: dict[int, list[_Found]], *, published: dict, run: AlertRun, now) -> int:
    """A thousand residents at a time: choose what each is sent (nothing sent before) and write their messages;
    then, in one transaction per thousand, record those pairs and save the messages of the pairs recorded (a pair
    another run recorded first is left out, and that resident's message written again without it). Returns the
    number of messages written."""
    if not found:
        return 0
    rank = _newest_first(published)
    words = _listing_words(published)
    searches = {
        s.pk: s
        for s in SavedSearch.objects.filter(
            pk__in={f.search_id for alerts in found.values() for f in alerts} - {None}
        ).only("id", "name", "query")
    }
    with_profile = any(f.search_id is None for alerts in found.values() for f in alerts)
    sector_slugs = dict(Sector.objects.values_list("pk", "slug")) if with_profile else {}
    paths, residents = _Paths(), sorted(found)
    alert_words = _AlertWords(searches=searches, sector_slugs=sector_slugs, paths=paths)
    kind = kind_get(DIGEST_KINDS[frequency])

    def message(user, alerts, picked, total) -> Message:
        said = {id(f): alert_words(f, user.pk) for f in alerts}
        return _message(frequency, user, picked, total, said, words, run=run, paths=paths)

    # Every pair already sent of these listings, read once (by listing: only the pairs of the run's new listings,
    # however long residents' histories grow): an instant alert's, another alert's, this run's before it crashed.
    sent, reached = defaultdict(set), set()
    for resident_id, listing_id, run_id in AlertedListing.objects.filter(
        opportunity_id__in=list(published)
    ).values_list("resident_id", "opportunity_id", "run_id"):
        sent[resident_id].add(listing_id)
        if run_id == run.pk:
            reached.add(resident_id)  # by this run, before it crashed: their message is written too
    with Background(ahead=2) as writer:
        for start in range(0, len(residents), RESIDENTS_PER_TRANSACTION):
            chunk = residents[start : start + RESIDENTS_PER_TRANSACTION]
            users = {u.pk: u for u in get_user_model().objects.filter(pk__in=chunk, is_active=True).only("id", "email")}
            channels = channels_for(users=users.values(), kind=kind)
            choices = {}
            for resident_id in chunk:
                alerts = [f for f in found[resident_id] if f.search_id is None or f.search_id in searches]
                if resident_id in users and resident_id not in reached and alerts and channels[resident_id] != "off":
                    picked, total = _picked(alerts, sent[resident_id], rank)
                    if picked:
                        choices[resident_id] = (alerts, picked, total)
            messages = [message(users[r], *choice) for r, choice in choices.items()]
            prepared = notifications_prepared(kind=kind.slug, messages=messages, channels=channels)
            rows = {row.recipient_id: row for row in prepared}
            writer.submit(
                partial(_chunk_save, choices, rows, users, channels, message=message, kind=kind.slug, run=run, now=now)
            )
    return sum(writer.results)


def _chunk_save(choices: dict, rows: dict, users: dict, channels: dict, *, message, kind: str, run, now) -> int:
    """One chunk's transaction: record its pairs, then save the messages whose pairs were all recorded, and write
    again those of residents some of whose pairs another run recorded first."""
    with transaction.atomic():
        pairs = [(r, pk, f.search_id) for r, (_, picked, _) in choices.items() for pk, f in picked]
        inserted = _pairs_insert(pairs, run=run, now=now)
        saved = []
        for resident_id, (alerts, picked, total) in choices.items():
            kept = [(pk, f) for pk, f in picked if (resident_id, pk) in inserted]
            if len(kept) == len(picked):
                saved.append(rows[resident_id])
            elif kept:
                again = [message(users[resident_id], alerts, kept, total)]
                saved += notifications_prepared(kind=kind, messages=again, channels=channels)
        return len(notifications_insert(saved))


def _period_key(frequency: str, today) -> str:
    if frequency == Frequency.WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def alerts_digest_send(*, frequency: str, now=None) -> AlertRun | None:
    """The daily or weekly digest: every listing published since the last one, matched against that frequency's
    saved searches and profile alerts, one message per resident. Safe to run twice or after a crash; None when
    another process is running it right now."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"There is no digest for {frequency!r}.")
    now = now or timezone.now()
    key = _period_key(frequency, timezone.localdate(now))
    with _run_lock(frequency, key) as taken:
        if not taken:
            return None
        run = _run_start(frequency, key, now=now)
        if run.finished_at is not None:
            return run
        published = _new_listings(run)
        found = _matches(frequency, _window(run), published=published, today=timezone.localdate(now))
        run.messages += _send(frequency, found, published=published, run=run, now=now)
        run.listings, run.finished_at = len(published), timezone.now()
        run.save(update_fields=["listings", "messages", "finished_at"])
        return run


def alerts_instant_send(*, opportunity_id: int, now=None) -> AlertRun | None:
    """The instant alerts of one newly published listing, once: one transaction records the run and every message.
    None when the listing is not visible (withdrawn already) or another process is sending them right now."""
    now = now or timezone.now()
    key = str(opportunity_id)
    with _run_lock(Frequency.INSTANT, key) as taken, transaction.atomic():
        if not taken or AlertRun.objects.filter(alert=Frequency.INSTANT, key=key).exists():
            return None
        entries = SearchEntry.objects.visible().filter(opportunity_id=opportunity_id)
        entry = entries.select_related("sector").only("opportunity_id", "published_at", "kind", "sector__slug").first()
        if entry is None:
            return None
        published = {entry.opportunity_id: entry.published_at}
        run = AlertRun.objects.create(alert=Frequency.INSTANT, key=key, started_at=now, listings=1)
        found = _matches(Frequency.INSTANT, entries, published=published, today=timezone.localdate(now), only=entry)
        run.messages = _send(Frequency.INSTANT, found, published=published, run=run, now=now)
        run.finished_at = timezone.now()
        run.save(update_fields=["messages", "finished_at"])
        return run


def instant_alerts_catch_up(*, now=None) -> int:
    """Every minute: send the instant alerts of listings published in the last day that have none yet (their
    on-commit task was lost, or the broker was down). Returns how many listings were sent."""
    now = now or timezone.now()
    recent = SearchEntry.objects.visible().filter(
        published_at__gte=now - FIRST_WINDOW[Frequency.INSTANT], published_at__lte=now
    )
    recent_ids = set(recent.values_list("opportunity_id", flat=True))
    done = {
        int(key)
        for key in AlertRun.objects.filter(
            alert=Frequency.INSTANT, started_at__gte=now - timedelta(days=2)
        ).values_list("key", flat=True)
    }
    sent = 0
    for opportunity_id in sorted(recent_ids - done):
        sent += alerts_instant_send(opportunity_id=opportunity_id, now=now) is not None
    return sent


def instant_alerts_queue(sender, opportunity, **kwargs) -> None:
    """Receiver of `opportunities.signals.listing_published`: queue the listing's instant alerts after commit."""
    transaction.on_commit(partial(_instant_alerts_enqueue, opportunity.pk))


def _instant_alerts_enqueue(opportunity_id: int) -> None:
    from .tasks import send_instant_alerts

    try:
        send_instant_alerts.delay(opportunity_id)
    except Exception:
        log.warning("Could not queue instant alerts of listing %s; the catch-up will", opportunity_id, exc_info=True)


# Saved listings closing soon -----------------------------------------------------------------------------------------


def saved_closing_remind(*, today=None) -> int:
    """Daily: remind residents of listings they saved and have not applied for, three days before they close."""
    today = today or timezone.localdate()
    closing_on = today + timedelta(days=CLOSING_REMINDER_DAYS)
    applied = Application.objects.exclude(status=ApplicationStatus.DRAFT).filter(resident_id=OuterRef("user_id"))
    saved = (
        SavedOpportunity.objects.filter(
            opportunity__status=ListingStatus.PUBLISHED, opportunity__closing_date=closing_on, user__is_active=True
        )
        .exclude(Exists(applied.filter(opportunity_id=OuterRef("opportunity_id"))))
        .select_related("user", "opportunity__organisation")
        .only("id", "user__id", "user__email", "opportunity__slug", "opportunity__title", "opportunity__closing_date",
              "opportunity__organisation__name")
    )  # fmt: skip
    messages = [
        Message(
            recipient=item.user,
            context={
                "title": item.opportunity.title,
                "organisation": item.opportunity.organisation.name,
                "closing": date_format(closing_on, "l j F"),
                "listing_url": item.opportunity.get_absolute_url(),
            },
            key=f"saved_closing_soon:{item.pk}:{closing_on.isoformat()}",
            link=item.opportunity.get_absolute_url(),
        )
        for item in saved
    ]
    with transaction.atomic():
        return len(notify_many(kind="saved_closing_soon", messages=messages))


# Advisors: matches on their caseload ---------------------------------------------------------------------------------


@transaction.atomic
def caseload_digest_set(*, advisor, on: bool) -> bool:
    """An advisor chooses (or stops) a daily email of new listings matching residents on their caseload."""
    if not is_advisor(advisor):
        raise PermissionDenied("Only advisors have a caseload.")
    if on:
        AdvisorDigest.objects.get_or_create(advisor=advisor)
    else:
        AdvisorDigest.objects.filter(advisor=advisor).delete()
    return on


@transaction.atomic
def listing_share_with_cases(
    *, opportunity: Opportunity, case_ids: list[int], message: str, by
) -> list[SharedOpportunity]:
    """Share one listing with several residents on the advisor's caseload in one step (each as `opportunity_share`
    does, with its message). A case that is not the advisor's is refused, and nothing is shared."""
    case_ids = set(case_ids)
    cases = list(Case.objects.for_advisor(by).open().filter(pk__in=case_ids).select_related("resident"))
    if not case_ids or len(cases) != len(case_ids):
        raise ValidationError("Select the residents to share it with, from the list.", code="invalid_cases")
    return [opportunity_share(case=case, opportunity=opportunity, message=message, by=by) for case in cases]


def caseload_digest_send(*, now=None) -> AlertRun | None:
    """Daily: each advisor who chose it hears of the listings published since yesterday that match residents on
    their caseload (at most ten listings, each leading to its matches). Safe to run twice; None when another
    process is running it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    key = today.isoformat()
    with _run_lock(AlertRun.Alert.ADVISORS, key) as taken:
        if not taken:
            return None
        run = _run_start(AlertRun.Alert.ADVISORS, key, now=now)
        if run.finished_at is not None:
            return run
        published = _new_listings(run)
        words = _listing_words(published) if published else {}
        messages = []
        for digest in AdvisorDigest.objects.select_related("advisor") if published else ():
            matches = caseload_matches(advisor=digest.advisor, entries=_window(run), today=today)
            newest = sorted(matches, key=lambda pk: (published[pk], pk), reverse=True)
            if not newest:
                continue
            listings = [
                {
                    "title": words[pk]["title"],
                    "organisation": words[pk]["organisation"],
                    "matches_url": reverse("advisors:listing_matches", args=[words[pk]["slug"]]),
                    "residents": _residents_words([m.case.resident.get_full_name() for m in matches[pk]]),
                }
                for pk in newest[:DIGEST_SHOWN]
            ]
            messages.append(
                Message(
                    recipient=digest.advisor,
                    context={"total": len(newest), "listings": listings},
                    key=f"caseload_matches:{key}:{digest.advisor_id}",
                    link=listings[0]["matches_url"],
                )
            )
        with transaction.atomic():
            run.messages = len(notify_many(kind="caseload_matches", messages=messages))
            run.listings, run.finished_at = len(published), timezone.now()
            run.save(update_fields=["listings", "messages", "finished_at"])
        return run


def _residents_words(names: list[str]) -> str:
    """ "Amara Okafor", "Amara Okafor and Sam Lee", "Amara Okafor and 2 others"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} others"
