from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in by email address whatever its capitals: phones often capitalise the first letter."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = kwargs.get("email", username)
        if email is None:
            return None
        return super().authenticate(request, username=email.strip().lower(), password=password)
