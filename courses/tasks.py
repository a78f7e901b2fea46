from celery import shared_task

from .services import offers_expire


@shared_task
def expire_course_offers() -> int:
    """Every few minutes: offers of a place not taken up in time pass to the next person waiting."""
    return offers_expire()
