"""The partner admin's listings and organisation pages, and the staff admin's Organisation pages (with their
members, changed only through the membership services)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

from accounts.models import User, email_normalise
from opportunities.models import EMPLOYMENT_PLAN_FIELDS, Opportunity, Status
from opportunities.services import SUBMITTABLE_FROM, opportunity_archive, opportunity_submit
from organisations.access import can_manage_organisation, organisations_of
from organisations.models import Membership, MembershipChange, Organisation
from organisations.services import membership_add, membership_change_role, membership_remove

from . import (
    applications_admin,  # noqa: F401  (registers the applicants' pages on the partner site)
    courses_admin,  # noqa: F401  (registers the courses' dates on the partner site)
)
from .services import organisation_save
from .sites import OrganisationScopedAdmin, https_urls, partner_site

# The partner's listing form, in the order a partner thinks about it.
LISTING_FIELDSETS = [
    (
        "The opportunity",
        {
            "fields": ["kind", "title", "summary", "description", "sector", "programmes", "level"],
            "description": "When you save, the listing goes to Hackney Council to check before residents can see it.",
        },
    ),
    ("Where", {"fields": ["attendance", "address", "postcode", "ward"]}),
    (
        "Pay and hours",
        {
            "fields": [
                "pay_min",
                "pay_max",
                "pay_period",
                "hours_per_week",
                "working_pattern",
                "contract_type",
                "duration",
                "positions",
            ]
        },
    ),
    ("Dates", {"fields": ["start_date", "flexible_start", "end_date", "closing_date"]}),
    (
        "Who can apply",
        {"fields": ["min_age", "max_age", "hackney_connection_required", "priority_groups", "adjustments_offered"]},
    ),
    (
        "How to apply",
        {
            "fields": [
                "apply_method",
                "apply_url",
                "apply_email",
                "screening_question_1",
                "screening_question_2",
                "screening_question_3",
            ]
        },
    ),
    (
        "Employment plan",
        {
            "fields": ["plan_tasks", "plan_hours_pattern", "plan_supervisor", "plan_adjustments"],
            "description": "Needed for paid work placements and supported internships. "
            "Residents can read it on the listing.",
        },
    ),
]

REVIEW_FIELDSET = (
    "Review",
    {
        "fields": ["status", "moderation_message"],
        "description": "Saving this listing sends it to Hackney Council to check before it goes live.",
    },
)


class PartnerOpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [name for _, options in LISTING_FIELDSETS for name in options["fields"]]
        formfield_callback = https_urls

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations or [])
        if len(self.organisations) > 1:
            self.fields["organisation_choice"] = forms.ModelChoiceField(
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in self.organisations]),
                label="Organisation",
                initial=self.instance.organisation_id if self.instance.pk else None,
            )

    def clean(self):
        cleaned = super().clean()
        if len(self.organisations) == 1:
            self.instance.organisation = self.organisations[0]
        elif cleaned.get("organisation_choice"):
            self.instance.organisation = cleaned["organisation_choice"]
        probe = Opportunity(
            kind=cleaned.get("kind"),
            **{name: cleaned.get(name) or "" for name in EMPLOYMENT_PLAN_FIELDS},
        )
        for name in probe.missing_employment_plan_fields():
            self.add_error(
                name,
                f"Enter the {Opportunity._meta.get_field(name).verbose_name} of the employment plan: "
                "work placements and supported internships need one before they can be reviewed.",
            )
        return cleaned


@admin.register(Opportunity, site=partner_site)
class PartnerOpportunityAdmin(OrganisationScopedAdmin):
    form = PartnerOpportunityForm
    list_display = ["title", "kind", "status", "closing_date", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    readonly_fields = ["status", "moderation_message"]
    actions = ["archive_selected"]
    fieldsets = [REVIEW_FIELDSET, *LISTING_FIELDSETS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if organisations_of(request.user).count() > 1:
            fieldsets.insert(1, ("Organisation", {"fields": ["organisation_choice"]}))
        if obj is None:
            fieldsets = fieldsets[1:]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = PartnerOpportunityForm.Meta.fields  # not the fieldsets, which name non-model fields
        form_class = super().get_form(request, obj, change, **kwargs)
        organisations = list(organisations_of(request.user))

        class BoundOrganisationsForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, organisations=organisations, **inner)

        return BoundOrganisationsForm

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple  # a short list: tick boxes beat a multi-select
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Rejected and archived listings can be read but not resubmitted: the view shows them read-only.
        return obj is None or obj.status in SUBMITTABLE_FROM

    def save_model(self, request, obj, form, change):
        opportunity_submit(opportunity=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"“{obj}” has been sent to the council to review.", messages.SUCCESS)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Archive selected listings (take them off the portal)")
    def archive_selected(self, request, queryset):
        archived = 0
        for opportunity in queryset.exclude(status=Status.ARCHIVED):
            opportunity_archive(opportunity=opportunity, by=request.user)
            archived += 1
        self.message_user(request, f"{archived} listing(s) archived.", messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deleting goes one listing at a time, drafts only
        return actions

    def has_delete_permission(self, request, obj=None):
        # Only a listing that has never been public can be deleted; the rest are archived to keep history.
        return obj is None or obj.published_at is None


@admin.register(Organisation, site=partner_site)
class PartnerOrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = ""
    fields = ["name", "type", "website", "hackney_based", "disability_confident", "charity_number", "company_number"]
    # What residents are told about an organisation (its name and badges) is the council's to check.
    readonly_fields = ["name", "type", "hackney_based", "disability_confident"]
    list_display = ["name", "type", "hackney_based", "disability_confident"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return True
        return can_manage_organisation(request.user, obj.pk)

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj, by=request.user)


class MembershipForm(forms.ModelForm):
    """A member by their email address: typed to add someone, shown for the others (one query for the whole list,
    where a person picker would ask for each row's name)."""

    user = forms.EmailField(label="Email address", error_messages={"required": "Enter the person's email address"})

    class Meta:
        model = Membership
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["user"] = self.instance.user.email

    def clean_user(self):
        user = User.objects.filter(email=email_normalise(self.cleaned_data["user"]), is_active=True).first()
        if user is None:
            raise forms.ValidationError("There is no account with this email address: ask the person to sign up first")
        return user


class MembershipFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if "user" in form.changed_data:
                # A membership is added, removed or has its role changed; handing it to someone else is not a move
                # the history could tell apart from a mistake.
                form.add_error("user", "To give someone else access, add them as a new member and remove this one")


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs each have a name: Django's table names a field once, in the column heading,
    and leaves the row's inputs unnamed for screen readers (axe's `label` and `select-name`). Each input is named
    after its column and its row, e.g. "Role, sam@example.test in Lea Bridge Builders (Member)"."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = form.instance if form.instance.pk else f"new {self.model._meta.verbose_name}"
                for name, field in form.fields.items():
                    widget = field.widget
                    if isinstance(widget, RelatedFieldWidgetWrapper):
                        widget = widget.widget  # the wrapper's own attrs are shared by every row
                    if not widget.is_hidden:
                        widget.attrs["aria-label"] = f"{field.label or name}, {row}"

        return LabelledFormSet


class MembershipInline(LabelledTabularInline):
    """The organisation's members; each change is made by a membership service, which keeps its history."""

    model = Membership
    form = MembershipForm
    formset = MembershipFormSet
    extra = 0
    fields = ["user", "role"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")  # each row's label names both


class MembershipChangeInline(admin.TabularInline):
    model = MembershipChange
    extra = 0
    fields = ["at", "user", "action", "role", "by"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "change to its members"
    verbose_name_plural = "History of its members"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "by")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "hackney_based", "disability_confident", "created_at"]
    list_filter = ["type", "hackney_based", "disability_confident"]
    search_fields = ["name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, MembershipChangeInline]
    formfield_overrides = OrganisationScopedAdmin.formfield_overrides

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # Nothing is saved by the formset itself: each added, changed or removed member goes through its service
        # (and so into the history). `commit=False` only lists what the form asks for.
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_remove(membership=membership, by=request.user)
        for membership, _ in formset.changed_objects:
            membership_change_role(membership=membership, role=membership.role, by=request.user)
        for membership in formset.new_objects:
            membership_add(organisation=form.instance, user=membership.user, role=membership.role, by=request.user)
