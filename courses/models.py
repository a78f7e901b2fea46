"""A course's or event's runs, and the residents enrolled on each or waiting for a place.

Places are guarded by the run's row: every service that takes, frees or offers a place locks the run first
(`SELECT ... FOR UPDATE`), so two residents can never take the last place and a waiting list is served in the
order people joined it (the order in which the database let them in, which is their enrolment's id).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opportunities.models import Level, Opportunity


class Delivery(models.TextChoices):
    CLASSROOM = "classroom", "In a classroom"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended (in a classroom and online)"


class RunStatus(models.TextChoices):
    OPEN = "open", "Going ahead"
    CANCELLED = "cancelled", "Cancelled"


class CourseRun(models.Model):
    """One run of a course or event: when, where and how it is delivered, and how many can take part."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="runs")
    starts_on = models.DateField("start date", null=True, blank=True, help_text="Empty for a flexible start.")
    ends_on = models.DateField("end date", null=True, blank=True)
    days_and_times = models.CharField(
        max_length=200, blank=True, help_text="For example: Tuesdays and Thursdays, 6pm to 8pm, for 10 weeks."
    )
    daytime = models.BooleanField(default=False, help_text="Some sessions are on weekdays before 5pm.")
    evening = models.BooleanField(default=False, help_text="Some sessions are on weekdays from 5pm.")
    weekend = models.BooleanField(default=False, help_text="Some sessions are on Saturdays or Sundays.")
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    online_tool = models.CharField(
        "online tool", max_length=100, blank=True, help_text="What it runs on, like Zoom or Microsoft Teams."
    )
    test_link = models.URLField(
        "link to test the tool", blank=True, help_text="A page where residents can check the tool works for them."
    )
    joining_link = models.URLField(
        "joining link", blank=True, help_text="Shown only to enrolled residents, and in their reminder."
    )
    venue = models.CharField(max_length=200, blank=True, help_text="The address, for classroom and blended runs.")
    places = models.PositiveIntegerField()
    enrolment_deadline = models.DateField(null=True, blank=True, help_text="The last day residents can enrol.")
    cost = models.DecimalField(max_digits=8, decimal_places=2, default=0, help_text="0 for free.")
    concessions = models.CharField(
        max_length=300, blank=True, help_text="Who pays less or nothing, like people on Universal Credit."
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    entry_requirements = models.TextField(blank=True)
    what_you_will_learn = models.TextField(blank=True)
    what_you_need = models.TextField(
        blank=True, help_text="For example: a laptop or tablet, a webcam, an email address."
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.OPEN)
    cancelled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "course or event date"
        verbose_name_plural = "dates of courses and events"
        ordering = [models.F("starts_on").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["opportunity", "starts_on"], name="course_run_by_listing")]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="course_run_has_places"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="course_run_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="course_run_cost_not_negative"),
        ]

    def __str__(self):
        when = self.starts_on.isoformat() if self.starts_on else "flexible start"
        return f"{self.opportunity.title} ({when})"

    @property
    def is_online(self) -> bool:
        return self.delivery in (Delivery.ONLINE, Delivery.BLENDED)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"  # the resident gave up their place, their offer or their waiting
    EXPIRED = "expired", "Offer not taken up in time"
    RUN_CANCELLED = "run_cancelled", "The run was cancelled"


# Statuses that hold a place on the run (an offer holds one until it is taken up or runs out).
HOLDS_A_PLACE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED, EnrolmentStatus.COMPLETED)
# Statuses in which a resident is still on the run or its list: one of these per resident per run.
ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED)


class Enrolment(models.Model):
    """A resident's place on a run, or their place in its waiting list, and what became of it.

    The waiting list is served by id: ids are given out while the run is locked, so in the order people joined.
    Someone who leaves and joins again gets a new row, at the back. When a resident deletes their account the row
    stays without them, so a run's numbers stay right.
    """

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="enrolments")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    status = models.CharField(max_length=16, choices=EnrolmentStatus.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # given up, run out, cancelled or completed

    class Meta:
        indexes = [
            # A run's places and its waiting list in order, from the index.
            models.Index(fields=["run", "status", "id"], name="enrolment_by_run"),
            models.Index(fields=["resident", "-joined_at"], name="enrolment_by_resident"),
            models.Index(fields=["offer_expires_at"], condition=Q(status="offered"), name="enrolment_offers_by_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "resident"],
                condition=Q(status__in=["enrolled", "waiting", "offered"]) & Q(resident__isnull=False),
                name="one_active_enrolment_per_run",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False), name="an_offer_has_its_expiry"
            ),
        ]

    def __str__(self):
        return f"Enrolment {self.pk} on run {self.run_id}: {self.status}"


class Attendance(models.Model):
    """Whether a resident enrolled on a date came to one of its sessions, as its organisation recorded it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    on = models.DateField("session date")
    present = models.BooleanField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "enrolment_id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "on"], name="attendance_once_a_session")]

    def __str__(self):
        return f"{'Present' if self.present else 'Absent'} on {self.on}: enrolment {self.enrolment_id}"
