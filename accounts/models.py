from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """The roles (docs/architecture.md, "Roles"), each held as a Django group of the same name."""

    RESIDENT = "Residents", "Resident"
    PARTNER = "Partners", "Partner member"
    ADVISOR = "Advisors", "Advisor"
    STAFF = "Council staff", "Council staff"


def email_normalise(email: str) -> str:
    """How every address is stored and looked up, wherever it was typed (sign-up, sign-in, the staff admin)."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=email_normalise(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_confirmed_at", timezone.now())  # made on the command line by an operator
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their email address; roles are groups (see Role)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    # Empty until the person follows the link we email them (or resets their password, which proves the same).
    email_confirmed_at = models.DateTimeField("email address confirmed", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return f"{self.full_name} ({self.email})" if self.full_name else self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, role: Role) -> bool:
        return self.groups.filter(name=role.value).exists()

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class SignInThrottle(models.Model):
    """Failed sign-ins counted for one email address or one client IP (both kept only as keyed hashes)."""

    key = models.CharField(max_length=80, unique=True, help_text="“email:” or “ip:” and a keyed hash")
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    # While slowed, the earliest moment of the next attempt; while locked, the end of the lockout.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sign-in throttle"
        indexes = [models.Index(fields=["last_failure_at"], name="signin_throttle_last_failure")]

    def __str__(self):
        return f"{self.key[:20]}… ({self.failures} failed)"
