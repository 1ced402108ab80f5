"""Admin: policies are edited by the office; the log and the urges are read-only records."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat import admin as beat_admin
from django_celery_beat import validators as beat_validators
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from units.admin_widgets import TolerantAutocompleteMixin
from units.permissions import is_office_in_admin

from .models import ReminderLog, ReminderLogItem, ReminderPolicy, Urge
from .services import reminders_requeue_failed


class OfficeAccessMixin:
    """Office staff (signed in to the admin) manage reminders without per-model permissions."""

    def has_module_permission(self, request):
        return is_office_in_admin(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_office_in_admin(request.user) or super().has_view_permission(request, obj)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(TolerantAutocompleteMixin, OfficeAccessMixin, admin.ModelAdmin):
    list_display = ["directive", "is_enabled", "lead_days", "overdue_repeat_days", "escalate_after_days", "updated_at"]
    list_filter = ["is_enabled"]
    list_select_related = ["directive"]
    search_fields = ["directive__number"]
    autocomplete_fields = ["directive"]

    def has_change_permission(self, request, obj=None):
        return is_office_in_admin(request.user) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return is_office_in_admin(request.user) or super().has_add_permission(request)


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


# --- The scheduled tasks (django-celery-beat) ------------------------------------------------------------
# The office changes the times of the app's own schedules (reminders/migrations 0002 and 0005) and
# nothing else: it neither creates tasks, nor changes which task runs or with which arguments.


# The app's own schedules run the tasks of its own apps (each created by a migration of that app, e.g.
# reminders 0002 and 0005, directives 0009); any other task is a superuser's.
APP_TASKS = Q(task__startswith="reminders.tasks.") | Q(task__startswith="directives.tasks.")


class ScheduleTimesForm(forms.ModelForm):
    """The times of one schedule as crontab fields; saved as the (shared) crontab row with those times."""

    TIME_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")

    minute = forms.CharField(label=_("Minute"), max_length=60, validators=[beat_validators.minute_validator])
    hour = forms.CharField(label=_("Hour"), max_length=60, validators=[beat_validators.hour_validator])
    day_of_week = forms.CharField(
        label=_("Day of the week (0 = Sunday)"), max_length=64, validators=[beat_validators.day_of_week_validator]
    )
    day_of_month = forms.CharField(
        label=_("Day of the month"), max_length=124, validators=[beat_validators.day_of_month_validator]
    )
    month_of_year = forms.CharField(label=_("Month"), max_length=64, validators=[beat_validators.month_of_year_validator])

    class Meta:
        model = PeriodicTask
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        crontab = self.instance.crontab
        for name in self.TIME_FIELDS:
            self.fields[name].initial = getattr(crontab, name) if crontab else "*"

    def save(self, commit=True):
        times = {name: self.cleaned_data[name].strip() for name in self.TIME_FIELDS}
        self.instance.crontab, _created = CrontabSchedule.objects.get_or_create(timezone=settings.TIME_ZONE, **times)
        self.instance.interval = self.instance.solar = self.instance.clocked = None
        return super().save(commit)


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class AppScheduleAdmin(OfficeAccessMixin, beat_admin.PeriodicTaskAdmin):
    """Superusers keep the package's full page. The office sees the app's own schedules only and
    changes only their times; name, task, arguments and the rest are read-only."""

    OFFICE_FIELDS = ("name", "description", "task", "enabled", "last_run_at")

    def _office_only(self, request) -> bool:
        return not request.user.is_superuser

    def get_queryset(self, request):
        tasks = super().get_queryset(request)
        return tasks.filter(APP_TASKS) if self._office_only(request) else tasks

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._office_only(request):
            kwargs["form"] = ScheduleTimesForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self._office_only(request):
            return [(None, {"fields": self.OFFICE_FIELDS}), (_("Times"), {"fields": ScheduleTimesForm.TIME_FIELDS})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.OFFICE_FIELDS if self._office_only(request) else super().get_readonly_fields(request, obj)

    def get_actions(self, request):
        return {} if self._office_only(request) else super().get_actions(request)

    def has_add_permission(self, request):
        return not self._office_only(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_office_in_admin(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._office_only(request) and super().has_delete_permission(request, obj)


class SuperuserOnlyAdmin:
    """The package's schedule tables (crontab, interval, solar, clocked rows) are a superuser's."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


for _model, _package_admin in (
    (CrontabSchedule, beat_admin.CrontabScheduleAdmin),
    (IntervalSchedule, beat_admin.IntervalScheduleAdmin),
    (SolarSchedule, beat_admin.SolarScheduleAdmin),
    (ClockedSchedule, beat_admin.ClockedScheduleAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_package_admin.__name__, (SuperuserOnlyAdmin, _package_admin), {}))
