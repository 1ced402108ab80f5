from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextModelForm
from units.admin_widgets import TolerantAutocompleteMixin
from units.permissions import actor_for

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
from .permissions import can_delete_reports
from .services import (
    directive_sync_reports,
    extension_decide,
    indicator_totals_refresh,
    report_accept,
    report_return,
    report_state_tallies_refresh,
)


class LegalBasisInline(admin.TabularInline):
    form = CleanTextModelForm
    model = LegalBasis
    extra = 0


class KeepSubmittedReportsFormSet(BaseInlineFormSet):
    """A period or task whose reports a unit has submitted is not deleted: its reports and their history would go with it."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and not can_delete_reports(reports=reports_under(form.instance)):
                raise ValidationError(
                    _("“%(object)s” has reports that units have submitted; it cannot be deleted.") % {"object": form.instance},
                    code="submitted_reports",
                )


def reports_under(obj):
    """The reports that deleting ``obj`` (a directive, period, task, assignment or report) would delete with it."""
    field = {
        Directive: "period__directive",
        ReportingPeriod: "period",
        Task: "task",
        Assignment: "assignment",
        ProgressReport: "pk",
    }[type(obj)]
    return ProgressReport.objects.filter(**{field: obj.pk})


class TalliesKeptOnDeleteMixin:
    """Deleting an assignment or a report recounts the stored tallies and indicator totals of the periods its reports were in.

    (A period's or a task's own tallies go with it, by the database's cascade.)
    """

    def _periods_under(self, objects) -> set[int]:
        return {period for obj in objects for period in reports_under(obj).values_list("period_id", flat=True).distinct()}

    def delete_model(self, request, obj):
        periods = self._periods_under([obj])
        super().delete_model(request, obj)
        self._recount(periods)

    def delete_queryset(self, request, queryset):
        periods = self._periods_under(queryset)
        super().delete_queryset(request, queryset)
        self._recount(periods)

    @staticmethod
    def _recount(periods: set[int]) -> None:
        report_state_tallies_refresh(periods=periods)
        indicator_totals_refresh(periods=periods)


class TaskInlineFormSet(KeepSubmittedReportsFormSet):
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
    formset = KeepSubmittedReportsFormSet
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

    def get_readonly_fields(self, request, obj=None):
        # Its assignments and reports belong to this directive: a task never moves to another.
        return ["directive"] if obj else []


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["label", "unit_label", "code", "task", "position"]
    list_filter = ["task__directive", "task"]
    search_fields = ["label", "code"]
    list_select_related = ["task"]
    prepopulated_fields = {"code": ["label"]}


@admin.register(Assignment)
class AssignmentAdmin(TalliesKeptOnDeleteMixin, TolerantAutocompleteMixin, admin.ModelAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        # Its reports belong to this directive's assignments: a period never moves to another directive.
        return ["directive"] if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        directive_sync_reports(directive=obj.directive)


class ReadOnlyInline(admin.TabularInline):
    """A record of the workflow, shown on the report's page and never edited there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExtensionRequestInline(ReadOnlyInline):
    model = ExtensionRequest
    fields = ["requested_date", "reason", "requested_by", "status", "granted_date", "decision_note", "decided_by", "decided_at"]


class ReportVersionInline(ReadOnlyInline):
    model = ReportVersion
    fields = ["number", "submitted_at", "submitted_by", "decision", "reviewed_at", "reviewed_by", "review_comment"]


class EvidenceFileInline(ReadOnlyInline):
    # The stored file itself is private: it is downloaded from the report page, never via a media URL.
    model = EvidenceFile
    fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at", "submitted_in"]


class DecisionForm(forms.Form):
    """The note of a decision taken from the admin's list (action), required where the service requires it."""

    note = forms.CharField(label=_("Comment or reason"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), required=False)


class WorkflowRecordAdmin(admin.ModelAdmin):
    """Reports and extension requests are read in the admin, never edited: their status, people, times
    and texts move only through the services, which the list's actions call like the app's pages do
    (so versions, notifications, the stored deadline and the separation of duties follow)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return actor_for(request.user).sees_all_units and self.has_view_permission(request)

    def decide_each(self, request, queryset, *, title: str, note_required: bool, decide) -> TemplateResponse | None:
        """Ask for the note on an intermediate page, then call ``decide(obj, note)`` for each selected object."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid() and (form.cleaned_data["note"].strip() or not note_required):
            done = 0
            for obj in queryset:
                try:
                    decide(obj, form.cleaned_data["note"])
                except PermissionDenied:
                    self.message_user(
                        request,
                        _("%(object)s: you may not decide on it (your own unit or your own request).") % {"object": obj},
                        messages.ERROR,
                    )
                except ValidationError as error:
                    self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    _("%(count)s decision(s) recorded; the units have been notified.") % {"count": done},
                    messages.SUCCESS,
                )
            return None
        if form.is_bound:
            form.add_error("note", _("Give the comment or reason: it is required for this decision."))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "objects": list(queryset),
            "form": form,
            "action": request.POST.get("action"),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/directives/decision_form.html", context)


