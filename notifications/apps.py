from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.core.signals import setting_changed

        setting_changed.connect(_forget_mail_connection, dispatch_uid="notifications.forget_mail_connection")


def _forget_mail_connection(*, setting, **kwargs):
    """Tests that change the email settings get a new connection rather than the one kept for the process."""
    if setting.startswith("EMAIL_"):
        from .services import mail_connection_forget

        mail_connection_forget()
