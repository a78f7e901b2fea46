from django.conf import settings
from django.db import models
from django.utils import timezone


class OrganisationType(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    TRAINING_PROVIDER = "training_provider", "Training provider"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    SCHOOL = "school", "School or college"
    COUNCIL = "council", "Council team"


class Organisation(models.Model):
    """A partner that posts listings: employer, training provider, voluntary group, school or council team."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    website = models.URLField(blank=True)
    hackney_based = models.BooleanField("based in Hackney", default=False)
    disability_confident = models.BooleanField("Disability Confident employer", default=False)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's place in an organisation: a member posts listings; an admin also manages members."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Admin"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user_and_organisation")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class MembershipChange(models.Model):
    """One change to who acts for an organisation (added, role changed, removed): who made it and when.

    Memberships decide what a partner can see, so every change goes through organisations.services, which
    writes one of these in the same transaction.
    """

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        ROLE_CHANGED = "role_changed", "Role changed"
        REMOVED = "removed", "Removed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="membership_history"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="membership_change_by_org")]

    def __str__(self):
        return f"{self.user_id} {self.get_action_display().lower()} in {self.organisation_id} ({self.role})"
