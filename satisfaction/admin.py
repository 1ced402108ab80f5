from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    CriterionValue,
    ElementValue,
    LowRatedTaskLink,
    Measurement,
    SatisfactionSetting,
    SipasCriterion,
    SipasElement,
    SurveyResponse,
)
from .services import survey_response_set_hidden


class SipasCriterionInline(admin.TabularInline):
    model = SipasCriterion
    extra = 0
    fields = ["code", "position", "text", "wording_to_verify"]


@admin.register(SipasElement)
class SipasElementAdmin(admin.ModelAdmin):
    list_display = ["code", "position", "name", "survey_question", "wording_to_verify"]
    list_editable = ["wording_to_verify"]
    search_fields = ["code", "name", "criteria__text"]
    inlines = [SipasCriterionInline]


@admin.register(SipasCriterion)
class SipasCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "element", "wording_to_verify"]
    list_filter = ["element", "wording_to_verify"]
    search_fields = ["code", "text"]


class ElementValueInline(admin.TabularInline):
    model = ElementValue
    extra = 0


class CriterionValueInline(admin.TabularInline):
    model = CriterionValue
    extra = 0


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["year", "scope", "unit", "overall_index", "source_document", "is_demo", "updated_at"]
    list_filter = ["year", "scope", "is_demo"]
    search_fields = ["source_document", "unit__name", "unit__code"]
    list_select_related = ["unit"]
    inlines = [ElementValueInline, CriterionValueInline]
    fields = ["year", "scope", "unit", "source_document", "overall_index", "is_demo", "note"]


@admin.register(SatisfactionSetting)
class SatisfactionSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "low_threshold", "compare_with_wider_scope", "baseline_year"]

    def has_add_permission(self, request):
        # One row: the seed creates it; the office edits it.
        return super().has_add_permission(request) and not SatisfactionSetting.objects.exists()


@admin.register(LowRatedTaskLink)
class LowRatedTaskLinkAdmin(admin.ModelAdmin):
    list_display = ["task", "intro"]
    list_select_related = ["task__directive"]
    raw_id_fields = ["task"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["submitted_at", "unit", "comment", "is_hidden", "is_demo"]
    list_filter = ["is_hidden", "is_demo", "unit"]
    search_fields = ["comment", "unit__name"]
    list_select_related = ["unit"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["unit", "submitted_at", "comment", "hidden_by", "hidden_at", "is_demo"]
    fields = ["unit", "submitted_at", "comment", "is_hidden", "hidden_by", "hidden_at", "is_demo"]
    actions = ["hide_responses", "show_responses"]

    def has_add_permission(self, request):
        return False  # responses come only from citizens through the public survey

    def has_delete_permission(self, request, obj=None):
        return False  # a response is the record of what a citizen said: it is hidden, never deleted

    @admin.action(description=_("Hide the selected responses from the figures"), permissions=["change"])
    def hide_responses(self, request, queryset):
        for response in queryset:
            survey_response_set_hidden(response=response, hidden=True, by=request.user)

    @admin.action(description=_("Count the selected responses again"), permissions=["change"])
    def show_responses(self, request, queryset):
        for response in queryset:
            survey_response_set_hidden(response=response, hidden=False, by=request.user)

    def save_model(self, request, obj, form, change):
        if "is_hidden" in form.changed_data:
            survey_response_set_hidden(response=obj, hidden=obj.is_hidden, by=request.user)
