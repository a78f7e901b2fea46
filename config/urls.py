from django.contrib import admin
from django.urls import include, path

from partners.admin import partner_site

admin.site.site_header = "Hackney Opportunities: council staff"
admin.site.site_title = "Hackney Opportunities staff admin"
admin.site.index_title = "Moderation and catalogue"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("partners/", partner_site.urls),
    path("opportunities/", include("opportunities.urls")),
    path("account/applications/", include("opportunities.account_urls")),
    path("", include("accounts.urls")),
    path("", include("residents.urls")),
    path("", include("notifications.urls")),
    path("", include("pages.urls")),
]
