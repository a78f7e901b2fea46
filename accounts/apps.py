from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        # Every app's permissions must exist first, so this runs after each app's migrations (it is idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_roles")
        # Failures are counted by the backend (accounts.backends); a success on any sign-in form forgets them.
        user_logged_in.connect(_signed_in, dispatch_uid="accounts.signed_in")


def _ensure_roles(**kwargs):
    from .roles import roles_ensure

    roles_ensure()


def _signed_in(sender, user, request=None, **kwargs):
    from .services import sign_in_success_record

    sign_in_success_record(email=user.email)
