from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Every app's permissions must exist first, so this runs after each app's migrations (it is idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_roles")


def _ensure_roles(**kwargs):
    from .roles import roles_ensure

    roles_ensure()
