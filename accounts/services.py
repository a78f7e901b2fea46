"""Accounts: signing up, confirming an email address, resetting a password, and slowing down password guessing.

Every email goes through the outbox (`notifications.services.notify`) in the same transaction as the change.
No function here tells its caller whether an email address has an account, so no page can either.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from govuk.dates import govuk_time
from notifications.models import Notification
from notifications.services import notifications_mark_kind_read, notify

from .models import Role, SignInThrottle, User, email_normalise
from .roles import role_grant

CONFIRM_SALT = "accounts.confirm-email"
CONFIRM_MAX_AGE = timedelta(days=3)  # the email's words say 3 days
# At most this many emails of one kind (confirmation links, reset links) to one person an hour, however
# often someone asks: the forms that send them are open to anyone, so they must not become a way to spam.
EMAILS_PER_HOUR = 3


# Sign-up and confirmation ------------------------------------------------------------------------------------


@transaction.atomic
def user_sign_up(*, full_name: str, email: str, password: str, now: datetime | None = None) -> User | None:
    """Create a resident's account and email the link that confirms its address.

    For an address that already has an account, nothing is created and None is returned; that address gets
    a password reset link instead (confirmed or not: see accounts.views.confirm_email), and the caller shows
    the same "check your email" page either way, so the page never says whether the address is registered.
    """
    now = now or timezone.now()
    email = email_normalise(email)
    existing = User.objects.select_for_update().filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
        except IntegrityError:  # the same address signed up a moment ago, in a transaction that won
            existing = User.objects.get(email=email)
        else:
            role_grant(user=user, role=Role.RESIDENT)
            email_confirmation_send(user=user, now=now)
            return user
    make_password(password)  # the same work as a new account, so the time taken gives nothing away
    if existing.is_active:
        # Never a confirmation link here: the account's password may be someone else's choice. A reset link
        # lets the address's owner choose their own (and confirms the address).
        _password_reset_send(user=existing, now=now, signed_up_again=True)
    return None


def email_confirm_token(*, user: User, now: datetime | None = None) -> str:
    """A signed link token for this person and address; it carries when it was made (our clock, not the OS's).

    The address itself is not in it (a signed token is readable, and links end up in logs): only a keyed hash,
    so the link stops working if the address changes.
    """
    issued = int((now or timezone.now()).timestamp())
    return signing.Signer(salt=CONFIRM_SALT).sign_object({"u": user.pk, "h": _address_hash(user.email), "t": issued})


def _address_hash(email: str) -> str:
    return salted_hmac(CONFIRM_SALT, email, algorithm="sha256").hexdigest()[:16]


def email_confirm_token_read(token: str, *, now: datetime | None = None) -> dict:
    """The token's person and their address; ValidationError "forged" if it was not made by us (or the address
    has changed since), "expired" after 3 days."""
    try:
        payload = signing.Signer(salt=CONFIRM_SALT).unsign_object(token)
        user_id, address_hash, issued = int(payload["u"]), str(payload["h"]), int(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError("This link does not work.", code="forged") from None
    email = User.objects.filter(pk=user_id).values_list("email", flat=True).first()
    if email is None or not constant_time_compare(_address_hash(email), address_hash):
        raise ValidationError("This link does not work.", code="forged")
    data = {"user_id": user_id, "email": email, "issued": issued}
    if (now or timezone.now()).timestamp() - issued > CONFIRM_MAX_AGE.total_seconds():
        raise ValidationError("This link has expired.", code="expired", params=data)
    return data


@transaction.atomic(savepoint=False)
def email_confirmation_send(*, user: User, now: datetime | None = None) -> Notification | None:
    """Email someone the link that confirms their address (None if they have had enough of them this hour)."""
    now = now or timezone.now()
    if not _email_allowed(user=user, kind="account_confirm_email", now=now):
        return None
    token = email_confirm_token(user=user, now=now)
    url = reverse("accounts:confirm_email", args=[token])
    return notify(
        recipient=user,
        kind="account_confirm_email",
        context={"confirm_url": url},
        key=f"account_confirm_email:{user.pk}:{int(now.timestamp())}",
        link=url,
    )


@transaction.atomic
def email_confirmation_resend(*, email: str, now: datetime | None = None) -> None:
    """Send a new confirmation link if this address has an account waiting for one; the same result either way."""
    user = User.objects.filter(email=email_normalise(email), is_active=True, email_confirmed_at__isnull=True).first()
    if user is not None:
        email_confirmation_send(user=user, now=now)


@transaction.atomic
def email_confirm(*, token: str, now: datetime | None = None) -> tuple[User, bool]:
    """Confirm the address a link was sent to. True when this use of the link confirmed it (the first use)."""
    now = now or timezone.now()
    data = email_confirm_token_read(token, now=now)
    user = User.objects.select_for_update().filter(pk=data["user_id"], is_active=True).first()
    if user is None or user.email != data["email"]:  # account closed, or its address changed since
        raise ValidationError("This link does not work.", code="forged")
    if user.email_confirmed_at is not None:
        return user, False
    user.email_confirmed_at = now
    user.save(update_fields=["email_confirmed_at"])
    sign_in_success_record(email=user.email)  # they proved they own the address: lift any lockout
    notifications_mark_kind_read(user=user, kind="account_confirm_email", now=now)  # nothing left to do in them
    return user, True


# Password reset ----------------------------------------------------------------------------------------------


@transaction.atomic
def password_reset_request(*, email: str, now: datetime | None = None) -> None:
    """Email a reset link to the active account with this address, if there is one; the same result either way."""
    user = User.objects.filter(email=email_normalise(email), is_active=True).first()
    if user is not None:
        _password_reset_send(user=user, now=now or timezone.now())


def password_reset_link(user: User) -> tuple[str, str]:
    """A one-hour, single-use token to choose a password, and the page it opens (also for invitations)."""
    token = default_token_generator.make_token(user)
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
    )
    return token, url


def _password_reset_send(*, user: User, now: datetime, signed_up_again: bool = False) -> Notification | None:
    if not _email_allowed(user=user, kind="password_reset", now=now):
        return None
    token, url = password_reset_link(user)
    return notify(
        recipient=user,
        kind="password_reset",
        context={"reset_url": url, "signed_up_again": signed_up_again},
        key=f"password_reset:{user.pk}:{token}",
    )


@transaction.atomic
def password_reset_finish(*, user: User, password: str, now: datetime | None = None) -> User:
    """Set the password chosen through a reset link; the link proved the address, so confirm it and lift any lockout.

    The new password changes the hash the reset token was made from, so the link can't be used again.
    """
    user.set_password(password)
    fields = ["password"]
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or timezone.now()
        fields.append("email_confirmed_at")
        notifications_mark_kind_read(user=user, kind="account_confirm_email", now=user.email_confirmed_at)
    user.save(update_fields=fields)
    sign_in_success_record(email=user.email)
    return user


def _email_allowed(*, user: User, kind: str, now: datetime) -> bool:
    """Fewer than EMAILS_PER_HOUR of this kind in the last hour. The person's row is locked so that two requests
    at once are counted one after the other."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    recent = Notification.objects.filter(recipient=user, kind=kind, created_at__gt=now - timedelta(hours=1))
    return recent.count() < EMAILS_PER_HOUR


