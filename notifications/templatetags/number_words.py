"""`in_words`: one to nine in words, as the Government Digital Service style guide writes them ("three new
applications"), larger numbers as numerals.

It gives humanize's `apnumber` answers, remembered per number and language: `apnumber` translates all nine words
on every call, and a digest run that writes tens of thousands of messages spent seconds there.
"""

from functools import lru_cache

from django import template
from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_words(value):
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 10:
        return apnumber(value)
    return _in_words(value, get_language())


@lru_cache(maxsize=64)
def _in_words(value: int, language: str | None) -> str:
    return apnumber(value)
