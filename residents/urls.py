from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/profile/change/", views.profile_change, name="profile_change"),
    path("account/equality/", views.equality, name="equality"),
    path("account/equality/remove/", views.equality_delete, name="equality_delete"),
]
