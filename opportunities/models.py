from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from govuk.markdown import render_govuk_markdown
from organisations.access import scoped_to_member


class Kind(models.TextChoices):
    JOB = "job", "Job"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    WORK_PLACEMENT = "work_placement", "Paid work placement"
    SUPPORTED_INTERNSHIP = "supported_internship", "Supported internship"
    VOLUNTEERING = "volunteering", "Volunteering"
    WORK_EXPERIENCE = "work_experience", "Work experience or job taster"
    COURSE = "course", "Course"
    EVENT = "event", "Event"


# Kinds that put a resident into a workplace with support: they need an employment plan before review.
KINDS_NEEDING_EMPLOYMENT_PLAN = {Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP}

# Kinds that are not work: "Unpaid" would mean nothing for them, so pay is shown only if a partner gave one.
KINDS_WITHOUT_PAY = {Kind.COURSE, Kind.EVENT}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    PUBLISHED = "published", "Published"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


class Level(models.IntegerChoices):
    ENTRY = 0, "Entry level"
    LEVEL_1 = 1, "Level 1"
    LEVEL_2 = 2, "Level 2 (intermediate, like GCSEs)"
    LEVEL_3 = 3, "Level 3 (advanced, like A levels)"
    LEVEL_4 = 4, "Level 4 (higher)"
    LEVEL_5 = 5, "Level 5 (higher, like a foundation degree)"
    LEVEL_6 = 6, "Level 6 (degree)"
    LEVEL_7 = 7, "Level 7 (master's degree)"
    LEVEL_8 = 8, "Level 8 (doctorate)"


# Which levels each kind may carry: apprenticeships 2 to 7, courses Entry to 8.
LEVELS_BY_KIND = {Kind.APPRENTICESHIP: range(2, 8), Kind.COURSE: range(0, 9)}


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid (some in person, some online)"
    ONLINE = "online", "Online or remote"


class PayPeriod(models.TextChoices):
    HOUR = "hour", "per hour"
    WEEK = "week", "per week"
    MONTH = "month", "per month"
    YEAR = "year", "per year"


class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    SHIFTS = "shifts", "Shifts"
    FLEXIBLE = "flexible", "Flexible"
    TERM_TIME = "term_time", "Term time only"


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship agreement"
    TEMPORARY = "temporary", "Temporary"
    PLACEMENT = "placement", "Placement"
    VOLUNTARY = "voluntary", "Voluntary (unpaid)"
    NOT_APPLICABLE = "none", "Not a job"


class ApplyMethod(models.TextChoices):
    HERE = "here", "On Hackney Opportunities"
    WEBSITE = "website", "On the partner's website"
    EMAIL = "email", "By email"


EMPLOYMENT_PLAN_FIELDS = ("plan_tasks", "plan_hours_pattern", "plan_supervisor", "plan_adjustments")
PAY_RANGE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("999999"))]
HOURS_RANGE = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))]


class Ward(models.Model):
    """One of Hackney's 21 electoral wards."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Sector(models.Model):
    """An area of work, such as construction or health and social care."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """A council or partner programme a listing belongs to, such as Hackney 100 or Full Potential."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PriorityGroup(models.Model):
    """A group the council wants the service to reach (care-experienced, SEND, 16 to 24, ...)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClosingDateQuerySet(models.QuerySet):
    """Rows with a `closing_date`: open means no closing date, or one not yet passed."""

    def open_on(self, date):
        return self.filter(Q(closing_date__isnull=True) | Q(closing_date__gte=date))


class OpportunityQuerySet(ClosingDateQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible(self):
        """What the public sees: published and not past its closing date (even before the nightly sweep)."""
        return self.published().open_on(timezone.localdate())

    def for_partner(self, user):
        """The listings a partner member may see and manage in /partners/: their organisations' ones."""
        return scoped_to_member(self, user)


