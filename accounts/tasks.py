from celery import shared_task

from .data_rights import accounts_delete_inactive
from .services import sign_in_throttles_delete_old


@shared_task
def delete_old_sign_in_throttles() -> int:
    """Nightly: forget failed sign-ins nobody has repeated for a day (lockouts still running are kept)."""
    return sign_in_throttles_delete_old()


@shared_task
def delete_inactive_accounts() -> tuple[int, int]:
    """Nightly: warn, then a month later delete, residents' accounts unused for 2 years (the privacy notice)."""
    return accounts_delete_inactive()
