"""The portal's URLs plus the baseline: a bare view rendering the same base template."""

from django.shortcuts import render
from django.urls import include, path


def bare(request):
    return render(request, "base.html", {})


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
