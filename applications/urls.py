"""Two lists of routes, which config/urls.py mounts in the namespaces residents know them by.

`listing_urlpatterns` sit under /opportunities/ beside the catalogue's own (in the `opportunities` namespace:
`opportunities:detail`, `opportunities:apply`, ...); `urlpatterns` are a resident's applications under
/account/applications/ (the `applications` namespace).
"""

from django.urls import path

from . import views

listing_urlpatterns = [
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
    path("<slug:slug>/save/", views.save, name="save"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/apply/check/", views.apply_check, name="apply_check"),
    path("<slug:slug>/apply/sent/", views.apply_sent, name="apply_sent"),
]

app_name = "applications"

urlpatterns = [
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/applied/", views.application_applied, name="applied"),
    path("<int:pk>/cv/", views.application_cv, name="cv"),
]
