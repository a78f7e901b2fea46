"""Dates and times in GOV.UK style, for text written in Python (messages, notifications); templates use `date`."""

from django.utils import timezone


def govuk_time(moment) -> str:
    """ "9:48am", "2:30pm" (London time)."""
    local = timezone.localtime(moment)
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(moment, *, weekday: bool = False) -> str:
    """ "1 December 2026 at 2:30pm", or with the weekday "Tuesday 1 December 2026 at 2:30pm"; "" for None."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = f"{local:%A} " if weekday else ""
    return f"{day}{local.day} {local:%B %Y} at {govuk_time(local)}"
