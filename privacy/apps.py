from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's rights over their data, across every app: a copy of it all, and deleting their account."""

    name = "privacy"
    verbose_name = "Your data"

    def ready(self):
        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
