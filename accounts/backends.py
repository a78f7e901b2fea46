from django.contrib.auth.backends import ModelBackend
from django.db import transaction


class EmailBackend(ModelBackend):
    """Sign in by email address whatever its capitals: phones often capitalise the first letter.

    Every sign-in form (ours, the staff admin's, the partner admin's) comes through here, so this is where an
    address or IP that has failed too often is refused, before its password is checked, and where a failure is
    counted. The address's row stays locked from the check to the count, so attempts sent at the same moment
    are judged one after another, each seeing the failures before it. The refusal is left on the request for
    the form to explain; `accounts.apps` forgets the address's failures on success.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .models import email_normalise
        from .services import client_ip, sign_in_attempt_begin, sign_in_failure_record

        email = kwargs.get("email", username)
        if email is None or password is None:
            return None
        email, ip = email_normalise(email), client_ip(request)
        with transaction.atomic():
            refusal = sign_in_attempt_begin(email=email, ip=ip)
            if refusal is not None:
                if request is not None:
                    request.sign_in_refusal = refusal
                return None
            user = super().authenticate(request, username=email, password=password)
            if user is None:
                sign_in_failure_record(email=email, ip=ip)
            return user
