from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Partner organisations, who belongs to them, and the access rules that follow from that."""

    name = "organisations"
    verbose_name = "Organisations"
