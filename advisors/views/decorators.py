"""What every advisor-only page starts with."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from ..selectors.workspace import advisor_profile_or_404


def advisor_only(view):
    """Signed-in users only; the view is given the signed-in advisor's profile, and anyone else gets a 404."""

    @login_required
    @wraps(view)
    def with_profile(request, *args, **kwargs):
        return view(request, advisor_profile_or_404(request.user), *args, **kwargs)

    return with_profile
