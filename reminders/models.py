"""Reminder policies per directive and the log that makes every reminder go out exactly once.

A ``ReminderLog`` row is one message to one recipient on one day (unique per kind, recipient and
day); its ``ReminderLogItem`` rows are the reports it covers, each at one stage (unique per kind,
report, stage and recipient). Rows are claimed (inserted) before anything is sent, so a sweep that
runs twice, or on two workers at once, sends each reminder once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Directive, ProgressReport
from units.models import Unit

DEFAULT_LEAD_DAYS = "7,3,1,0"
DEFAULT_OVERDUE_REPEAT_DAYS = 3
DEFAULT_ESCALATE_AFTER_DAYS = 7
MAX_LEAD_DAYS = 90


def parse_lead_days(value: str) -> tuple[int, ...]:
    """ "7,3,1,0" → (7, 3, 1, 0): distinct days before the deadline, largest first."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    try:
        days = {int(part) for part in parts}
    except ValueError as exc:
        raise ValidationError(_("Enter whole numbers of days separated by commas, for example 7,3,1,0."), code="invalid") from exc
    if any(day < 0 or day > MAX_LEAD_DAYS for day in days):
        raise ValidationError(
            _("Each lead time must be between 0 and %(max)d days.") % {"max": MAX_LEAD_DAYS}, code="out_of_range"
        )
    return tuple(sorted(days, reverse=True))


def validate_lead_days(value: str) -> None:
    parse_lead_days(value)


class ReminderPolicy(models.Model):
    """When the units of one directive are reminded; editable by the office in the admin."""

    directive = models.OneToOneField(
        Directive, on_delete=models.CASCADE, related_name="reminder_policy", verbose_name=_("directive")
    )
    is_enabled = models.BooleanField(_("reminders enabled"), default=True)
    lead_days = models.CharField(
        _("reminder days before the deadline"),
        max_length=60,
        default=DEFAULT_LEAD_DAYS,
        blank=True,
        validators=[validate_lead_days],
        help_text=_("Days before the deadline on which units are reminded, separated by commas (0 = the deadline day)."),
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("repeat overdue notices every (days)"),
        default=DEFAULT_OVERDUE_REPEAT_DAYS,
        help_text=_("0 sends a single overdue notice."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"),
        null=True,
        blank=True,
        default=DEFAULT_ESCALATE_AFTER_DAYS,
        help_text=_("Leadership and the office are informed once a report is this many days overdue. Empty: never."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        ordering = ["directive"]
        constraints = [
            models.CheckConstraint(
                condition=Q(escalate_after_days__isnull=True) | Q(escalate_after_days__gte=1),
                name="reminderpolicy_escalate_after_positive",
                violation_error_message=_("Escalation needs at least one day overdue."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.directive)


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminder")
    ESCALATION = "escalation", _("Escalation")
    DIGEST = "digest", _("Weekly digest")
    URGE = "urge", _("Urge")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, will retry")
    SENT = "sent", _("Sent")
    IN_APP = "in_app", _("In-app only (no e-mail address)")
    FAILED = "failed", _("Failed")
    UNDELIVERABLE = "undeliverable", _("Undeliverable (no address)")


# States a delivery run picks up; every other state is final or being handled.
DELIVERABLE = (ReminderStatus.PENDING, ReminderStatus.RETRYING)
# "Sending" is listed too: a row still there after the lease (services.recovery) was left by a worker
# that died mid-send; it is sent again automatically, and the office sees it until then.
PROBLEM_STATUSES = (ReminderStatus.FAILED, ReminderStatus.UNDELIVERABLE, ReminderStatus.RETRYING, ReminderStatus.SENDING)


class Urge(models.Model):
    """A "Đôn đốc" by office staff or leadership: at most one per unit per day."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="urges", verbose_name=_("unit"))
    day = models.DateField(_("day"))
    report = models.ForeignKey(
        ProgressReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("report")
    )
    urged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("urged by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"],
                name="urge_once_per_unit_per_day",
                violation_error_message=_("This unit has already been urged today."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name} {self.day:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One message (e-mail and in-app notification) to one recipient on one day."""

    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    # "user:<id>", "unit:<id>:email" (the unit's mailbox) or "unit:<id>:none" (no address at all).
    recipient_key = models.CharField(_("recipient key"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="reminder_logs", verbose_name=_("unit")
    )
    urge = models.ForeignKey(Urge, on_delete=models.PROTECT, null=True, blank=True, related_name="logs", verbose_name=_("urge"))
    status = models.CharField(_("status"), max_length=14, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    subject = models.CharField(_("e-mail subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    claim_token = models.CharField(max_length=32, editable=False, db_index=True, default="")
    # Set each time a worker takes the row to send it: the start of its lease (see services.recovery).
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("in-app notification at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder log entry")
        verbose_name_plural = _("reminder log")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient_key", "day"], name="reminderlog_once_per_kind_recipient_day"),
        ]
        indexes = [
            models.Index(fields=["status", "day"], name="reminderlog_status_day"),
            models.Index(fields=["unit", "day"], name="reminderlog_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d/%m/%Y} → {self.email or self.recipient_key}"


class ReminderLogItem(models.Model):
    """One report covered by a message, at one stage (for example "2020-06-15/due-3")."""

    log = models.ForeignKey(ReminderLog, on_delete=models.CASCADE, related_name="items", verbose_name=_("message"))
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="+", verbose_name=_("report"))
    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    recipient_key = models.CharField(_("recipient key"), max_length=60)
    stage = models.CharField(_("stage"), max_length=40)
    deadline = models.DateField(_("deadline"))
    days_to_deadline = models.SmallIntegerField(_("days to deadline"), help_text=_("Negative when overdue."))
    report_status = models.CharField(_("report status"), max_length=12)

    class Meta:
        verbose_name = _("reminder item")
        verbose_name_plural = _("reminder items")
        ordering = ["log", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "report", "stage", "recipient_key"], name="reminderitem_once_per_stage_recipient"
            ),
        ]
        # The sweep looks items up by stage and recipient (see selectors.sent_stage_keys).
        indexes = [models.Index(fields=["stage", "recipient_key"], name="reminderitem_stage_recipient")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.stage}"
