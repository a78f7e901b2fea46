from django.contrib import admin, messages

from .models import Notification, Preference
from .services import notifications_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Staff can see every notification and why any failed, and send failed ones again."""

    list_display = ["created_at", "recipient", "kind", "channel", "status", "attempts", "sent_at", "short_error"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["recipient__email", "key", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    show_full_result_count = False
    fields = [
        "recipient",
        "kind",
        "channel",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "read_at",
        "key",
        "link",
        "subject",
        "body",
        "context",
    ]
    readonly_fields = fields

    @admin.display(description="last error")
    def short_error(self, notification):
        return notification.last_error[:120]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed notifications again", permissions=["retry"])
    def send_again(self, request, queryset):
        count = notifications_retry(notifications=queryset, by=request.user)
        self.message_user(request, f"{count} notification(s) queued to send again.", messages.SUCCESS)

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_notification")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "kind", "channel", "updated_at"]

    def has_add_permission(self, request):
        return False
