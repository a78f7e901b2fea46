"""Saved listings, applications and their history."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opportunities.models import ApplyMethod, Opportunity
from organisations.access import scoped_to_member


class SavedOpportunity(models.Model):
    """A listing a resident has saved to come back to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_opportunities")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "opportunity"], name="save_a_listing_once")]
        indexes = [models.Index(fields=["user", "-saved_at"], name="saved_by_user")]

    def __str__(self):
        return f"{self.opportunity_id} saved by {self.user_id}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    LEFT_TO_APPLY = "left", "Went to apply"
    SUBMITTED = "submitted", "Sent"
    REVIEWING = "reviewing", "Being reviewed"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEW = "interview", "Invited to interview"
    OFFERED = "offered", "Offered"
    STARTED = "started", "Started"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


# What a partner sees: sent applications made on the portal (not drafts, not ones made on the partner's site).
VISIBLE_TO_PARTNERS = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFERED,
    ApplicationStatus.STARTED,
    ApplicationStatus.UNSUCCESSFUL,
    ApplicationStatus.WITHDRAWN,
]


class CvType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    DOC = "doc", "Word 97-2003 document"


def private_storage():
    return storages["private"]


def cv_path(application, filename):
    """A random name: file names reveal nothing and can't be guessed (the resident's own name is kept apart)."""
    return f"cvs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{application.cv_type or 'bin'}"


class ApplicationQuerySet(models.QuerySet):
    def for_partner(self, user):
        """Applications a partner member may see: sent ones, to their organisations' listings."""
        return scoped_to_member(self, user, path="opportunity__organisation").filter(
            route=ApplyMethod.HERE, status__in=VISIBLE_TO_PARTNERS
        )


class Application(models.Model):
    """A resident's application for a listing (or their note that they went to apply on the partner's site).

    One per resident per listing. When a resident deletes their account the row stays, without anything
    personal (resident empty, answers, statement and CV removed), so counts for reports stay right.
    """

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="applications")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    route = models.CharField(max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.HERE)
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    answers = models.JSONField(default=list, blank=True, help_text="[{question, answer}] as asked when sent.")
    statement = models.TextField("supporting statement", blank=True)
    phone = models.CharField("phone number", max_length=20, blank=True, help_text="From the profile, when sent.")
    cv = models.FileField("CV", storage=private_storage, upload_to=cv_path, blank=True, max_length=200)
    cv_name = models.CharField("CV file name", max_length=150, blank=True)
    cv_type = models.CharField(max_length=8, choices=CvType.choices, blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)
    interview_place = models.CharField(max_length=200, blank=True)
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "resident"],
                condition=Q(resident__isnull=False),
                name="one_application_per_resident_and_listing",
            )
        ]
        indexes = [
            models.Index(fields=["opportunity", "status", "-submitted_at"], name="application_by_listing"),
            models.Index(fields=["resident", "-created_at"], name="application_by_resident"),
            # The partner's list: one organisation's listings' applications, newest first, read from the index.
            models.Index(
                fields=["opportunity", "-submitted_at", "-id"],
                include=["status", "route", "resident"],
                name="application_for_partners",
            ),
        ]

    def __str__(self):
        return f"Application {self.pk} for {self.opportunity_id}"

    def get_absolute_url(self):
        return reverse("applications:detail", args=[self.pk])


class ApplicationEvent(models.Model):
    """One step in an application's history: who moved it, when, and what they said."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)
    interview_place = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="application_event_by_app")]

    def __str__(self):
        return f"{self.application_id}: {self.from_status or 'new'} → {self.to_status}"
