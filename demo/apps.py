from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: `manage.py seed_demo` runs each app's part in order."""

    name = "demo"
    verbose_name = "Demo data"
