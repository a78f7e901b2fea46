from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Residents saving listings and applying; partners reviewing applicants; keeping applications no longer than
    the privacy notice says."""

    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
