from celery import shared_task

from .services.availability import advisors_to_do_send
from .services.booking import appointments_remind


@shared_task
def remind_appointments() -> int:
    """Daily: remind residents of tomorrow's appointments (idempotent)."""
    return appointments_remind()


@shared_task
def tell_advisors_what_is_due() -> int:
    """Daily: each advisor hears of the check-ins and next steps due on their cases (idempotent)."""
    return advisors_to_do_send()
