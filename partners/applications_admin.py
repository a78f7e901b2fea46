"""Applications to a partner's listings, in the partner admin at /partners/applications/application/.

A member sees only `Application.objects.for_partner(user)`: sent applications made on the portal to their
organisations' listings. Anything else (another organisation's, a draft, one made on the partner's own site)
is a 404 in every view, the CV download included. Every move goes through `application_move`, which records
the history and tells the resident; this module only asks, shows and reports.
"""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from applications.files import cv_download
from applications.models import VISIBLE_TO_PARTNERS, Application, ApplicationStatus
from applications.services import PARTNER_MOVES_FROM, PARTNER_MOVES_TO, application_move, partner_moves
from govuk.dates import govuk_datetime
from opportunities.models import Opportunity

from .sites import OrganisationScopedAdmin, partner_site

A = ApplicationStatus
DELETED_ACCOUNT = "Details removed"
# Steps an applicant takes themselves; any other step was taken by someone at the organisation.
APPLICANT_STEPS = {A.SUBMITTED, A.LEFT_TO_APPLY, A.WITHDRAWN}
LIST_TITLE = "Applications to your listings"
# Each bulk move is a transaction and a message to a resident: a few pages' worth per click, not "all 10,000".
BULK_LIMIT = 200

# What a partner ticks, in GOV.UK wording (the statuses' own labels are written for the resident).
MOVE_CHOICES = {
    A.REVIEWING: "Reviewing: you are looking at the application",
    A.SHORTLISTED: "Shortlisted",
    A.INTERVIEW: "Invite to interview (give the date, time and place below)",
    A.OFFERED: "Offer a place",
    A.STARTED: "Started: they have begun with you",
    A.UNSUCCESSFUL: "Unsuccessful (you can add feedback below)",
}


def _who(event) -> str:
    if event.to_status in APPLICANT_STEPS:
        return "The applicant"
    if event.by is None:
        return "A former member of your organisation"
    return event.by.full_name or event.by.email


def applicant_name(application: Application) -> str:
    resident = application.resident
    if resident is None:
        return DELETED_ACCOUNT
    return resident.full_name or resident.email


class ListingFilter(admin.SimpleListFilter):
    """By listing: only listings of the member's organisations that have applications the member can see.

    Django's RelatedFieldListFilter would offer every listing in the table, other organisations' titles too.
    """

    title = "listing"
    parameter_name = "listing"

    def lookups(self, request, model_admin):
        visible = Application.objects.for_partner(request.user).filter(opportunity=OuterRef("pk"))
        listings = Opportunity.objects.for_partner(request.user).filter(Exists(visible))
        return list(listings.order_by("title", "pk").values_list("pk", "title"))

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(opportunity_id=int(value))  # the queryset is already the member's own


