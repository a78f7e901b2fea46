from django.apps import AppConfig


class AdvisorsConfig(AppConfig):
    """Employment advisors: their availability, the appointments residents book with them, referrals and the
    caseload that follows each resident into work."""

    name = "advisors"
    verbose_name = "Advisors"

    def ready(self):
        from applications.signals import application_sent

        from . import notification_kinds  # noqa: F401  (registers this app's kinds with the outbox)
        from .services.casework import advisors_tell_of_application

        # The resident's advisors hear of each application they send, in the same transaction.
        application_sent.connect(advisors_tell_of_application, dispatch_uid="advisors_tell_of_application")
