"""The URL map. A namespace is the public name of a group of pages (`opportunities:detail`,
`accounts:home`); where the pages of one namespace are served by apps on different layers, it is assembled
here, at the top, so no app has to import an app above it."""

from django.contrib import admin
from django.urls import include, path

import accounts.urls
import advisors.urls
import applications.urls
import courses.urls
import matching.views
import opportunities.urls
import pages.urls
import privacy.urls
from partners.sites import partner_site

# The catalogue's search and feed, then a listing's page and applying for it.
opportunities_urls = [*opportunities.urls.urlpatterns, *applications.urls.listing_urlpatterns]
# Signing up and in, the account page that gathers every app's part, and a person's rights over their data.
accounts_urls = [*accounts.urls.urlpatterns, *pages.urls.account_urlpatterns, *privacy.urls.urlpatterns]
# The advisors' workspace, then the matches on their caseload (match alerts sit above the advisors' app).
advisors_urls = [*advisors.urls.advisor_urlpatterns, *matching.views.advisor_urlpatterns]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("partners/", partner_site.urls),
    path("opportunities/", include((opportunities_urls, "opportunities"))),
    path("courses/", include((courses.urls.urlpatterns, "courses"))),
    path("account/applications/", include("applications.urls")),
    path("account/enrolments/", include((courses.urls.enrolment_urlpatterns, "enrolments"))),
    path("account/support/", include((advisors.urls.support_urlpatterns, "support"))),
    path("appointments/", include((advisors.urls.appointment_urlpatterns, "appointments"))),
    path("advisors/", include((advisors_urls, "advisors"))),
    path("", include((matching.views.urlpatterns, "alerts"))),
    path("", include((accounts_urls, "accounts"))),
    path("", include("residents.urls")),
    path("", include("notifications.urls")),
    path("", include("pages.urls")),
]