class StatusFilter(admin.SimpleListFilter):
    """By status: only the statuses a partner can see (never drafts or "went to apply")."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in VISIBLE_TO_PARTNERS]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in {status.value for status in VISIBLE_TO_PARTNERS}:
            return queryset.none()
        return queryset.filter(status=value)


class ApplicationChangeList(ChangeList):
    """The page in two steps: its ids, then only those rows with the columns the list shows.

    For the usual orders the first is an index-only scan of the member's listings' applications (no names
    joined, no answers or statements read); the second reads the page's rows and their applicant and listing.
    """

    COLUMNS = (
        "id",
        "status",
        "submitted_at",
        "opportunity",
        "resident",
        "opportunity__title",
        "resident__full_name",
        "resident__email",
    )

    def get_results(self, request):
        super().get_results(request)
        ids = list(self.result_list.values_list("pk", flat=True))
        rows = self.root_queryset.filter(pk__in=ids).select_related(*self.list_select_related).only(*self.COLUMNS)
        by_id = {row.pk: row for row in rows}
        self.result_list = [by_id[pk] for pk in ids if pk in by_id]

    def url_for_result(self, result):
        # One reverse() for the page, not one per row.
        if not hasattr(self, "_change_url_prefix"):
            self._change_url_prefix = reverse(f"{self.model_admin.admin_site.name}:applications_application_changelist")
        return f"{self._change_url_prefix}{result.pk}/change/"


class MoveForm(forms.Form):
    """Where to move an application, and the details the move needs (the service has the last word)."""

    to = forms.ChoiceField(
        label="Move this application to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where to move the application",
            "invalid_choice": "Select where to move the application",
        },
    )
    interview_date = forms.DateField(
        label="Interview date",
        required=False,
        help_text="For example, 27/3/2027.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Interview date must be a real date, like 27/3/2027"},
    )
    interview_time = forms.TimeField(
        label="Interview time",
        required=False,
        help_text="For example, 14:30 or 2:30pm.",
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I%p", "%I %p"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Interview time must be a real time, like 14:30 or 2:30pm"},
    )
    interview_place = forms.CharField(
        label="Where the interview will be",
        required=False,
        max_length=200,
        help_text="An address, or how you will meet (for example, a video call: say how they will get the link).",
        error_messages={"max_length": "Where the interview will be must be 200 characters or fewer"},
    )
    feedback = forms.CharField(
        label="Feedback for the applicant (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only for unsuccessful applications. We send it to the applicant with the news, so be kind "
        "and specific: what would make their next application stronger?",
        error_messages={"max_length": "Feedback must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(status.value, MOVE_CHOICES[status]) for status in self.moves_for(application)]

    @staticmethod
    def moves_for(application: Application) -> list:
        """The moves worth offering from where the application is (the service still checks each one)."""
        return partner_moves(application.status) or list(PARTNER_MOVES_TO)  # none: the service says why

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("to")
        if to == A.INTERVIEW:
            if not cleaned.get("interview_date") and "interview_date" not in self.errors:
                self.add_error("interview_date", "Enter the date of the interview")
            if not cleaned.get("interview_time") and "interview_time" not in self.errors:
                self.add_error("interview_time", "Enter the time of the interview")
            if not (cleaned.get("interview_place") or "").strip() and "interview_place" not in self.errors:
                self.add_error("interview_place", "Enter where the interview will be")
            day = cleaned.get("interview_date")
            if day and day < timezone.localdate():
                self.add_error("interview_date", "Interview date must be today or in the future")
        if to and to != A.UNSUCCESSFUL and (cleaned.get("feedback") or "").strip():
            self.add_error(
                "feedback",
                "Feedback is only sent with an unsuccessful decision: clear it, or choose unsuccessful",
            )
        return cleaned

    def interview_at(self):
        day, moment = self.cleaned_data.get("interview_date"), self.cleaned_data.get("interview_time")
        if self.cleaned_data.get("to") != A.INTERVIEW or not (day and moment):
            return None
        return timezone.make_aware(datetime.combine(day, moment))


class PartnerApplicationAdmin(OrganisationScopedAdmin):
    organisation_path = "opportunity__organisation"
    list_display = ["applicant", "listing", "status", "sent"]
    list_display_links = ["applicant"]
    list_filter = [ListingFilter, StatusFilter]
    list_select_related = ["opportunity", "resident"]
    search_fields = ["resident__full_name"]
    search_help_text = "Search by the applicant's name."
    ordering = ["-submitted_at", "-id"]
    list_per_page = 50
    show_full_result_count = False  # one count per page, not two
    show_facets = admin.ShowFacets.NEVER
    actions = ["move_to_reviewing", "move_to_shortlisted", "mark_unsuccessful"]
    review_template = "admin/applications/application/review.html"

    # Who may see what: the queryset is the rule; add and delete do not exist here.

    def get_queryset(self, request):
        return Application.objects.for_partner(request.user).order_by(*self.ordering)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        raise Http404("Not found")

    def delete_view(self, request, object_id, extra_context=None):
        raise Http404("Not found")

    def history_view(self, request, object_id, extra_context=None):
        # The status history is on the application's own page; Django's log of admin edits says nothing here.
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404("Not found")
        return HttpResponseRedirect(self._change_url(application) + "#history")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_cv"
        return [
            path("<path:object_id>/cv/", self.admin_site.admin_view(self.cv_view), name=name),
            *super().get_urls(),
        ]

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": LIST_TITLE, **(extra_context or {})})

    # The list's columns.

    @admin.display(description="Select")
    def action_checkbox(self, application):
        # Django renders this through the form renderer's templates, a template per row; a string is enough.
        label = f"Select the application by {applicant_name(application)}"
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            application.pk,
            label,
        )

    @admin.display(description="Applicant", ordering="resident__full_name")
    def applicant(self, application):
        return applicant_name(application)

    @admin.display(description="Listing", ordering="opportunity__title")
    def listing(self, application):
        return application.opportunity.title

    @admin.display(description="Sent", ordering="submitted_at")
    def sent(self, application):
        return govuk_datetime(application.submitted_at)

    # The application's page: read-only, with the one thing a partner does to it (move it on).

    def _change_url(self, application) -> str:
        return reverse(f"{self.admin_site.name}:applications_application_change", args=[application.pk])

    def _scoped(self, request, object_id) -> Application:
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            raise Http404("Not found") from None
        application = (
            self.get_queryset(request).select_related("opportunity__organisation", "resident").filter(pk=pk).first()
        )
        if application is None:
            raise Http404("Not found")
        return application

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._scoped(request, object_id)
        form = MoveForm(request.POST if request.method == "POST" else None, application=application)
        if request.method == "POST" and form.is_valid():
            try:
                application_move(
                    application=application,
                    to=form.cleaned_data["to"],
                    by=request.user,
                    interview_at=form.interview_at(),
                    interview_place=form.cleaned_data["interview_place"] if form.interview_at() else "",
                    feedback=form.cleaned_data["feedback"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                to = A(form.cleaned_data["to"])
                self.message_user(
                    request,
                    f"{applicant_name(application)}'s application is now: {to.label.lower()}. "
                    "We have told them in their account, and by email unless they chose not to get emails.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(application))
        return self._render_change(request, application, form, status=400 if form.errors else 200)

    def _render_change(self, request, application, form, *, status):
        history = list(application.history.select_related("by").order_by("at", "id"))
        for event in history:
            event.when, event.interview_when = (
                govuk_datetime(event.at),
                govuk_datetime(event.interview_at, weekday=True),
            )
            event.who = _who(event)
        withdrawn = application.status == A.WITHDRAWN
        name = applicant_name(application)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Application from {name}",
            "subtitle": application.opportunity.title,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": application,
            "application": application,
            "applicant_name": name,
            "withdrawn": withdrawn,
            "sent_when": govuk_datetime(application.submitted_at),
            "interview_when": govuk_datetime(application.interview_at, weekday=True),
            "history": history,
            "form": form,
            "can_move": application.status in PARTNER_MOVES_FROM,
            "cv_url": reverse(f"{self.admin_site.name}:applications_application_cv", args=[application.pk])
            if application.cv and not withdrawn
            else "",
            "changelist_url": reverse(f"{self.admin_site.name}:applications_application_changelist"),
            "interview": A.INTERVIEW.value,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_template, context, status=status)

    def cv_view(self, request, object_id):
        """The CV, to members of the listing's organisation only (404 for anyone else, or no CV)."""
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404("Not found") from None
        application = self.get_queryset(request).filter(pk=pk).exclude(status=A.WITHDRAWN).first()
        if application is None or not application.cv:
            raise Http404("Not found")  # withdrawn: the applicant took their CV back
        try:
            return cv_download(application)
        except FileNotFoundError:
            raise Http404("Not found") from None

    # Bulk moves: only those that need no details. Interviews, offers and starts go one at a time.

    def _move_each(self, request, queryset, to: A, done: str):
        if queryset.count() > BULK_LIMIT:
            self.message_user(
                request,
                f"You can move up to {BULK_LIMIT} applications at a time. Filter the list or select fewer.",
                messages.ERROR,
            )
            return
        moved, skipped = 0, []
        for application in queryset.select_related("resident"):
            try:
                with transaction.atomic():
                    application_move(application=application, to=to, by=request.user)
            except (ValidationError, PermissionDenied):
                application.refresh_from_db(fields=["status"])
                skipped.append(f"{applicant_name(application)} ({application.get_status_display().lower()})")
            else:
                moved += 1
        message = f"{moved} {done}."
        if skipped:
            shown = "; ".join(skipped[:10]) + (f"; and {len(skipped) - 10} more" if len(skipped) > 10 else "")
            message += f" {len(skipped)} could not be moved: {shown}."
        self.message_user(request, message, messages.WARNING if skipped else messages.SUCCESS)

    @admin.action(description="Move to reviewing")
    def move_to_reviewing(self, request, queryset):
        self._move_each(request, queryset, A.REVIEWING, "moved to reviewing")

    @admin.action(description="Move to shortlisted")
    def move_to_shortlisted(self, request, queryset):
        self._move_each(request, queryset, A.SHORTLISTED, "moved to shortlisted")

    @admin.action(description="Mark as unsuccessful (no feedback)")
    def mark_unsuccessful(self, request, queryset):
        self._move_each(request, queryset, A.UNSUCCESSFUL, "marked as unsuccessful")


partner_site.register(Application, PartnerApplicationAdmin)
# The partner's home page leads with their applicants (templates/partners/index.html).
partner_site.index_template = "partners/index.html"
