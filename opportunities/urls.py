from django.urls import path

from . import applying, views
from .feeds import OpportunityFeed

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("feed/", OpportunityFeed(), name="feed"),
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
    path("<slug:slug>/save/", applying.save, name="save"),
    path("<slug:slug>/apply/", applying.apply, name="apply"),
    path("<slug:slug>/apply/check/", applying.apply_check, name="apply_check"),
    path("<slug:slug>/apply/sent/", applying.apply_sent, name="apply_sent"),
]
