"""The filters of /courses/: one FilterSet over the runs residents can still join. A course or event is listed when
one of its runs matches every filter chosen. Invalid values are dropped and reported, never raised."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from opportunities.models import Kind, Level, Sector

from .models import Delivery

STARTS_CHOICES = [("7", "In the next 7 days"), ("30", "In the next 30 days"), ("90", "In the next 3 months")]
TIME_CHOICES = [("daytime", "Daytime (weekdays before 5pm)"), ("evening", "Evenings"), ("weekend", "Weekends")]


class CourseRunFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        field_name="opportunity__kind",
        choices=[(Kind.COURSE.value, "Courses"), (Kind.EVENT.value, "Events")],
        label="Courses or events",
        distinct=False,
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="opportunity__sector",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        label="Subject",
        empty_label="Any subject",
    )
    level = django_filters.ChoiceFilter(
        choices=[(str(value), label) for value, label in Level.choices], label="Level", empty_label="Any level"
    )
    delivery = django_filters.MultipleChoiceFilter(choices=Delivery.choices, label="How it is taught", distinct=False)
    starts = django_filters.ChoiceFilter(
        choices=STARTS_CHOICES, method="filter_starts", label="Starts", empty_label="Any time"
    )
    free = django_filters.ChoiceFilter(
        choices=[("yes", "Free only")], method="filter_free", label="Cost", empty_label=None
    )
    time = django_filters.MultipleChoiceFilter(choices=TIME_CHOICES, method="filter_time", label="When")

    class Meta:
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nouns = {
            "kind": "courses or events",
            "sector": "a subject",
            "level": "a level",
            "delivery": "how it is taught",
            "starts": "when it starts",
            "free": "free only",
            "time": "when it runs",
        }
        for name, noun in nouns.items():
            message = f"Choose {noun} from the list"
            self.form.fields[name].error_messages.update(
                invalid_choice=message, invalid_list=message, invalid_pk_value=message
            )

    def filter_starts(self, queryset, name, value):
        # A flexible start can start within any window.
        latest = timezone.localdate() + timedelta(days=int(value))
        return queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=latest))

    def filter_free(self, queryset, name, value):
        return queryset.filter(cost=0)

    def filter_time(self, queryset, name, value):
        chosen = Q()
        for time in value:
            chosen |= Q(**{time: True})
        return queryset.filter(chosen)
