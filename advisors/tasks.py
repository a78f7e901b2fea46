from celery import shared_task

from .services.booking import appointments_remind


@shared_task
def remind_appointments() -> int:
    """Daily: remind residents of tomorrow's appointments (idempotent)."""
    return appointments_remind()
