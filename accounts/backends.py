from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in by email address whatever its capitals: phones often capitalise the first letter.

    Every sign-in form (ours, the staff admin's, the partner admin's) comes through here, so this is where an
    address or IP that has failed too often is refused, before its password is checked. The refusal is left on
    the request for the form to explain; `accounts.apps` counts the failures and forgets them on success.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .services import client_ip, email_normalise, sign_in_attempt_begin

        email = kwargs.get("email", username)
        if email is None or password is None:
            return None
        email = email_normalise(email)
        refusal = sign_in_attempt_begin(email=email, ip=client_ip(request))
        if refusal is not None:
            if request is not None:
                request.sign_in_refusal = refusal
            return None
        return super().authenticate(request, username=email, password=password)
