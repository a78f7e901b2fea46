"""Saved searches, profile alerts, what each resident has been sent, and the record of every alert run."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Opportunity

from .searches import search_url


class Frequency(models.TextChoices):
    INSTANT = "instant", "As soon as something is published"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week, on Monday"
    NEVER = "never", "No emails (keep the search to use myself)"


# The frequencies that send anything, with the word an email or a list uses for each.
SENDING = {Frequency.INSTANT: "instant", Frequency.DAILY: "daily", Frequency.WEEKLY: "weekly"}
FREQUENCY_WORDS = {
    Frequency.INSTANT: "as soon as something is published",
    Frequency.DAILY: "once a day",
    Frequency.WEEKLY: "once a week",
    Frequency.NEVER: "no emails",
}


class SavedSearch(models.Model):
    """A resident's search of the catalogue, kept with a name and how often they want to hear of new matches.

    `query` is the search's own parameters in one canonical order (`searches.canonical_query`), so that
    residents who saved the same search share one string and a run searches it once for all of them.
    """

    MAX_PER_RESIDENT = 20

    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=150)
    query = models.CharField(max_length=2000)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "query"], name="save_a_search_once"),
        ]
        indexes = [
            # A run reads the distinct searches of one frequency, then the residents of the ones that matched.
            models.Index(fields=["frequency", "query"], name="saved_search_by_frequency"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("alerts:change", args=[self.pk])

    @property
    def search_url(self) -> str:
        return search_url(self.query)

    @property
    def frequency_words(self) -> str:
        return FREQUENCY_WORDS[self.frequency]


class ProfileAlert(models.Model):
    """A resident's choice to hear of new listings that fit their profile, without saving a search."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile_alert"
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["frequency"], name="profile_alert_by_frequency")]

    def __str__(self):
        return f"Profile alerts of {self.resident_id}: {self.frequency}"

    @property
    def frequency_words(self) -> str:
        return FREQUENCY_WORDS[self.frequency]


class AlertedListing(models.Model):
    """A listing a match alert told a resident about: at most once per resident and listing, whatever matched.

    The unique constraint is what keeps a listing from reaching anyone twice: every run inserts its pairs with
    ON CONFLICT DO NOTHING and writes messages only for the pairs it inserted, in the same transaction.
    """

    # A digest run inserts a quarter of a million of these: only the indexes that reads and deletes need (the unique
    # constraint serves "by resident", `alerted_by_listing` a listing, and the saved search's own index deleting a
    # search); runs are never deleted in normal use, so `run` has none. No foreign key is checked by the database:
    # its checks at each commit (two per row) were a tenth of a digest run. Django's on_delete still removes a
    # resident's or a listing's rows with them, and keeps the saved search and the run (markers of what matched
    # and which run) by SET_NULL; nothing else deletes those rows.
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    # What matched it: one of the resident's saved searches, or (no search) their profile.
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    run = models.ForeignKey(
        "AlertRun", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False, db_constraint=False
    )
    sent_at = models.DateTimeField(default=timezone.now)
    not_relevant_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "opportunity"], name="alert_a_listing_once"),
        ]
        indexes = [models.Index(fields=["opportunity"], name="alerted_by_listing")]

    def __str__(self):
        return f"Listing {self.opportunity_id} sent to {self.resident_id}"


class AlertRun(models.Model):
    """One run of one alert: a digest for a day (`daily`, `weekly`), one listing's instant alerts (`instant`), the
    closing reminders of a day, the advisors' digest of a day. Unique, so a run repeated or retried after a crash
    takes up the same row: its window stays the one it started with, and `finished_at` says it is done."""

    class Alert(models.TextChoices):
        INSTANT = "instant", "Instant alerts of one listing"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"
        CLOSING = "closing", "Saved listings closing soon"
        ADVISORS = "advisors", "Advisors' caseload matches"

    alert = models.CharField(max_length=16, choices=Alert.choices)
    key = models.CharField(max_length=40, help_text="The day (2026-12-07), or the listing's id for instant alerts.")
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    listings = models.PositiveIntegerField(default=0, help_text="New listings looked at")
    messages = models.PositiveIntegerField(default=0, help_text="Messages written")

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["alert", "key"], name="one_run_per_alert_and_key")]
        indexes = [
            models.Index(
                fields=["alert", "-window_end"], name="finished_run_by_alert", condition=Q(finished_at__isnull=False)
            )
        ]

    def __str__(self):
        return f"{self.get_alert_display()} {self.key}"


class Feedback(models.Model):
    """What a resident told us about an alert: that a listing was not relevant, or why they stopped an alert."""

    class Reason(models.TextChoices):
        NOT_RELEVANT = "not_relevant", "The opportunities were not relevant to me"
        TOO_MANY = "too_many", "I got too many emails"
        FOUND_WORK = "found_work", "I found a job, course or placement"
        CIRCUMSTANCES = "circumstances", "My circumstances changed"
        OTHER = "other", "Another reason"

    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Not relevant: the listing; stopping: which alert (a saved search's name, or "profile").
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    alert = models.CharField(max_length=160, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_reason_display() or 'Feedback'} ({self.at:%Y-%m-%d})"


class AdvisorDigest(models.Model):
    """An advisor's choice of a daily email of new listings that match residents on their caseload."""

    advisor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="caseload_digest"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Caseload digest of {self.advisor_id}"
