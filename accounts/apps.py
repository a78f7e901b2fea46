from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_migrate

        # Every app's permissions must exist first, so this runs after each app's migrations (it is idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_roles")
        # Django sends these from every sign-in form, so the staff and partner admins are throttled too.
        user_login_failed.connect(_sign_in_failed, dispatch_uid="accounts.sign_in_failed")
        user_logged_in.connect(_signed_in, dispatch_uid="accounts.signed_in")


def _ensure_roles(**kwargs):
    from .roles import roles_ensure

    roles_ensure()


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    from .services import client_ip, sign_in_failure_record

    if request is not None and getattr(request, "sign_in_refusal", None) is not None:
        return  # refused before the password was checked: not a guess
    email = credentials.get("username") or credentials.get("email")
    if email:
        sign_in_failure_record(email=email, ip=client_ip(request))


def _signed_in(sender, user, request=None, **kwargs):
    from .services import sign_in_success_record

    sign_in_success_record(email=user.email)
