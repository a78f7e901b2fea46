from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Channel(models.TextChoices):
    """How someone wants to hear about one kind of notification (a preference, and a notification's channel)."""

    EMAIL = "email", "By email and in your inbox"
    INBOX = "inbox", "In your inbox only"
    OFF = "off", "Off"


class NotificationQuerySet(models.QuerySet):
    def for_inbox(self, user):
        return self.filter(recipient=user).order_by("-created_at", "-id")

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due(self, now):
        """Emails still waiting to go out whose next attempt is due (the sweeper re-queues these)."""
        return self.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    """One message to one person (the outbox row): written with the change it reports, delivered after commit."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # `notification_inbox` starts with the recipient, so the foreign key needs no index of its own; the key is unique
    # by a constraint (a unique field would add a second, pattern-matching index nothing uses). Match alerts write
    # tens of thousands of rows at a time: every index is paid for on each.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices[:2])
    key = models.CharField("idempotency key", max_length=200)
    context = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    subject = models.CharField(max_length=250, blank=True)
    body = models.TextField(blank=True, help_text="Plain text with light Markdown, as sent")
    link = models.CharField(max_length=500, blank=True, help_text="What the notification is about")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key"], name="notification_key_once")]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The sweeper's scan: only rows still pending, by when they are next due.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-created_at"], name="notification_status"),
            models.Index(fields=["created_at"], name="notification_created"),  # the retention sweep
        ]

    def __str__(self):
        return f"{self.subject or self.kind} to {self.recipient_id}"


class Preference(models.Model):
    """A person's choice for one kind of notification; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.kind}: {self.get_channel_display()}"
