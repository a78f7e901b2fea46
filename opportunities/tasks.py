from celery import shared_task

from .services import opportunities_close_expired


@shared_task
def close_expired_opportunities() -> int:
    """Nightly: close published listings whose closing date has passed (idempotent)."""
    return opportunities_close_expired()
