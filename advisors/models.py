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

from opportunities.models import PayPeriod
from organisations.access import is_advisor


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
        return self.user.get_full_name()

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


# The caseload -------------------------------------------------------------------------------------------------


class ReferralSource(models.TextChoices):
    SELF = "self", "The resident themselves"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School"
    LEAVING_CARE = "leaving_care", "Leaving care team"
    PARTNER = "partner", "A partner organisation"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def for_advisor(self, user):
        """The cases this person works on (lead or not); none for anyone who is not an active advisor."""
        if not is_advisor(user):
            return self.none()
        return self.filter(advisors__user=user)


class Case(models.Model):
    """A resident on the caseload: who leads, which advisors work on it, what they agreed to share, what is next."""

    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases")
    lead_advisor = models.ForeignKey(AdvisorProfile, on_delete=models.PROTECT, related_name="cases_led")
    # Every advisor on the case, the lead included: only they see its page and its notes.
    advisors = models.ManyToManyField(AdvisorProfile, related_name="cases")
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    priority_groups = models.ManyToManyField("opportunities.PriorityGroup", blank=True, related_name="+")
    shares_profile = models.BooleanField(
        "shares their profile with their advisors", default=False, help_text="The resident chooses; off by default."
    )
    shares_equality = models.BooleanField("shares their equality monitoring answers with their advisors", default=False)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["lead_advisor", "next_step_due"], name="case_by_lead_next_step"),
            models.Index(fields=["last_contact_at"], name="case_by_last_contact"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=Q(closed_at__isnull=True), name="one_open_case_per_resident"
            )
        ]

    def __str__(self):
        return f"Case of {self.resident.get_full_name()}"


class Referral(models.Model):
    """A request for an advisor's help: from residents themselves (open to anyone, no eligibility test) or, with
    their recorded consent, from an organisation that works with them."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an advisor"
        ASSIGNED = "assigned", "Advisor assigned"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        """Why a referral was closed without a case."""

        DUPLICATE = "duplicate", "It is a duplicate: the same person was referred under another account"
        COULD_NOT_CONTACT = "could_not_contact", "We could not contact them"

    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_made"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    help_wanted = models.TextField("what help they want")
    contact_method = models.CharField(max_length=12, choices=ContactMethod.choices)
    contact_times = models.CharField("when to contact them", max_length=200, blank=True)
    adjustments = models.TextField("adjustments they need", blank=True)
    # The resident's own choices (a referral by someone else leaves both off until the resident says).
    shares_profile = models.BooleanField("shares their profile with their advisors", default=False)
    shares_equality = models.BooleanField("shares their equality monitoring answers with their advisors", default=False)
    # For a referral by someone else: when and how the resident agreed to it.
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_how = models.CharField("how they agreed", max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")
    created_at = models.DateTimeField(default=timezone.now)
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="referral_queue")]
        constraints = [
            # Nobody is referred by someone else without saying yes to it.
            models.CheckConstraint(
                condition=Q(source=ReferralSource.SELF) | Q(consent_recorded_at__isnull=False),
                name="referral_by_others_has_consent",
            ),
            models.UniqueConstraint(
                fields=["resident"], condition=Q(status="waiting"), name="one_waiting_referral_per_resident"
            ),
        ]

    def __str__(self):
        return f"Referral of {self.resident} ({self.get_source_display()})"


class Barrier(models.TextChoices):
    CHILDCARE = "childcare", "Childcare"
    ENGLISH = "english", "English language"
    HEALTH = "health", "Health"
    DISABILITY = "disability", "Disability"
    HOUSING = "housing", "Housing"
    CRIMINAL_RECORD = "criminal_record", "Criminal record"
    CONFIDENCE = "confidence", "Confidence"
    DIGITAL_SKILLS = "digital_skills", "Digital skills"
    TRANSPORT = "transport", "Transport"
    MONEY = "money", "Money"
    CARING = "caring", "Caring responsibilities"


class Assessment(models.Model):
    """The initial assessment: the resident's aspirations, interests, skills and barriers to work."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    aspirations = models.TextField(blank=True)
    interests = models.TextField(blank=True)
    skills = models.TextField(blank=True)
    barriers = models.JSONField(default=list, blank=True, help_text="Values of Barrier.")
    barrier_notes = models.TextField("more about the barriers", blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Assessment for case {self.case_id}"

    def barrier_labels(self) -> list[str]:
        return [Barrier(value).label for value in self.barriers if value in Barrier.values]


class SupportAction(models.Model):
    """One action of the support plan, with who does it and by when; the resident sees the plan."""

    class Owner(models.TextChoices):
        RESIDENT = "resident", "The resident"
        ADVISOR = "advisor", "The advisor"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=12, choices=Owner.choices)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [F("done_at").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["case", "done_at"], name="action_by_case")]

    def __str__(self):
        return self.description


