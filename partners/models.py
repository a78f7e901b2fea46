from django.conf import settings
from django.db import models


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
