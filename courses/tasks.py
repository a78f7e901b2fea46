from celery import shared_task

from .services import course_reminders_send, offers_expire


@shared_task
def expire_course_offers() -> int:
    """Every few minutes: offers of a place not taken up in time pass to the next person waiting."""
    return offers_expire()


@shared_task
def remind_course_starts() -> int:
    """Daily: remind those enrolled on a course or event that starts tomorrow."""
    return course_reminders_send()
