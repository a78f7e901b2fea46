"""The partner admin's dates of courses and events: adding and changing them (through courses.services), who is
enrolled and waiting (as a page and a CSV download), and cancelling a date with a reason everyone on it is told.
Only the member's organisations' dates; anything else is a 404."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from courses.models import ACTIVE, HOLDS_A_PLACE, Attendance, CourseRun, Delivery, EnrolmentStatus, RunStatus
from courses.selectors import COURSE_KINDS, too_few_places, with_positions
from courses.services import attendance_record, enrolments_complete, run_cancel, run_save
from opportunities.models import Opportunity, Status
from organisations.access import organisations_of

from .sites import OrganisationScopedAdmin, https_urls, partner_site

RUN_FIELDS = [
    "opportunity",
    "starts_on",
    "ends_on",
    "days_and_times",
    "daytime",
    "evening",
    "weekend",
    "delivery",
    "online_tool",
    "test_link",
    "joining_link",
    "venue",
    "places",
    "enrolment_deadline",
    "cost",
    "concessions",
    "level",
    "entry_requirements",
    "what_you_will_learn",
    "what_you_need",
]


class CourseRunForm(forms.ModelForm):
    class Meta:
        model = CourseRun
        fields = RUN_FIELDS
        formfield_callback = https_urls

    def clean(self):
        cleaned = super().clean()
        delivery, starts, ends = cleaned.get("delivery"), cleaned.get("starts_on"), cleaned.get("ends_on")
        if delivery in (Delivery.ONLINE, Delivery.BLENDED) and not cleaned.get("online_tool"):
            self.add_error("online_tool", "Enter the online tool it runs on, like Zoom or Microsoft Teams")
        if delivery in (Delivery.CLASSROOM, Delivery.BLENDED) and not cleaned.get("venue"):
            self.add_error("venue", "Enter the address of the venue")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        deadline = cleaned.get("enrolment_deadline")
        if starts and deadline and deadline > starts:
            self.add_error("enrolment_deadline", "The last day to enrol must be on or before the start date")
        places = cleaned.get("places")
        if places is not None and (problem := too_few_places(self.instance, places)):
            self.add_error("places", problem)
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        help_text="Everyone enrolled or waiting is told this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why the date is cancelled"},
    )


@admin.register(CourseRun, site=partner_site)
class PartnerCourseRunAdmin(OrganisationScopedAdmin):
    organisation_path = "opportunity__organisation"
    form = CourseRunForm
    fields = RUN_FIELDS
    list_display = ["course", "starts", "delivery", "places", "taken", "waiting", "status"]
    list_filter = ["status", "delivery"]
    search_fields = ["opportunity__title"]
    list_select_related = ["opportunity"]
    readonly_fields = ["taking_part"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                held=Count("enrolments", filter=Q(enrolments__status__in=HOLDS_A_PLACE)),
                waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
            )
        )

    def get_fields(self, request, obj=None):
        return ["taking_part", *RUN_FIELDS] if obj else RUN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ["taking_part", "opportunity"] if obj else []  # a date stays with its course

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status != RunStatus.CANCELLED  # a cancelled date is only read

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "opportunity":
            kwargs["queryset"] = Opportunity.objects.filter(
                organisation__in=organisations_of(request.user),
                kind__in=COURSE_KINDS,
                status__in=[Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.PUBLISHED],
            ).order_by("title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        run_save(run=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        # A date someone has enrolled on or waited for is cancelled, not deleted: they are told why.
        return obj is None or not obj.enrolments.exists()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # The list's columns.

    @admin.display(description="Course or event", ordering="opportunity__title")
    def course(self, run):
        return run.opportunity.title

    @admin.display(description="Starts", ordering="starts_on")
    def starts(self, run):
        return run.starts_on.strftime("%-d %B %Y") if run.starts_on else "Flexible start"

    @admin.display(description="Places taken or offered")
    def taken(self, run):
        return run.held

    @admin.display(description="Waiting")
    def waiting(self, run):
        return run.waiting_count

    @admin.display(description="Who is taking part")
    def taking_part(self, run):
        people = reverse(f"{self.admin_site.name}:courses_courserun_people", args=[run.pk])
        download = reverse(f"{self.admin_site.name}:courses_courserun_people_csv", args=[run.pk])
        cancel = reverse(f"{self.admin_site.name}:courses_courserun_cancel", args=[run.pk])
        if run.status == RunStatus.CANCELLED:
            return format_html('<a href="{}">Who was enrolled and waiting</a>. This date is cancelled.', people)
        register = reverse(f"{self.admin_site.name}:courses_courserun_register", args=[run.pk])
        return format_html(
            '<a href="{}">Enrolled and waiting</a> · <a href="{}">Download as a spreadsheet (CSV)</a> · '
            '<a href="{}">Register and completion</a> · <a href="{}">Cancel this date</a>',
            people,
            download,
            register,
            cancel,
        )

    # Their own pages: the people, the CSV, cancelling.

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/people/", view(self.people_view), name=f"{name}_people"),
            path("<path:object_id>/people.csv", view(self.people_csv_view), name=f"{name}_people_csv"),
            path("<path:object_id>/cancel/", view(self.cancel_view), name=f"{name}_cancel"),
            path("<path:object_id>/register/", view(self.register_view), name=f"{name}_register"),
            *super().get_urls(),
        ]

    def _people(self, run):
        entries = run.enrolments.filter(status__in=[*ACTIVE, EnrolmentStatus.COMPLETED, EnrolmentStatus.RUN_CANCELLED])
        return list(with_positions(entries.select_related("resident").order_by("status", "pk")))

    def people_view(self, request, object_id):
        run = self.get_object(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Enrolled and waiting: {run.opportunity.title}",
            "opts": self.opts,
            "original": run,
            "run": run,
            "people": self._people(run),
            "csv_url": reverse(f"{self.admin_site.name}:courses_courserun_people_csv", args=[run.pk]),
            "change_url": reverse(f"{self.admin_site.name}:courses_courserun_change", args=[run.pk]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/courses/courserun/people.html", context)

    def people_csv_view(self, request, object_id):
        run = self.get_object(request, object_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{run.opportunity.slug}-{run.starts_on or 'flexible'}-people.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(["Name", "Email", "Status", "Place in waiting list", "Joined"])
        for entry in self._people(run):
            resident = entry.resident
            writer.writerow(
                [
                    _safe(resident.full_name if resident else "(account deleted)"),
                    _safe(resident.email if resident else ""),
                    entry.get_status_display(),
                    entry.ahead + 1 if entry.status == EnrolmentStatus.WAITING else "",
                    entry.joined_at.strftime("%Y-%m-%d %H:%M"),
                ]
            )
        return response

    def register_view(self, request, object_id):
        """One session's register (who came), and marking people as having completed the date."""
        run = self.get_object(request, object_id)
        site = self.admin_site.name
        register_url = reverse(f"{site}:courses_courserun_register", args=[run.pk])
        taking_part = run.enrolments.filter(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED])
        form = RegisterForm(request.POST if request.method == "POST" else {"on": request.GET.get("on") or ""})
        errors, status = [], 200
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "complete":
                    chosen = request.POST.getlist("completed")
                    done = enrolments_complete(run=run, enrolment_ids=chosen, by=request.user)
                    self.message_user(request, f"{done} marked as having completed it.", messages.SUCCESS)
                    return HttpResponseRedirect(register_url)
                if form.is_valid():
                    on = form.cleaned_data["on"]
                    present = request.POST.getlist("present")
                    came = attendance_record(run=run, on=on, present_ids=present, by=request.user)
                    self.message_user(request, f"Register for {on:%-d %B %Y} saved: {came} came.", messages.SUCCESS)
                    return HttpResponseRedirect(f"{register_url}?on={on.isoformat()}")
            except ValidationError as error:
                errors = error.messages
            status = 400
        on = form.cleaned_data.get("on") if form.is_bound and form.is_valid() else None
        marked = {a.enrolment_id: a.present for a in Attendance.objects.filter(enrolment__run=run, on=on)} if on else {}
        sessions = Count("attendance", filter=Q(attendance__present=True))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Register and completion: {run.opportunity.title}",
            "opts": self.opts,
            "original": run,
            "run": run,
            "form": form,
            "errors": errors,
            "on": on,
            "people": [
                (e, marked.get(e.pk)) for e in taking_part.select_related("resident").annotate(sessions=sessions)
            ],
            "change_url": reverse(f"{site}:courses_courserun_change", args=[run.pk]),
        }
        request.current_app = site
        return TemplateResponse(request, "admin/courses/courserun/register.html", context, status=status)

    def cancel_view(self, request, object_id):
        run = self.get_object(request, object_id)
        change_url = reverse(f"{self.admin_site.name}:courses_courserun_change", args=[run.pk])
        if run.status == RunStatus.CANCELLED:
            return HttpResponseRedirect(change_url)
        form = CancelForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    run_cancel(run=run, by=request.user, reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(request, f"The date of “{run.opportunity.title}” is cancelled.", messages.SUCCESS)
                    return HttpResponseRedirect(change_url)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": f"Cancel this date of {run.opportunity.title}",
            "opts": self.opts,
            "original": run,
            "run": run,
            "form": form,
            "people": run.enrolments.filter(status__in=ACTIVE).count(),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/courses/courserun/cancel.html", context, status=status)


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name starting "=", "+", "-" or "@")."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


class RegisterForm(forms.Form):
    on = forms.DateField(
        label="Session date",
        help_text="For example, 27 3 2027 or 2027-03-27",
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={"required": "Enter the session date", "invalid": "Enter the session date as a real date"},
    )
