from django.urls import path

from . import views

# `/account/` brings every app's part of a resident's account together; config/urls.py mounts it in the
# `accounts` namespace (`accounts:home`) beside sign-in and sign-up.
account_urlpatterns = [
    path("account/", views.account_home, name="home"),
]

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_page, name="guidance_page"),
    path("healthz", views.healthz, name="healthz"),
]
