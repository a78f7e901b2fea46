from django.urls import path

from . import views
from .feeds import OpportunityFeed

app_name = "opportunities"

# The catalogue's own pages; a listing's page and applying join these in config/urls.py.
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("feed/", OpportunityFeed(), name="feed"),
]
