"""Advisors, when they can be booked, and the appointments residents book with them.

Times are stored in UTC and worked out in Europe/London: a weekly rule "Tuesdays 9:30am to 12:30pm" means
9:30am London time on every Tuesday, on either side of a clock change.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone


class AppointmentType(models.TextChoices):
    INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"
    CAREERS_GUIDANCE = "careers_guidance", "Careers guidance"
    CV_AND_APPLICATIONS = "cv_and_applications", "CV and applications"
    MOCK_INTERVIEW = "mock_interview", "Mock interview"
    BETTER_OFF_CALCULATION = "better_off_calculation", "Benefits better-off calculation"
    IN_WORK_SUPPORT = "in_work_support", "In-work support"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"


class AdvisorProfile(models.Model):
    """An employment advisor residents can book: how long their appointments are and which kinds they offer."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advisor_profile")
    job_title = models.CharField(max_length=120, blank=True, help_text="For example: Hackney Works advisor.")
    slot_minutes = models.PositiveSmallIntegerField(
        "appointment length in minutes", default=45, help_text="Between 15 and 180 minutes."
    )
    appointment_types = models.JSONField(default=list, help_text="The appointment types this advisor offers.")
    is_bookable = models.BooleanField(default=True, help_text="Untick to stop new bookings (for example, on leave).")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=15, slot_minutes__lte=180), name="advisor_slot_length_sensible"
            )
        ]

    def __str__(self):
        return self.user.full_name or self.user.email

    def offers(self, appointment_type: str) -> bool:
        return appointment_type in self.appointment_types


class WeeklyHours(models.Model):
    """A stretch of time an advisor can be booked every week, in one mode (and, in person, at one venue)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    advisor = models.ForeignKey(AdvisorProfile, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    mode = models.CharField(max_length=12, choices=Mode.choices)
    venue = models.CharField(max_length=200, blank=True, help_text="Where to come, for appointments in person.")

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="weekly_hours_end_after_start"),
            models.CheckConstraint(
                condition=~Q(mode=Mode.IN_PERSON) | ~Q(venue=""), name="weekly_hours_in_person_has_venue"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M} ({self.get_mode_display()})"


class AvailabilityException(models.Model):
    """A change to one day: time off (leave, training; the whole day or part of it), or a one-off extra session."""

    class Kind(models.TextChoices):
        UNAVAILABLE = "unavailable", "Not available"
        EXTRA = "extra", "Extra session"

    advisor = models.ForeignKey(AdvisorProfile, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    starts = models.TimeField(null=True, blank=True, help_text="Leave both times empty for the whole day.")
    ends = models.TimeField(null=True, blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices, blank=True, help_text="For an extra session.")
    venue = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="For example: annual leave, training.")

    class Meta:
        ordering = ["date", "starts"]
        indexes = [models.Index(fields=["advisor", "date"], name="exception_by_advisor_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True, ends__isnull=True)
                | Q(starts__isnull=False, ends__isnull=False, ends__gt=F("starts")),
                name="exception_whole_day_or_a_time_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="extra") | (Q(starts__isnull=False) & ~Q(mode="")),
                name="extra_session_has_times_and_mode",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"


# Every status but cancelled holds the advisor's time.
HOLDS_TIME = [AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.MISSED]


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Appointment(models.Model):
    """A resident's appointment with an advisor. Two appointments that hold an advisor's time never overlap: the
    database refuses it (an exclusion constraint on PostgreSQL), whatever the code in front of it does."""

    advisor = models.ForeignKey(AdvisorProfile, on_delete=models.PROTECT, related_name="appointments")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments")
    type = models.CharField(max_length=32, choices=AppointmentType.choices)
    mode = models.CharField(max_length=12, choices=Mode.choices)
    venue = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED)
    help_wanted = models.TextField("what they would like help with", blank=True)
    adjustments = models.TextField("adjustments they need", blank=True)
    # A calendar file's identity and version (RFC 5545): the same UID on every change, SEQUENCE rising.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["advisor", "starts_at"], name="appointment_by_advisor"),
            models.Index(fields=["resident", "-starts_at"], name="appointment_by_resident"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"),
            ExclusionConstraint(
                name="advisor_never_double_booked",
                expressions=[
                    ("advisor", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=HOLDS_TIME),
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} with {self.advisor} at {self.starts_at:%Y-%m-%d %H:%M}"