class Opportunity(models.Model):
    """One listing in the shared catalogue, of any kind: job, apprenticeship, course, event and the rest."""

    kind = models.CharField("type of opportunity", max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=120, unique=True, editable=False)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in search results.")
    description = models.TextField(help_text="Markdown: paragraphs, lists, bold and links.")
    description_html = models.TextField(
        blank=True, editable=False, help_text="The description as sanitised GOV.UK HTML, rendered on save."
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="opportunities"
    )
    programmes = models.ManyToManyField(Programme, blank=True, related_name="opportunities")
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities")
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)

    attendance = models.CharField(max_length=16, choices=Attendance.choices, default=Attendance.IN_PERSON)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities")

    pay_min = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True, validators=PAY_RANGE)
    pay_max = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True, validators=PAY_RANGE)
    pay_period = models.CharField(max_length=8, choices=PayPeriod.choices, blank=True)
    hourly_pay_min = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="The lowest pay as an hourly rate, derived on save; compared with the London Living Wage.",
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True, validators=HOURS_RANGE)
    working_pattern = models.CharField(max_length=16, choices=WorkingPattern.choices, blank=True)
    contract_type = models.CharField(max_length=16, choices=ContractType.choices, blank=True)
    duration = models.CharField(max_length=80, blank=True, help_text="For example: 12 months, 6 weeks, one day.")
    start_date = models.DateField(null=True, blank=True)
    flexible_start = models.BooleanField(default=False)
    end_date = models.DateField(null=True, blank=True)
    closing_date = models.DateField(
        null=True, blank=True, help_text="The last day to apply. Leave empty if always open."
    )
    positions = models.PositiveSmallIntegerField(default=1)

    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    hackney_connection_required = models.BooleanField(
        "must live in Hackney or have studied at a Hackney school", default=False
    )
    priority_groups = models.ManyToManyField(PriorityGroup, blank=True, related_name="opportunities")
    adjustments_offered = models.TextField(blank=True)

    apply_method = models.CharField(max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.HERE)
    apply_url = models.URLField(blank=True)
    apply_email = models.EmailField(blank=True)
    screening_question_1 = models.CharField(max_length=300, blank=True)
    screening_question_2 = models.CharField(max_length=300, blank=True)
    screening_question_3 = models.CharField(max_length=300, blank=True)

    # Employment plan: required for work placements and supported internships, readable by residents.
    plan_tasks = models.TextField("tasks", blank=True)
    plan_hours_pattern = models.TextField("hours and pattern", blank=True)
    plan_supervisor = models.CharField("supervisor", max_length=200, blank=True)
    plan_adjustments = models.TextField(
        "adjustments and support", blank=True, help_text="If none are agreed yet, say how you will agree them."
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    moderation_message = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opportunities"
        permissions = [("moderate_opportunity", "Can approve, send back or reject listings")]
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="opportunity_status_published"),
            models.Index(fields=["organisation", "status"], name="opportunity_org_status"),
            # The nightly close and the week-before-closing reminder both look up published listings by date.
            models.Index(fields=["status", "closing_date"], name="opportunity_status_closing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=models.F("max_age")),
                name="opportunity_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True) | Q(pay_max__isnull=True) | Q(pay_min__lte=models.F("pay_max")),
                name="opportunity_pay_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.hourly_pay_min = self.derive_hourly_pay_min()
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            # A row loaded without its description saves only what was loaded, so its stored HTML still holds.
            description_saved = "description" not in self.get_deferred_fields()
        else:
            description_saved = "description" in update_fields
            derived = {"hourly_pay_min", "description_html"} if description_saved else {"hourly_pay_min"}
            kwargs["update_fields"] = {*update_fields, *derived}
        if description_saved:
            self.description_html = self.render_description()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("opportunities:detail", kwargs={"slug": self.slug})

    @property
    def is_paid(self) -> bool:
        return self.pay_min is not None or self.pay_max is not None

    @property
    def shows_pay(self) -> bool:
        """Whether a "Pay" line means anything here: always for work, for a course or event only if it pays."""
        return self.is_paid or self.kind not in KINDS_WITHOUT_PAY

    @property
    def pays_london_living_wage(self) -> bool:
        return pays_london_living_wage(self.hourly_pay_min)

    @property
    def needs_employment_plan(self) -> bool:
        return self.kind in KINDS_NEEDING_EMPLOYMENT_PLAN

    @property
    def screening_questions(self) -> list[str]:
        return [q for q in (self.screening_question_1, self.screening_question_2, self.screening_question_3) if q]

    def missing_employment_plan_fields(self) -> list[str]:
        """The employment-plan fields still empty on a kind that needs a plan (empty list when complete)."""
        if not self.needs_employment_plan:
            return []
        return [name for name in EMPLOYMENT_PLAN_FIELDS if not getattr(self, name).strip()]

    def clean(self):
        errors = {}
        allowed_levels = LEVELS_BY_KIND.get(self.kind)
        if self.level is not None and (allowed_levels is None or self.level not in allowed_levels):
            errors["level"] = "Only apprenticeships (levels 2 to 7) and courses (entry level to level 8) have a level."
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "Maximum age must be the same as or more than the minimum age."
        if self.pay_min is not None and self.pay_max is not None and self.pay_min > self.pay_max:
            errors["pay_max"] = "Highest pay must be the same as or more than the lowest pay."
        if (self.pay_min is not None or self.pay_max is not None) and not self.pay_period:
            errors["pay_period"] = "Select how often the pay is given (per hour, week, month or year)."
        if self.attendance != Attendance.ONLINE and not self.postcode:
            errors["postcode"] = "Enter the postcode of where it takes place, or choose online or remote."
        if self.apply_method == ApplyMethod.WEBSITE and not self.apply_url:
            errors["apply_url"] = "Enter the web address where people apply."
        if self.apply_method == ApplyMethod.EMAIL and not self.apply_email:
            errors["apply_email"] = "Enter the email address people apply to."
        if self.kind == Kind.EVENT and not self.start_date:
            errors["start_date"] = "Enter the date of the event."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "End date must be the same as or after the start date."
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, date) -> bool:
        """Published and not past its closing date: residents can apply (the nightly sweep closes it later)."""
        return self.status == Status.PUBLISHED and (self.closing_date is None or self.closing_date >= date)

    def render_description(self) -> str:
        """The description as the listing page shows it: sanitised HTML with GOV.UK classes, stored on save so
        that no page view renders Markdown (bulk inserts that skip `save` set `description_html` with this)."""
        return render_govuk_markdown(self.description)

    def derive_hourly_pay_min(self):
        """The lowest pay as an hourly rate, or None when unpaid or not convertible (weekly pay needs hours)."""
        return hourly_rate(self.pay_min, self.pay_period, self.hours_per_week)