# Slowing down password guessing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    """After `slow_after` failures close together each attempt must wait, doubling from `first_delay` up to
    `max_delay`; at `lock_after` failures (if set) no attempt is accepted for `lock_for`. Failures are counted
    again from zero once `window` has passed without one."""

    slow_after: int
    lock_after: int | None
    window: timedelta = timedelta(minutes=15)
    lock_for: timedelta = timedelta(minutes=15)
    first_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(minutes=5)

    def delay(self, failures: int) -> timedelta:
        return min(self.first_delay * 2 ** (failures - self.slow_after), self.max_delay)


def _policies() -> dict[str, ThrottlePolicy]:
    numbers = settings.SIGN_IN_THROTTLE
    return {
        # One email address: 5 failures, then 5, 10, 20, 40, 80 seconds between attempts; locked at 10.
        "email": ThrottlePolicy(
            slow_after=numbers["EMAIL_SLOW_AFTER"],
            lock_after=numbers["EMAIL_LOCK_AFTER"],
            lock_for=timedelta(seconds=numbers["LOCK_SECONDS"]),
        ),
        # One IP address, whatever the email: more room (a college or a library shares one address), then
        # slowed to one attempt a minute at most, never locked (that would shut out everyone behind it).
        "ip": ThrottlePolicy(
            slow_after=numbers["IP_SLOW_AFTER"], lock_after=None, max_delay=timedelta(seconds=numbers["IP_MAX_DELAY"])
        ),
    }


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in attempt was refused before its password was checked."""

    wait_seconds: int
    locked_until: datetime | None = None

    @property
    def message(self) -> str:
        if self.locked_until is not None:
            return (
                "You have tried to sign in too many times. You can try again after "
                f"{govuk_time(self.locked_until)}, or reset your password now"
            )
        unit = "second" if self.wait_seconds == 1 else "seconds"
        return f"Wait {self.wait_seconds} {unit} before trying again"


