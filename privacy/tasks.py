from celery import shared_task

from .data_rights import accounts_delete_inactive


@shared_task
def delete_inactive_accounts() -> tuple[int, int]:
    """Nightly: warn, then a month later delete, residents' accounts unused for 2 years (the privacy notice)."""
    return accounts_delete_inactive()
