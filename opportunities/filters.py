"""The catalogue's filters, one FilterSet for `/opportunities/` and its Atom feed.

Invalid values (`?kind=nope`, `?age=abc`) are dropped by the form and reported back to the person;
they never raise. The FilterSet runs over `SearchEntry` (see search.py); every column filtered here is in
its `search_entry_facets` covering index. No filter can match a listing twice (the many-to-many ones take
a single value), so none needs DISTINCT, which would stop PostgreSQL reading a page straight off an index.
"""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from . import search
from .models import Attendance, Kind, Level, Opportunity, PriorityGroup, Programme, Sector, Ward


class HoursBand:
    CHOICES = [
        ("up-to-16", "Up to 16 hours a week"),
        ("16-to-30", "16 to 30 hours a week"),
        ("30-plus", "More than 30 hours a week"),
    ]
    RANGES = {"up-to-16": (None, 16), "16-to-30": (16, 30), "30-plus": (30, None)}


SORT_CHOICES = [
    ("relevance", "Most relevant"),
    ("newest", "Newest"),
    ("closing", "Closing soonest"),
    ("pay", "Highest pay"),
]

CLOSING_CHOICES = [("7", "In the next 7 days"), ("30", "In the next 30 days")]


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


# What each list filter offers, for the message when a value isn't one of them ("Choose a sector ...").
CHOICE_NOUNS = {
    "kind": "a type of opportunity",
    "sector": "a sector",
    "programme": "a programme",
    "level": "a level",
    "pay": "a pay option",
    "hours": "the hours",
    "ward": "a ward",
    "online": "online or remote",
    "priority": "who it is open to",
    "closing": "a closing date",
    "sort": "how to sort the results",
}


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=5000)
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label="Type of opportunity", distinct=False)
    sector = django_filters.ModelMultipleChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", field_name="sector__slug", distinct=False, label="Sector"
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        method="filter_programme",
        label="Programme",
        empty_label="Any programme",
    )
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, label="Level", distinct=False)
    pay = django_filters.ChoiceFilter(
        choices=[("llw", "Pays at least the London Living Wage")], method="filter_pay", label="Pay", empty_label=None
    )
    hours = django_filters.ChoiceFilter(
        choices=HoursBand.CHOICES, method="filter_hours", label="Hours", empty_label="Any hours"
    )
    ward = django_filters.ModelChoiceFilter(
        queryset=Ward.objects.all(), to_field_name="slug", label="Ward", empty_label="Anywhere in Hackney"
    )
    online = django_filters.ChoiceFilter(
        choices=[("yes", "Online or remote only")], method="filter_online", label="Online", empty_label=None
    )
    age = WholeNumberFilter(method="filter_age", label="Your age", min_value=13, max_value=99)
    priority = django_filters.ModelChoiceFilter(
        queryset=PriorityGroup.objects.all(),
        to_field_name="slug",
        method="filter_priority",
        label="Open to",
        empty_label="Anyone",
    )
    closing = django_filters.ChoiceFilter(
        choices=CLOSING_CHOICES, method="filter_closing", label="Closing date", empty_label="Any time"
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_sort", label="Sort by", empty_label=None)

    class Meta:
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        for name, noun in CHOICE_NOUNS.items():
            message = f"Choose {noun} from the list"
            fields[name].error_messages.update(invalid_choice=message, invalid_list=message, invalid_pk_value=message)
        fields["age"].error_messages.update(
            invalid="Enter your age as a whole number, like 19",
            min_value="Your age must be 13 or more",
            max_value="Your age must be 99 or less",
        )
        fields["q"].error_messages.update(max_length="Search words must be 5,000 characters or fewer")

    def filter_q(self, queryset, name, value):
        return search.matching(queryset, value)

    def filter_programme(self, queryset, name, value):
        # A semi-join on the link table alone: joining through the wide listing rows would cost more.
        links = Opportunity.programmes.through.objects.filter(programme=value)
        return queryset.filter(opportunity_id__in=links.values("opportunity_id"))

    def filter_priority(self, queryset, name, value):
        links = Opportunity.priority_groups.through.objects.filter(prioritygroup=value)
        return queryset.filter(opportunity_id__in=links.values("opportunity_id"))

    def filter_pay(self, queryset, name, value):
        return queryset.filter(hourly_pay_min__gte=Decimal(settings.LONDON_LIVING_WAGE_HOURLY))

    def filter_hours(self, queryset, name, value):
        low, high = HoursBand.RANGES[value]
        if low is not None:
            queryset = queryset.filter(hours_per_week__gt=low)
        if high is not None:
            queryset = queryset.filter(hours_per_week__lte=high)
        return queryset

    def filter_online(self, queryset, name, value):
        return queryset.filter(attendance=Attendance.ONLINE)

    def filter_age(self, queryset, name, value):
        return queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=value), Q(max_age__isnull=True) | Q(max_age__gte=value)
        )

    def filter_closing(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(closing_date__gte=today, closing_date__lte=today + timedelta(days=int(value)))

    def filter_sort(self, queryset, name, value):
        # Ordering needs the search rank, so the selector applies it after filtering.
        return queryset

    def filter_except(self, queryset, skip: set[str]):
        """The queryset filtered by every valid filter but those in `skip`: the base for facet counts."""
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


# A listing opened from a search carries it (`?back=/opportunities/?q=care&kind=job`) so that its back link can
# return there (docs/decisions.md, "The way back to a search").
SEARCH_PARAMETERS = frozenset({*OpportunityFilter.base_filters, "page"})
SEARCH_PATH_MAX_LENGTH = 2000


def search_path(value: str) -> str:
    """`value` as an address of the search page with only the search's own parameters, in their order; "" for
    anything else (another site, another page, or a search with nothing in it). Only ever a path of this site:
    the path is ours, and only the parameters the search understands are kept."""
    if not value or len(value) > SEARCH_PATH_MAX_LENGTH:
        return ""
    parts = urlsplit(value)
    path = reverse("opportunities:list")
    if parts.scheme or parts.netloc or parts.path != path:
        return ""
    kept = QueryDict(mutable=True)
    for name, values in QueryDict(parts.query).lists():
        values = [value for value in values if value]
        if name in SEARCH_PARAMETERS and values:
            kept.setlist(name, values)
    return f"{path}?{kept.urlencode()}" if kept else ""
