from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("account/notifications/", views.inbox, name="inbox"),
    path("account/notifications/<int:pk>/", views.notification_detail, name="detail"),
    path("account/notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("account/notifications/settings/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
