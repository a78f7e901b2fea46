"""The accounts' part of the demo data (`manage.py seed_demo`): the demo resident and council staff, and how
every account `make run` prints is made (partner admins come with their organisations, in organisations.demo;
advisors with their hours and caseload, in advisors.demo).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from accounts.roles import role_grant
from notifications.demo import DemoContext, SignIn

# Printed for everyone by `make run`: a published demo password, not a secret.
PASSWORD = "demo-password-2026"  # noqa: S105

ACCOUNTS = [
    {
        "key": "resident",
        "email": "resident@demo.test",
        "full_name": "Amara Okafor",
        "role": Role.RESIDENT,
        "label": "Resident",
        "signs_in_at": "/accounts/login/ (applications, saved listings and messages at /account/)",
    },
    {
        "key": "staff",
        "email": "staff@demo.test",
        "full_name": "Daniel Osei",
        "role": Role.STAFF,
        "label": "Council staff",
        "signs_in_at": "/admin/ (messages at /account/)",
    },
]


def build(ctx: DemoContext) -> None:
    for entry in ACCOUNTS:
        ctx.people[entry["key"]] = sign_in_account(
            ctx,
            email=entry["email"],
            full_name=entry["full_name"],
            role=entry["role"],
            label=entry["label"],
            signs_in_at=entry["signs_in_at"],
        )


def sign_in_account(ctx: DemoContext, *, email: str, full_name: str, role: Role, label: str, signs_in_at: str):
    """A demo account `seed_demo` prints. Reset on every run so the printed password and role always work,
    whatever the demo did to them."""
    user, _ = get_user_model().objects.get_or_create(email=email)
    user.full_name = full_name
    user.is_active = True
    user.is_superuser = False
    user.email_confirmed_at = user.email_confirmed_at or timezone.now()
    user.set_password(PASSWORD)
    user.save()
    role_grant(user=user, role=role)
    ctx.sign_ins.append(
        SignIn(
            order=list(Role).index(role), label=label, email=user.email, name=user.full_name, signs_in_at=signs_in_at
        )
    )
    return user
