from celery import shared_task

from .services import moderation_digest_send, opportunities_close_expired, opportunities_remind_closing


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
