"""Admin: policies are edited by the office; the log and the urges are read-only records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from units.admin_widgets import TolerantAutocompleteMixin
from units.permissions import actor_for

from .models import ReminderLog, ReminderLogItem, ReminderPolicy, Urge
from .services import reminders_requeue_failed


class OfficeAccessMixin:
    """Office staff (signed in to the admin) manage reminders without per-model permissions."""

    def _is_office(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and actor_for(request.user).is_office

    def has_module_permission(self, request):
        return self._is_office(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_office(request) or super().has_view_permission(request, obj)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(TolerantAutocompleteMixin, OfficeAccessMixin, admin.ModelAdmin):
    list_display = ["directive", "is_enabled", "lead_days", "overdue_repeat_days", "escalate_after_days", "updated_at"]
    list_filter = ["is_enabled"]
    list_select_related = ["directive"]
    search_fields = ["directive__number"]
    autocomplete_fields = ["directive"]

    def has_change_permission(self, request, obj=None):
        return self._is_office(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return self._is_office(request) or super().has_add_permission(request)


class ReadOnlyAdmin(OfficeAccessMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReminderLogItemInline(admin.TabularInline):
    model = ReminderLogItem
    fields = ["report", "stage", "deadline", "days_to_deadline", "report_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("report__assignment__task", "report__assignment__unit", "report__period")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["day", "kind", "status", "unit", "email", "user", "subject", "attempts", "sent_at"]
    list_filter = ["status", "kind", "day"]
    search_fields = ["email", "unit__name", "user__username", "subject", "error"]
    list_select_related = ["unit", "user"]
    date_hierarchy = "day"
    inlines = [ReminderLogItemInline]
    actions = ["send_failed_again"]
    readonly_fields = [
        "kind",
        "day",
        "recipient_key",
        "user",
        "email",
        "unit",
        "urge",
        "status",
        "attempts",
        "sending_since",
        "error",
        "subject",
        "body_text",
        "created_at",
        "notified_at",
        "sent_at",
    ]
    fields = readonly_fields

    @admin.action(description=_("Send the selected failed messages again"))
    def send_failed_again(self, request, queryset):
        count = reminders_requeue_failed(log_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count}
        )


@admin.register(Urge)
class UrgeAdmin(ReadOnlyAdmin):
    list_display = ["day", "unit", "urged_by", "report", "created_at"]
    list_filter = ["day"]
    search_fields = ["unit__name", "urged_by__username"]
    list_select_related = ["unit", "urged_by", "report__period", "report__assignment__task", "report__assignment__unit"]
