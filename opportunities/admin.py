"""The staff admin for the catalogue: read-only listings, a moderation page, and the reference lists.

Staff never edit a partner's listing directly: every status change goes through opportunities.services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from organisations.access import can_moderate

from .forms import ModerationForm
from .models import Opportunity, PriorityGroup, Programme, Sector, Status, StatusChange, Ward
from .services import opportunity_approve, opportunity_reject, opportunity_request_changes


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff can look but not add, change or delete here: changes go through services or migrations."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "kind", "status", "closing_date", "status_changed_at", "review_link"]
    list_filter = ["status", "kind", "programmes", "sector"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    inlines = [StatusChangeInline]
    actions = ["approve_selected"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Review")
    def review_link(self, obj):
        if obj.status != Status.SUBMITTED:
            return "–"
        return format_html(
            '<a href="{}">Review</a>', reverse("admin:opportunities_opportunity_moderate", args=[obj.pk])
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="opportunities_opportunity_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        if not can_moderate(request.user):
            raise PermissionDenied
        opportunity = get_object_or_404(
            Opportunity.objects.select_related("organisation", "sector", "ward").prefetch_related("programmes"), pk=pk
        )
        form = ModerationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
            try:
                if decision == ModerationForm.APPROVE:
                    opportunity_approve(opportunity=opportunity, by=request.user)
                    text = f"“{opportunity}” is published."
                elif decision == ModerationForm.REQUEST_CHANGES:
                    opportunity_request_changes(opportunity=opportunity, by=request.user, message=message)
                    text = f"“{opportunity}” has been sent back to {opportunity.organisation} to change."
                else:
                    opportunity_reject(opportunity=opportunity, by=request.user, reason=message)
                    text = f"“{opportunity}” has been rejected."
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, text, messages.SUCCESS)
                return redirect(reverse("admin:opportunities_opportunity_changelist") + "?status__exact=submitted")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review “{opportunity}”",
            "opportunity": opportunity,
            "form": form,
            "history": opportunity.status_changes.select_related("by")[:20],
        }
        return TemplateResponse(
            request, "admin/opportunities/moderate.html", context, status=400 if form.errors else 200
        )

    @admin.action(description="Approve and publish selected listings", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        approved = skipped = 0
        for opportunity in queryset:
            try:
                opportunity_approve(opportunity=opportunity, by=request.user)
                approved += 1
            except ValidationError:
                skipped += 1
        self.message_user(request, f"{approved} listing(s) published.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} listing(s) were not waiting for review and were left as they were.",
                messages.WARNING,
            )

    def has_moderate_permission(self, request):
        return can_moderate(request.user)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Sector, PriorityGroup)
class NamedListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Ward)
class WardAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug"]