@admin.register(ProgressReport)
class ProgressReportAdmin(TalliesKeptOnDeleteMixin, WorkflowRecordAdmin):
    list_display = ["assignment", "period", "status", "first_submitted_at", "submitted_by", "reviewed_at", "is_demo"]
    list_filter = ["status", "period__directive", "period", "assignment__task", "assignment__unit__kind", "is_demo"]
    search_fields = ["assignment__unit__name", "results", "shortcomings", "solutions"]
    list_select_related = ["assignment__unit", "assignment__task", "period", "submitted_by"]
    inlines = [ExtensionRequestInline, ReportVersionInline, EvidenceFileInline]
    actions = ["accept_reports", "return_reports"]

    def has_delete_permission(self, request, obj=None):
        # Only as part of deleting its period, task or assignment, and only if it was never submitted:
        # Django asks this of every report such a deletion would take with it.
        return (
            obj is not None
            and can_delete_reports(reports=ProgressReport.objects.filter(pk=obj.pk))
            and super().has_delete_permission(request, obj)
        )

    @admin.action(description=_("Accept the selected reports"), permissions=["decide"])
    def accept_reports(self, request, queryset):
        return self.decide_each(
            request,
            queryset,
            title=_("Accept the selected reports"),
            note_required=False,
            decide=lambda report, note: report_accept(
                report_id=report.pk, user=request.user, revision=report.revision, comment=note
            ),
        )

    @admin.action(description=_("Return the selected reports to their units"), permissions=["decide"])
    def return_reports(self, request, queryset):
        return self.decide_each(
            request,
            queryset,
            title=_("Return the selected reports to their units"),
            note_required=True,
            decide=lambda report, note: report_return(
                report_id=report.pk, user=request.user, revision=report.revision, comment=note
            ),
        )


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(WorkflowRecordAdmin):
    list_display = [
        "report", "requested_date", "status", "granted_date", "requested_by", "requested_at", "decided_by", "decided_at",
    ]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["report__assignment__unit__name", "reason"]
    list_select_related = ["report__assignment__unit", "report__assignment__task", "report__period", "requested_by", "decided_by"]
    actions = ["approve_extensions", "refuse_extensions"]

    def has_delete_permission(self, request, obj=None):
        return False  # an approved extension is the report's deadline; a decided one is its history

    @admin.action(description=_("Approve the selected extensions (to the date asked)"), permissions=["decide"])
    def approve_extensions(self, request, queryset):
        return self.decide_each(
            request,
            queryset,
            title=_("Approve the selected extensions (to the date asked)"),
            note_required=False,
            decide=lambda extension, note: extension_decide(
                extension_id=extension.pk, user=request.user, approve=True, note=note
            ),
        )

    @admin.action(description=_("Refuse the selected extensions"), permissions=["decide"])
    def refuse_extensions(self, request, queryset):
        return self.decide_each(
            request,
            queryset,
            title=_("Refuse the selected extensions"),
            note_required=True,
            decide=lambda extension, note: extension_decide(
                extension_id=extension.pk, user=request.user, approve=False, note=note
            ),
        )
