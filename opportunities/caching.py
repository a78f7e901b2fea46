"""What every visitor of the catalogue shares, cached and never stale: counts, "closing soon", a search's results,
and the whole page as a visitor who is not signed in sees it (`shared_page`).

Every key carries the catalogue's version (`CatalogueVersion`, moved on by `search.refresh` in the transaction of
each change) and today's date (a listing past its closing date leaves the catalogue at midnight, before the
nightly sweep closes it). A change makes the next request read a new version and miss, so nothing cached is ever
served after the change it predates; old keys are simply never read again and expire.

The cache is Redis when there is one (Django's cache framework), local memory otherwise. When the cache fails
(Redis stopped), everything is computed as if uncached, and the cache is left alone for a few seconds rather than
tried on every call.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag

from .models import CatalogueVersion

log = logging.getLogger(__name__)

# After the cache failed, how long to leave it alone (per process).
RESTING_SECONDS = 15
_resting_until = 0.0
_MISSING = object()


@dataclass(frozen=True)
class Version:
    """The catalogue's version as keys and HTTP validators use it."""

    token: str  # the number and the time of the change: a version row made again never reuses a token
    changed_at: datetime


def catalogue_version() -> Version | None:
    """The catalogue's version now (one query), or None if its row is missing (nothing is cached then)."""
    row = CatalogueVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    if row is None:
        return None
    number, changed_at = row
    return Version(f"{number}.{changed_at.timestamp():.6f}", changed_at)


def cached(name: str, parts, compute, *, version: Version | None):
    """`compute()`'s value for this catalogue version, day, `name` and `parts` (anything with a stable repr),
    from the cache when it is there; computed (and stored) otherwise."""
    if version is None:
        return compute()
    key = _key(name, parts, version)
    value = _get(key)
    if value is _MISSING:
        value = compute()
        _set(key, value)
    return value


def _key(name: str, parts, version: Version) -> str:
    digest = hashlib.blake2b(repr((parts, _release())).encode(), digest_size=16).hexdigest()
    return f"catalogue:{version.token}:{timezone.localdate().isoformat()}:{name}:{digest}"


def _templates() -> str:
    """The templates and the static files' hashed names, as a hash: a deploy that changes either never serves a page
    cached by the code before it."""
    digest = hashlib.blake2b(digest_size=8)
    sources = sorted((settings.BASE_DIR / "templates").rglob("*.html"))
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    for path in [*sources, manifest] if manifest.exists() else sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()


TEMPLATES = _templates()


def _release() -> str:
    """What pages and counts are built from besides the catalogue: the code's templates, and the settings they show
    (the London Living Wage, which the pay filter and tags compare with; the site's address)."""
    return f"{TEMPLATES}-{settings.LONDON_LIVING_WAGE_HOURLY}-{settings.SITE_URL}"


def shared_page(view):
    """A catalogue page (search, home, a listing) as everyone who is not signed in sees it: built once per catalogue
    version, day, address and release, then served from the cache; sent with an ETag and Last-Modified, and
    `Cache-Control: public, no-cache`, so a browser, proxy or CDN may keep it but asks each time whether it
    changed (a 304 costs one query). Signed-in visitors, and anyone with a session or a message waiting, get the
    page built for them, `private`. Either way the view finds the version in `request.catalogue_version`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        version = request.catalogue_version = catalogue_version()
        if not _shareable(request, version):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        today = timezone.localdate()
        release = _release()
        etag = quote_etag(hashlib.blake2b(f"{version.token}-{today}-{release}".encode(), digest_size=12).hexdigest())
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            key = _key("page", request.build_absolute_uri(), version)
            page = _get(key)
            if page is _MISSING:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.cookies and not response.streaming:
                    _set(key, (response["Content-Type"], response.content))
            else:
                content_type, content = page
                response = HttpResponse(content, content_type=content_type)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            midnight = timezone.make_aware(datetime.combine(today, datetime.min.time()))
            response["Last-Modified"] = http_date(max(version.changed_at, midnight).timestamp())
            patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped


def _shareable(request, version: Version | None) -> bool:
    return (
        version is not None
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _get(key: str):
    if _resting():
        return _MISSING
    try:
        return cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001 - any cache failure: serve it uncached
        _rest("read")
        return _MISSING


def _set(key: str, value) -> None:
    if _resting():
        return
    try:
        cache.set(key, value, settings.CATALOGUE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        _rest("write")


def _resting() -> bool:
    return time.monotonic() < _resting_until


def _rest(what: str) -> None:
    global _resting_until
    _resting_until = time.monotonic() + RESTING_SECONDS
    log.warning("The catalogue cache failed to %s; serving uncached for %s s", what, RESTING_SECONDS, exc_info=True)
