from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Catalogue"

    def ready(self):
        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
