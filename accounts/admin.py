from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils import timezone

from .models import SignInThrottle, User, email_normalise
from .services import throttle_key


class NormalisedEmailMixin:
    """Staff type addresses as they come; they are stored as sign-up and sign-in expect them (lower case)."""

    def clean_email(self):
        return email_normalise(self.cleaned_data["email"])


class UserCreationForm(NormalisedEmailMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]

    def save(self, commit=True):
        # Staff add accounts for people who gave them their address (partners, colleagues): count it confirmed.
        self.instance.email_confirmed_at = timezone.now()
        return super().save(commit=commit)


class UserEditForm(NormalisedEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "email_confirmed_at", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        ("Roles and permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "email_confirmed_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    """Failed sign-ins. Rows hold hashes, so search takes a whole email or IP address; delete one to let that
    person try again now."""

    list_display = ["key", "failures", "last_failure_at", "next_attempt_at", "locked_until"]
    search_fields = ["key"]
    search_help_text = "Enter a whole email address or IP address"
    readonly_fields = list_display

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        keys = [throttle_key("email", email_normalise(term)), throttle_key("ip", term)]
        return queryset.filter(key__in=keys), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
