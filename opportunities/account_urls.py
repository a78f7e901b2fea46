"""A resident's applications, under /account/applications/."""

from django.urls import path

from . import applying

app_name = "applications"

urlpatterns = [
    path("<int:pk>/", applying.application_detail, name="detail"),
    path("<int:pk>/withdraw/", applying.application_withdraw, name="withdraw"),
    path("<int:pk>/applied/", applying.application_applied, name="applied"),
    path("<int:pk>/cv/", applying.application_cv, name="cv"),
]