class CaseNote(models.Model):
    """A private note on a case: only the advisors on the case read it, and every read and change is audited."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        MEETING = "meeting", "Meeting"
        PHONE_CALL = "phone_call", "Phone call"
        MESSAGE = "message", "Message or email"

    # Kinds that are contact with the resident (they move the case's last contact on).
    CONTACT = (Kind.MEETING, Kind.PHONE_CALL, Kind.MESSAGE)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at"], name="note_by_case")]

    def __str__(self):
        return f"{self.get_kind_display()} on case {self.case_id}"


class CaseAuditEntry(models.Model):
    """Who read or changed a case's notes, and when. Kept when the case goes (the ids say which it was)."""

    class Action(models.TextChoices):
        NOTES_READ = "notes_read", "Read the case notes"
        NOTE_ADDED = "note_added", "Added a note"
        NOTE_CHANGED = "note_changed", "Changed a note"

    case = models.ForeignKey(Case, null=True, on_delete=models.SET_NULL, related_name="audit_entries")
    case_number = models.PositiveIntegerField(help_text="The case's id, kept if the case is deleted.")
    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    who_email = models.EmailField(help_text="Kept if the account is deleted.")
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.ForeignKey(CaseNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "case audit entries"
        indexes = [
            models.Index(fields=["case_number", "-at"], name="audit_by_case"),
            models.Index(fields=["who", "-at"], name="audit_by_person"),
        ]

    def __str__(self):
        return f"{self.who_email}: {self.get_action_display()} (case {self.case_number})"


class SharedOpportunity(models.Model):
    """A listing an advisor shared with one resident, with a message; the resident sees it in their account."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shared")
    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        verbose_name_plural = "shared opportunities"
        constraints = [models.UniqueConstraint(fields=["case", "opportunity"], name="opportunity_shared_once_per_case")]

    def __str__(self):
        return f"Opportunity {self.opportunity_id} shared on case {self.case_id}"


class SupportGiven(models.Model):
    """Practical support given to the resident (interview clothing, travel, ...), with what it cost."""

    class Kind(models.TextChoices):
        INTERVIEW_CLOTHING = "interview_clothing", "Interview clothing"
        TRAVEL = "travel", "Travel"
        CHILDCARE = "childcare", "Childcare"
        EQUIPMENT = "equipment", "Tools or equipment"
        TRAINING = "training", "Training or a licence"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support_given")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name_plural = "support given"
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="support_amount_not_negative")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.given_on}"


class OutcomeKind(models.TextChoices):
    JOB_START = "job_start", "Started a job"
    APPRENTICESHIP_START = "apprenticeship_start", "Started an apprenticeship"
    PLACEMENT_START = "placement_start", "Started a placement"
    COURSE_COMPLETION = "course_completion", "Completed a course"
    SUSTAINED_13 = "sustained_13", "Still in work after 13 weeks"
    SUSTAINED_26 = "sustained_26", "Still in work after 26 weeks"


# Outcomes that start work (each schedules in-work support check-ins), and those that say it lasted.
STARTS_WORK = (OutcomeKind.JOB_START, OutcomeKind.APPRENTICESHIP_START, OutcomeKind.PLACEMENT_START)
SUSTAINED = (OutcomeKind.SUSTAINED_13, OutcomeKind.SUSTAINED_26)


class Outcome(models.Model):
    """What the support led to: a job, apprenticeship or placement start (with employer, pay and hours), a course
    completed, or work sustained at 13 and 26 weeks (of an earlier start)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=24, choices=OutcomeKind.choices)
    achieved_on = models.DateField()
    employer = models.CharField("employer or provider", max_length=200, blank=True)
    job_title = models.CharField("job or course title", max_length=200, blank=True)
    pay = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    pay_period = models.CharField(max_length=8, choices=PayPeriod.choices, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    # Derived when recorded, from the pay, its period and the hours, against LONDON_LIVING_WAGE_HOURLY then.
    pays_llw = models.BooleanField("pays at least the London Living Wage", null=True)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a sustained outcome: the start it sustains.
    start = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="sustained")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        indexes = [models.Index(fields=["kind", "achieved_on"], name="outcome_by_kind")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=SUSTAINED) | Q(start__isnull=False), name="sustained_outcome_has_its_start"
            ),
            models.UniqueConstraint(fields=["start", "kind"], name="sustained_once_per_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.achieved_on}"


class CheckIn(models.Model):
    """An in-work support check-in, scheduled when work starts: after the first week, and at 13 and 26 weeks."""

    class Due(models.TextChoices):
        FIRST_WEEK = "first_week", "After the first week"
        WEEK_13 = "week_13", "At 13 weeks"
        WEEK_26 = "week_26", "At 26 weeks"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="check_ins")
    due = models.CharField(max_length=12, choices=Due.choices)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "done_at"], name="check_in_due")]
        constraints = [models.UniqueConstraint(fields=["outcome", "due"], name="one_check_in_per_milestone")]

    def __str__(self):
        return f"Check-in {self.get_due_display().lower()} (due {self.due_on})"
