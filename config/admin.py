"""The staff admin at /admin/: Django's admin site, with its "view on site" shortcut limited to the staff who
may see that kind of object there (the shortcut would otherwise send any staff account, an advisor included,
to the address of any object by its id: a draft listing's slug gives its title away)."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path


class StaffAdminSite(admin.AdminSite):
    site_header = "Hackney Opportunities: council staff"
    site_title = "Hackney Opportunities staff admin"
    index_title = "Moderation and catalogue"

    def get_urls(self):
        urls = [u for u in super().get_urls() if not (isinstance(u, URLPattern) and u.name == "view_on_site")]
        shortcut = path(
            "r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [shortcut, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        allowed = content_type is not None and any(
            request.user.has_perm(f"{content_type.app_label}.{action}_{content_type.model}")
            for action in ("view", "change")
        )
        if not allowed:
            raise PermissionDenied
        return contenttype_views.shortcut(request, content_type_id, object_id)
