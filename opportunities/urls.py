from django.urls import path

from . import views
from .feeds import OpportunityFeed

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("feed/", OpportunityFeed(), name="feed"),
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
]
