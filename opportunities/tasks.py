from celery import shared_task

from .services import (
    applications_anonymise_expired,
    applications_digest_send,
    moderation_digest_send,
    opportunities_close_expired,
    opportunities_remind_closing,
)


@shared_task
def close_expired_opportunities() -> int:
    """Nightly: close published listings whose closing date has passed (idempotent)."""
    return opportunities_close_expired()


@shared_task
def remind_closing_listings() -> int:
    """Daily: remind partners a week before their published listings close."""
    return opportunities_remind_closing()


@shared_task
def send_moderation_digest() -> int:
    """Daily: tell council staff which listings are waiting for review."""
    return moderation_digest_send()


@shared_task
def send_applications_digest() -> int:
    """Daily: yesterday's new applications, to the partners who chose a summary instead of one email each."""
    return applications_digest_send()


@shared_task
def anonymise_expired_applications() -> int:
    """Nightly: applications past the privacy notice's retention period keep only what reports count."""
    return applications_anonymise_expired()