def throttle_key(kind: str, value: str) -> str:
    """The row's key: a keyed hash, so the table holds no email or IP address (and typos of them)."""
    return f"{kind}:{salted_hmac('accounts.sign-in-throttle', value, algorithm='sha256').hexdigest()}"


def _keys(*, email: str, ip: str | None) -> dict[str, ThrottlePolicy]:
    policies = _policies()
    keys = {}
    if email := email_normalise(email):
        keys[throttle_key("email", email)] = policies["email"]
    if ip:
        keys[throttle_key("ip", ip)] = policies["ip"]
    return keys


def _counting(row: SignInThrottle, policy: ThrottlePolicy, now: datetime) -> bool:
    """Whether the row's failures still count (the last was within the window)."""
    return row.last_failure_at is not None and row.last_failure_at > now - policy.window


def _refusal(row: SignInThrottle, now: datetime) -> Refusal | None:
    if row.locked_until is not None and now < row.locked_until:
        return Refusal(math.ceil((row.locked_until - now).total_seconds()), row.locked_until)
    if row.next_attempt_at is not None and now < row.next_attempt_at:
        return Refusal(math.ceil((row.next_attempt_at - now).total_seconds()))
    return None


@transaction.atomic
def sign_in_attempt_begin(*, email: str, ip: str | None, now: datetime | None = None) -> Refusal | None:
    """Before a password is checked: a Refusal while the address or the IP is locked or must wait, else None.

    An attempt allowed while slowed reserves its slot (the next one must wait again), under a row lock, so
    requests sent at the same moment can't all slip through.
    """
    now = now or timezone.now()
    keys = _keys(email=email, ip=ip)
    # The address's row exists (and is locked) even before its first failure, so that the caller's transaction
    # holds it until the failure, if any, is counted.
    for key in keys:
        if key.startswith("email:"):
            SignInThrottle.objects.get_or_create(key=key)
    rows = list(SignInThrottle.objects.select_for_update().filter(key__in=keys).order_by("key"))
    refusals = [refusal for row in rows if (refusal := _refusal(row, now)) is not None]
    if refusals:
        return max(refusals, key=lambda r: (r.locked_until is not None, r.wait_seconds))
    for row in rows:
        policy = keys[row.key]
        if row.failures >= policy.slow_after and _counting(row, policy, now):
            row.next_attempt_at = now + policy.delay(row.failures)
            row.save(update_fields=["next_attempt_at"])
    return None


@transaction.atomic
def sign_in_failure_record(*, email: str, ip: str | None, now: datetime | None = None) -> None:
    """Count a failed sign-in against the address and the IP, slowing or locking them as the policy says."""
    now = now or timezone.now()
    for key, policy in sorted(_keys(email=email, ip=ip).items()):  # one order everywhere: no deadlocks
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key)
        if not _counting(row, policy, now):
            row.failures, row.locked_until, row.next_attempt_at = 0, None, None
        row.failures += 1
        row.last_failure_at = now
        if policy.lock_after is not None and row.failures >= policy.lock_after:
            row.locked_until, row.next_attempt_at = now + policy.lock_for, None
        elif row.failures >= policy.slow_after:
            row.next_attempt_at = now + policy.delay(row.failures)
        row.save()


@transaction.atomic
def sign_in_success_record(*, email: str) -> None:
    """Forget an address's failures (signed in, or proved they own it). The IP's count stays: one good
    account must not let someone guess the passwords of others from the same place."""
    SignInThrottle.objects.filter(key=throttle_key("email", email_normalise(email))).delete()


@transaction.atomic
def sign_in_throttles_delete_old(*, now: datetime | None = None) -> int:
    """Delete rows nobody has failed on for a day and that are not locked (they no longer count anyway)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=1)
    stale = SignInThrottle.objects.filter(Q(last_failure_at__lt=cutoff) | Q(last_failure_at__isnull=True)).exclude(
        locked_until__gt=now
    )
    return stale.delete()[0]


def client_ip(request) -> str | None:
    """The address the request came from: REMOTE_ADDR, or behind a proxy the header it writes (CLIENT_IP_HEADER,
    e.g. X-Real-IP, which the proxy must overwrite so a client can't choose its own); otherwise everyone would
    share the proxy's address and its one IP count."""
    if request is None:
        return None
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None
