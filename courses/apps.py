from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Courses and events: their runs, places, enrolment and waiting lists. A course or an event is a catalogue
    listing (kind course or event, moderated like every listing); this app adds when and how it runs and who is
    taking part."""

    name = "courses"
    verbose_name = "Courses and events"

    def ready(self):
        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
