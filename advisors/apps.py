from django.apps import AppConfig


class AdvisorsConfig(AppConfig):
    """Employment advisors: their availability, the appointments residents book with them (and, to come, their
    caseload)."""

    name = "advisors"
    verbose_name = "Advisors"

    def ready(self):
        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
