from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, whose default site is the staff admin of config/admin.py."""

    default_site = "config.admin.StaffAdminSite"
