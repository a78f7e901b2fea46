from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_page, name="guidance_page"),
    path("healthz", views.healthz, name="healthz"),
]
