from django.shortcuts import render

from .selectors import catalogue_search


def opportunity_list(request):
    result = catalogue_search(request.GET)
    return render(
        request, "opportunities/list.html", {"result": result, "querystring": _querystring_without_page(request)}
    )


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
