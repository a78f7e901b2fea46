from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, notification_kinds  # noqa: F401  (registers the roles check and this app's kinds)

        # Failures are counted by the backend (accounts.backends); a success on any sign-in form forgets them.
        user_logged_in.connect(_signed_in, dispatch_uid="accounts.signed_in")


def _signed_in(sender, user, request=None, **kwargs):
    from .services import sign_in_success_record

    sign_in_success_record(email=user.email)
