from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Catalogue"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
        from .models import PriorityGroup, Programme, Sector, Ward

        # The filters and counts name sectors, wards, programmes and groups: a change to one is a change to what
        # the catalogue shows, so no cached page or count from before it is served after it.
        for model in (Sector, Ward, Programme, PriorityGroup):
            for signal in (post_save, post_delete):
                signal.connect(_reference_changed, sender=model, dispatch_uid=f"catalogue-{model.__name__}-{signal}")


def _reference_changed(sender, **kwargs) -> None:
    from .search import catalogue_changed

    catalogue_changed()
