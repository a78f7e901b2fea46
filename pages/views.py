from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from advisors.selectors.booking import appointments_of
from advisors.selectors.cases import support_of
from advisors.selectors.casework import shared_with
from applications.selectors import applications_of, saved_of
from courses.selectors import enrolments_of
from matching.selectors import recommendations_for, saved_searches_of
from notifications.selectors import inbox_page
from opportunities.caching import shared_page
from opportunities.models import Kind
from opportunities.selectors import closing_soon, kind_counts
from organisations.access import is_resident

from .guidance import BY_SLUG, GUIDES


@shared_page
def home(request):
    version = request.catalogue_version
    counts = kind_counts(version=version)
    kinds = [{"value": k.value, "label": k.label, "count": counts.get(k.value, 0)} for k in Kind]
    context = {"kinds": kinds, "closing_soon": closing_soon(version=version)}
    if is_resident(request.user):
        context["recommendations"] = recommendations_for(user=request.user, limit=3)
    return render(request, "pages/home.html", context)


@login_required
def account_home(request):
    """Your account: your applications, saved listings, appointments and support from advisors, what we have told
    you (the inbox) and your settings."""
    user = request.user
    context = {
        "applications": applications_of(user=user),
        "enrolments": enrolments_of(user=user),
        "saved": saved_of(user=user),
        "appointments": appointments_of(user=user).upcoming,
        "support": support_of(user=user),
        "shared": shared_with(user=user)[:5],
        "resident": is_resident(user),
        "inbox": inbox_page(user=user, page=1, per_page=10),
    }
    if context["resident"]:
        context |= {"recommendations": recommendations_for(user=user), "alerts": saved_searches_of(user=user).count()}
    return render(request, "account/home.html", context)


def guidance(request):
    return render(request, "pages/guidance_index.html", {"guides": GUIDES})


def guidance_page(request, slug):
    guide = BY_SLUG.get(slug)
    if guide is None:
        raise Http404("No such guidance page")
    return render(request, f"guidance/{guide.slug}.html", {"guide": guide})


@never_cache
def healthz(request):
    """Liveness and readiness: 200 when the database (and Redis, when configured) answer, else 503."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {error.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            checks["redis"] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
