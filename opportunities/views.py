from django.shortcuts import render

from .caching import shared_page
from .selectors import catalogue_search


@shared_page
def opportunity_list(request):
    result = catalogue_search(request.GET, version=request.catalogue_version)
    return render(
        request, "opportunities/list.html", {"result": result, "querystring": _querystring_without_page(request)}
    )


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
