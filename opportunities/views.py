from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from residents.selectors import profile_for

from . import jsonld
from .models import Application, Opportunity, Programme, SavedOpportunity, Status
from .selectors import catalogue_search, eligibility_for


def opportunity_list(request):
    result = catalogue_search(request.GET)
    return render(
        request, "opportunities/list.html", {"result": result, "querystring": _querystring_without_page(request)}
    )


def opportunity_detail(request, slug):
    """A published listing, or a closed one (kept so old links still explain themselves); nothing else."""
    opportunity = get_object_or_404(
        Opportunity.objects.filter(status__in=[Status.PUBLISHED, Status.CLOSED])
        .select_related("organisation", "sector", "ward")
        .prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("id", "name", "slug")), "priority_groups"
        ),
        slug=slug,
    )
    today = timezone.localdate()
    is_open = opportunity.is_open_on(today)
    context = {
        "opportunity": opportunity,
        "is_open": is_open,
        "json_ld": jsonld.render(jsonld.for_opportunity(opportunity, request)),
    }
    if request.user.is_authenticated:
        user = request.user
        context |= {
            "eligibility": eligibility_for(opportunity=opportunity, profile=profile_for(user=user), today=today),
            "saved": SavedOpportunity.objects.filter(user=user, opportunity=opportunity).exists(),
            "application": Application.objects.filter(resident=user, opportunity=opportunity).first(),
        }
    return render(request, "opportunities/detail.html", context)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
