from celery import shared_task

from .services import applications_anonymise_expired, applications_digest_send


@shared_task
def send_applications_digest() -> int:
    """Daily: yesterday's new applications, to the partners who chose a summary instead of one email each."""
    return applications_digest_send()


@shared_task
def anonymise_expired_applications() -> int:
    """Nightly: applications past the privacy notice's retention period keep only what reports count."""
    return applications_anonymise_expired()
