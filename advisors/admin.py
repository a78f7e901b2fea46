"""The staff admin's view of the advisors app: the case notes' audit, read only.

Staff see who read or changed a case's notes and when (never the notes themselves); nobody adds, changes or
deletes an entry here, whatever their permissions. Seeing it needs `advisors.view_caseauditentry`.
"""

from django.contrib import admin

from .models import CaseAuditEntry


@admin.register(CaseAuditEntry)
class CaseAuditEntryAdmin(admin.ModelAdmin):
    """Who read, added or changed a case's notes, by case number, person, action and date."""

    list_display = ["at", "case_number", "who_email", "action", "note_id"]
    list_filter = ["action", "at"]
    # A case number or an email address (the case number is kept even once the case is deleted).
    search_fields = ["=case_number", "who_email"]
    search_help_text = "Search by case number or email address."
    date_hierarchy = "at"
    show_full_result_count = False
    fields = ["at", "case_number", "case", "who", "who_email", "action", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
