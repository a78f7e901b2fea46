"""The partner admin at /partners/: Django's admin scoped to the signed-in member's organisations.

Every queryset is filtered by membership (organisations.access), and an object outside it is a 404 (never a
redirect or 403 that confirms it exists).
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import URLPattern

from organisations.access import is_partner, scoped_to_member


class PartnerAuthenticationForm(AdminAuthenticationForm):
    """Sign-in for the partner admin: any active member of an organisation, staff or not."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address and password. Both may be case-sensitive.",
        "not_member": (
            "This account is not a member of a partner organisation. Ask the council's employment team to add you."
        ),
    }

    def confirm_login_allowed(self, user):
        if not is_partner(user):
            raise ValidationError(self.error_messages["not_member"], code="not_member")


class PartnerAdminSite(admin.AdminSite):
    site_header = "Hackney Opportunities for partners"
    site_title = "Hackney Opportunities for partners"
    index_title = "Your organisation's listings"
    site_url = "/"
    login_form = PartnerAuthenticationForm
    enable_nav_sidebar = False

    def has_permission(self, request):
        return is_partner(request.user)

    def get_urls(self):
        # The "view on site" shortcut resolves any object by id; partners must not be able to probe ids with it.
        return [u for u in super().get_urls() if not (isinstance(u, URLPattern) and u.name == "view_on_site")]


partner_site = PartnerAdminSite(name="partners")


class OrganisationScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin for the partner site: only the member's organisations' rows, 404 for anything else."""

    organisation_path = "organisation"
    view_on_site = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return scoped_to_member(super().get_queryset(request), request.user, path=self.organisation_path)

    def get_object(self, request, object_id, from_field=None):
        # Outside the member's organisations (or no such row at all): a plain 404 in every view that shows one.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Not found")
        return obj

    def has_module_permission(self, request):
        return True

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return False


def https_urls(field, **kwargs):
    """Form fields for a model, with web addresses typed without a scheme taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)
