from celery import shared_task

from .services import sign_in_throttles_delete_old


@shared_task
def delete_old_sign_in_throttles() -> int:
    """Nightly: forget failed sign-ins nobody has repeated for a day (lockouts still running are kept)."""
    return sign_in_throttles_delete_old()
