"""Where someone was going: the `next` that sign-up and the profile form carry, as a path of this site only."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def next_path(request) -> str:
    """`next` from the form or the query string if it is a path on this site; "" for any other address, so a link
    can never send someone to another site once they have signed up or saved their profile."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    parts = urlsplit(url)
    if not url.startswith("/") or parts.scheme or parts.netloc:
        return ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if safe else ""
