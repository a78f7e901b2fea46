from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Match alerts: saved searches, profile matches, recommendations, and the advisors' matches on their caseload."""

    name = "matching"
    verbose_name = "Match alerts"

    def ready(self):
        from opportunities.signals import listing_published

        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
        from .services import instant_alerts_queue

        # A listing going live queues its instant alerts once the moderation decision commits.
        listing_published.connect(instant_alerts_queue, dispatch_uid="matching_instant_alerts_queue")
