from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextModelForm
from units.admin_widgets import TolerantAutocompleteMixin

from .models import (
    Assignment,
    Directive,
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    LegalBasis,
    ProgressReport,
    ReportingPeriod,
    ReportVersion,
    Task,
)
from .services import directive_sync_reports, report_deadlines_refresh


class LegalBasisInline(admin.TabularInline):
    form = CleanTextModelForm
    model = LegalBasis
    extra = 0


class TaskInlineFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django's default names the raw field ("number"); say what is wrong in the office's words.
        return _("Two tasks of this directive have the same number; give each task its own number.")


class TaskInline(admin.StackedInline):
    form = CleanTextModelForm
    model = Task
    formset = TaskInlineFormSet
    extra = 0


class ReportingPeriodInline(admin.TabularInline):
    form = CleanTextModelForm
    model = ReportingPeriod
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["number", "doc_type", "issue_date", "issuing_body", "signer_name", "report_schedule", "status"]
    list_filter = ["status", "doc_type", "report_schedule"]
    search_fields = ["number", "subject", "signer_name"]
    date_hierarchy = "issue_date"
    inlines = [LegalBasisInline, TaskInline, ReportingPeriodInline]
    fieldsets = [
        (None, {"fields": ["doc_type", "number", "issue_date", "place", "issuing_body", "subject", "status"]}),
        (_("Signature"), {"fields": ["signer_title", "signer_name"]}),
        (_("Text"), {"fields": ["recipients_text", "preamble", "closing_text", "copies_to", "scan"]}),
        (_("Reporting"), {"fields": ["report_schedule", "report_due_day"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        directive_sync_reports(directive=form.instance)


class IndicatorInline(admin.TabularInline):
    form = CleanTextModelForm
    model = Indicator
    extra = 1
    fields = ["position", "code", "label", "unit_label"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["number", "short_label", "directive"]
    list_filter = ["directive"]
    search_fields = ["short_label", "text"]
    list_select_related = ["directive"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["label", "unit_label", "code", "task", "position"]
    list_filter = ["task__directive", "task"]
    search_fields = ["label", "code"]
    list_select_related = ["task"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(Assignment)
class AssignmentAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["unit", "task"]
    list_filter = ["task__directive", "unit__kind", "task"]
    search_fields = ["unit__name", "task__short_label"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "task"]

    def get_readonly_fields(self, request, obj=None):
        # Reports copy the assignment's unit and task; to give a task to another unit, add an assignment.
        return ["unit", "task"] if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        directive_sync_reports(directive=obj.task.directive)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["label", "directive", "start_date", "end_date", "due_date"]
    list_filter = ["directive"]
    list_select_related = ["directive"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        directive_sync_reports(directive=obj.directive)


class ExtensionRequestInline(admin.TabularInline):
    model = ExtensionRequest
    extra = 0
    fields = ["requested_date", "reason", "status", "decision_note", "decided_by", "decided_at"]
    readonly_fields = ["decided_by", "decided_at"]


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "submitted_by", "decision", "reviewed_at", "reviewed_by", "review_comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceFileInline(admin.TabularInline):
    # The stored file itself is private: it is downloaded from the report page, never via a media URL.
    model = EvidenceFile
    extra = 0
    can_delete = False
    fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at", "submitted_in"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["assignment", "period", "status", "first_submitted_at", "submitted_by", "reviewed_at", "is_demo"]
    list_filter = ["status", "period__directive", "period", "assignment__task", "assignment__unit__kind", "is_demo"]
    search_fields = ["assignment__unit__name", "results", "shortcomings", "solutions"]
    list_select_related = ["assignment__unit", "assignment__task", "period", "submitted_by"]
    raw_id_fields = ["assignment", "period", "submitted_by", "reviewed_by"]
    readonly_fields = ["deadline", "updated_at", "revision"]
    inlines = [ExtensionRequestInline, ReportVersionInline, EvidenceFileInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The extension inline may have approved, edited or deleted an extension.
        report_deadlines_refresh(reports=ProgressReport.objects.filter(pk=form.instance.pk))


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["report", "requested_date", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["report__assignment__unit__name", "reason"]
    list_select_related = ["report__assignment__unit", "report__assignment__task", "report__period", "requested_by", "decided_by"]
    raw_id_fields = ["report", "requested_by", "decided_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_deadlines_refresh(reports=ProgressReport.objects.filter(pk=obj.report_id))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        report_deadlines_refresh(reports=ProgressReport.objects.filter(pk=obj.report_id))

    def delete_queryset(self, request, queryset):
        report_ids = list(queryset.values_list("report_id", flat=True))
        super().delete_queryset(request, queryset)
        report_deadlines_refresh(reports=ProgressReport.objects.filter(pk__in=report_ids))
