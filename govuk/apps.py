from django.apps import AppConfig


class GovukConfig(AppConfig):
    """GOV.UK presentation shared by every app: form widgets and renderer, dates, Markdown prose."""

    name = "govuk"
    verbose_name = "GOV.UK presentation"
