"""Reads behind referrals and the caseload: who counts as an advisor, a resident's waiting referral and open case,
the triage queue, and an advisor's caseload with its filters."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from govuk.forms import GovukCheckboxSelectMultiple
from opportunities.models import PriorityGroup

from ..availability import LONDON
from ..models import AdvisorProfile, Case, ContactMethod, Referral

CASELOAD_PAGE_SIZE = 50
# The ways of contact that need a telephone number.
BY_PHONE = (ContactMethod.PHONE, ContactMethod.TEXT)


def advisors_all() -> QuerySet[AdvisorProfile]:
    """Every advisor: an active account in the Advisors group with a profile, taking bookings or not, by name."""
    return (
        AdvisorProfile.objects.filter(user__is_active=True, user__groups__name=Role.ADVISOR.value)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )


def lead_advisor_choices(*, advisor: AdvisorProfile) -> QuerySet[AdvisorProfile]:
    """The advisors a referral can be given to, the one choosing first, then everyone else by name."""
    return (
        advisors_all()
        .annotate(is_me=SqlCase(When(pk=advisor.pk, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("is_me", "user__full_name", "user__email", "pk")
    )


def waiting_referral_of(user) -> Referral | None:
    """The resident's referral still waiting for an advisor, if they have one (at most one: a constraint)."""
    return Referral.objects.filter(resident_id=user.pk, status=Referral.Status.WAITING).first()


def open_case_of(user) -> Case | None:
    """The resident's open case, with its lead advisor, if they have one (at most one: a constraint)."""
    return Case.objects.open().filter(resident_id=user.pk).select_related("lead_advisor__user").first()


def _with_people(referrals: QuerySet) -> QuerySet:
    return referrals.select_related("resident__resident_profile", "referred_by", "organisation")


def _for_triage(referral: Referral, today: date) -> Referral:
    """With `days_waiting` (whole London days since it arrived) and `calls` (it asks for a call or a text)."""
    referral.days_waiting = (today - referral.created_at.astimezone(LONDON).date()).days
    referral.calls = referral.contact_method in BY_PHONE
    return referral


def triage_queue(*, today: date) -> list[Referral]:
    """The referrals waiting for an advisor, oldest first (one query)."""
    referrals = _with_people(Referral.objects.filter(status=Referral.Status.WAITING)).order_by("created_at", "pk")
    return [_for_triage(referral, today) for referral in referrals]


def referral_for_triage(referral_id: int, *, user, today: date) -> Referral | None:
    """A referral as the triage page shows it, if this advisor may see it: any advisor while it waits (any advisor
    may triage), then only the advisors on the case it became and whoever assigned or closed it. What people wrote
    in it is often about their health: once triaged, it is the case's to keep."""
    reachable = (
        Q(status=Referral.Status.WAITING)
        | Q(case__in=Case.objects.for_advisor(user))
        | Q(assigned_by=user)
        | Q(closed_by=user)
    )
    referral = (
        _with_people(Referral.objects.select_related("case__lead_advisor__user"))
        .filter(reachable, pk=referral_id)
        .first()
    )
    return None if referral is None else _for_triage(referral, today)


def referral_for_triage_or_404(referral_id: int, *, user, today: date) -> Referral:
    """`referral_for_triage`, or a 404 for a referral this advisor may not see (or none)."""
    referral = referral_for_triage(referral_id, user=user, today=today)
    if referral is None:
        raise Http404("No such referral")
    return referral


# The caseload ---------------------------------------------------------------------------------------

QUIET_DAYS = 28


class Due:
    OVERDUE = "overdue"
    WEEK = "week"
    CHOICES = [(OVERDUE, "Overdue"), (WEEK, "Due in the next 7 days")]


def _choose(noun):
    message = f"Choose {noun} from the list"
    return {"invalid_choice": message, "invalid_list": message, "invalid_pk_value": message}


class CaseloadFilter(django_filters.FilterSet):
    """Search and filters of the caseload; a value that is not one of the choices is an error, never a 500."""

    q = django_filters.CharFilter(method="filter_q", label="Name or email address", max_length=200)
    priority = django_filters.ModelMultipleChoiceFilter(
        queryset=PriorityGroup.objects.all(),
        to_field_name="slug",
        method="filter_priority",
        label="Priority group",
        widget=GovukCheckboxSelectMultiple,
    )
    due = django_filters.MultipleChoiceFilter(
        choices=Due.CHOICES, method="filter_due", label="Next step", widget=GovukCheckboxSelectMultiple
    )
    quiet = django_filters.MultipleChoiceFilter(
        choices=[("yes", "No contact in the last 4 weeks")],
        method="filter_quiet",
        label="Last contact",
        widget=GovukCheckboxSelectMultiple,
    )
    mine = django_filters.MultipleChoiceFilter(
        choices=[("yes", "Only cases I lead")],
        method="filter_mine",
        label="Lead advisor",
        widget=GovukCheckboxSelectMultiple,
    )

    class Meta:
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        fields = self.form.fields
        fields["q"].error_messages["max_length"] = "Search words must be 200 characters or fewer"
        for name, noun in (("priority", "a priority group"), ("due", "when the next step is due")):
            fields[name].error_messages.update(_choose(noun))
        for name in ("quiet", "mine"):
            fields[name].error_messages.update(_choose("the tick box"))

    def filter_q(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(resident__full_name__icontains=word) | Q(resident__email__icontains=word))
        return queryset

    def filter_priority(self, queryset, name, value):
        if not value:  # nothing ticked: an empty queryset, which django-filter does not skip as it does ""
            return queryset
        # A semi-join on the link table: a case in two of the groups is still listed once.
        links = Case.priority_groups.through.objects.filter(prioritygroup__in=value)
        return queryset.filter(pk__in=links.values("case_id"))

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        due = Q()
        if Due.OVERDUE in value:
            due |= Q(next_step_due__lt=today)
        if Due.WEEK in value:
            due |= Q(next_step_due__gte=today, next_step_due__lte=today + timedelta(days=7))
        return queryset.filter(due)

    def filter_quiet(self, queryset, name, value):
        since = timezone.now() - timedelta(days=QUIET_DAYS)
        return queryset.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(lead_advisor__user=self.user)


@dataclass
class Caseload:
    """One page of an advisor's open cases, the filters as chosen, and the problems with them (for a 400)."""

    filterset: CaseloadFilter
    page: Page
    errors: list[dict] = field(default_factory=list)


def caseload(*, user, data) -> Caseload:
    """The open cases the advisor works on, filtered and sorted by next step due (none last) then name, 50 a page:
    a count, the page, and one query for the page's priority groups, however many cases there are."""
    cases = (
        Case.objects.for_advisor(user)
        .open()
        .select_related("resident", "lead_advisor__user")
        .prefetch_related("priority_groups")
        .order_by(F("next_step_due").asc(nulls_last=True), "resident__full_name", "resident__email", "pk")
    )
    filterset = CaseloadFilter(data, queryset=cases, user=user)
    filterset.is_valid()  # invalid values are left out of the filtering and reported in `errors`
    errors = [
        {"href": f"#{filterset.form[name].auto_id}{'' if name == 'q' else '_0'}", "text": message}
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]
    page = Paginator(filterset.qs, CASELOAD_PAGE_SIZE).get_page(data.get("page"))
    return Caseload(filterset=filterset, page=page, errors=errors)
