"""The advisors' URLs: booking at /appointments/, the workspace at /advisors/ and a resident's support at
/account/support/; config/urls.py mounts each list in its namespace."""

from .views import booking, cases, casework, referrals, workspace

# /appointments/ (namespace `appointments`): booking, and a resident's own appointments.
appointment_urlpatterns = booking.urlpatterns
# /advisors/ (namespace `advisors`): the workspace, referrals (self-referral included) and case pages.
advisor_urlpatterns = [*workspace.urlpatterns, *referrals.urlpatterns, *cases.urlpatterns, *casework.urlpatterns]
# /account/support/ (namespace `support`): a resident's support plan and the opportunities shared with them.
support_urlpatterns = cases.resident_urlpatterns
