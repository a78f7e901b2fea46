"""Your data and deleting your account; mounted in the `accounts` namespace by config/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("account/data/", views.data, name="data"),
    path("account/data.json", views.data_json, name="data_json"),
    path("account/delete/", views.delete, name="delete"),
]
