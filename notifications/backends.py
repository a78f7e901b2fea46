"""GOV.UK Notify as a Django email backend (django-gov-notify), with Notify's API address as a setting."""

from django.conf import settings
from django_gov_notify.backends import NotifyEmailBackend as _NotifyEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(_NotifyEmailBackend):
    """Sends each email's subject and plain-text body through Notify's plain template.

    `GOVUK_NOTIFY_BASE_URL` is Notify's API by default; set it only to reach a stand-in (our tests run one
    on loopback). Notify takes no custom headers, so the body's unsubscribe link is what these emails carry.
    """

    def open(self):
        if self.client is None:
            self.client = NotificationsAPIClient(self.api_key, base_url=settings.GOVUK_NOTIFY_BASE_URL)
