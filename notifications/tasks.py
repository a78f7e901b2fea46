from celery import shared_task

from .services import notifications_delete_old, notifications_deliver, notifications_requeue_due


@shared_task(ignore_result=True)
def deliver_notifications(ids: list[int]) -> dict:
    """Deliver a batch of pending notifications (queued after the commit that wrote them, or by the sweeper)."""
    return notifications_deliver(ids=[int(pk) for pk in ids])


@shared_task(ignore_result=True)
def requeue_due_notifications() -> int:
    """Every minute: queue again notifications still pending whose time has come."""
    return notifications_requeue_due()


@shared_task(ignore_result=True)
def delete_old_notifications() -> int:
    """Nightly: delete notifications past their retention period."""
    return notifications_delete_old()