def hourly_rate(amount, period, hours_per_week):
    """Pay of `amount` per `period` as an hourly rate, or None when there is no pay or no hours to divide by."""
    if amount is None or not period:
        return None
    if period == PayPeriod.HOUR:
        return amount
    if not hours_per_week:
        return None
    weekly = {PayPeriod.WEEK: amount, PayPeriod.MONTH: amount * 12 / 52, PayPeriod.YEAR: amount / 52}[period]
    return (weekly / hours_per_week).quantize(Decimal("0.01"))


def pays_london_living_wage(hourly) -> bool:
    """Whether an hourly rate is at least the London Living Wage the service is set to."""
    return hourly is not None and hourly >= Decimal(settings.LONDON_LIVING_WAGE_HOURLY)


class StatusChange(models.Model):
    """One step in a listing's life: who moved it from which status to which, when, and what they said."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["opportunity", "-at"], name="status_change_by_opportunity")]

    def __str__(self):
        return f"{self.opportunity}: {self.from_status or 'new'} → {self.to_status}"


# "Highest pay" sorts unpaid listings last; the same expression is indexed (portable, unlike NULLS LAST).
PAY_SORT_KEY = Coalesce("hourly_pay_min", Value(Decimal("0")), output_field=models.DecimalField())


class CatalogueVersion(models.Model):
    """One row: a number that every change to what the catalogue shows moves on, and when. `search.refresh` bumps
    it in the change's own transaction (publish, close, edit, withdraw, the nightly sweep), so a cached page or
    count keyed by it can't outlive the change: the next request reads the new number and misses the cache."""

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Catalogue version {self.number}"


class SearchEntryQuerySet(ClosingDateQuerySet):
    def visible(self):
        """Entries exist only for published listings; these are the ones not past their closing date."""
        return self.open_on(timezone.localdate())


class SearchEntry(models.Model):
    """The published catalogue as search reads it: one narrow row per published listing.

    Search, filters, facet counts and sorting read many rows at a time; this table holds only what they
    need (about 1 KB a row, mostly the word vector, against the listing's 2-4 KB), and only published
    listings, so a broad search visits far fewer pages.
    `opportunities.search.refresh` keeps it in step with every status change; nothing else writes it.
    """

    opportunity = models.OneToOneField(
        Opportunity, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    sector = models.ForeignKey(Sector, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    ward = models.ForeignKey(Ward, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    level = models.PositiveSmallIntegerField(null=True)
    attendance = models.CharField(max_length=16, choices=Attendance.choices)
    hourly_pay_min = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    min_age = models.PositiveSmallIntegerField(null=True)
    max_age = models.PositiveSmallIntegerField(null=True)
    closing_date = models.DateField(null=True)
    published_at = models.DateTimeField(null=True)
    # Matching: every word of the listing (title A, summary B, organisation C, description D).
    search_vector = SearchVectorField(null=True)
    # Ranking: title, summary and organisation only, so ts_rank has little to read for each match.
    rank_vector = SearchVectorField(null=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            GinIndex(fields=["search_vector"], name="search_entry_words"),
            # Each sort of the search page reads its own index in order (newest first on ties).
            models.Index(
                fields=["-published_at", "-opportunity"], include=["closing_date"], name="search_entry_newest"
            ),
            models.Index(
                models.F("closing_date").asc(),  # ascending puts empty dates last, as the sort wants
                models.F("published_at").desc(),
                models.F("opportunity").desc(),
                name="search_entry_closing",
            ),
            models.Index(
                PAY_SORT_KEY.desc(),
                models.F("published_at").desc(),
                models.F("opportunity").desc(),
                name="search_entry_pay",
            ),
            # Facet counts and the page's ids come from this index alone (an index-only scan).
            models.Index(
                fields=["kind", "sector"],
                include=[
                    "opportunity",
                    "published_at",
                    "closing_date",
                    "hourly_pay_min",
                    "hours_per_week",
                    "attendance",
                    "ward",
                    "min_age",
                    "max_age",
                    "level",
                ],
                name="search_entry_facets",
            ),
        ]

    def __str__(self):
        return f"Search entry for listing {self.opportunity_id}"
