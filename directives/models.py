import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.models import Unit, unit_order

from .validators import validate_pdf_scan


class DocumentType(models.TextChoices):
    CONG_VAN = "cong_van", _("Official letter")
    QUYET_DINH = "quyet_dinh", _("Decision")
    CHI_THI = "chi_thi", _("Directive")
    KE_HOACH = "ke_hoach", _("Plan")
    THONG_BAO = "thong_bao", _("Notice")
    NGHI_DINH = "nghi_dinh", _("Decree")
    OTHER = "other", _("Document")


class ReportSchedule(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Six-monthly")
    YEARLY = "yearly", _("Yearly")
    ONCE = "once", _("Once")


class DirectiveStatus(models.TextChoices):
    ACTIVE = "active", _("Being followed up")
    CLOSED = "closed", _("Ended")


def directive_title(*, doc_type: str, number: str) -> str:
    """How pages, documents and mail name a directive: "Công văn số 345/UBND-NV"."""
    return gettext("%(type)s No. %(number)s") % {"type": DocumentType(doc_type).label, "number": number}


def scan_upload_to(instance: "Directive", filename: str) -> str:
    return f"directives/scans/{filename}"


class Directive(models.Model):
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.CONG_VAN)
    number = models.CharField(_("number"), max_length=50, unique=True, help_text=_("For example 345/UBND-NV."))
    issue_date = models.DateField(_("issue date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    place = models.CharField(_("place of issue"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    subject = models.TextField(_("subject"))
    preamble = models.TextField(_("preamble"), blank=True)
    recipients_text = models.TextField(_("addressed to (Kính gửi)"), blank=True)
    closing_text = models.TextField(_("closing paragraph"), blank=True)
    copies_to = models.TextField(_("copies to (Nơi nhận)"), blank=True)
    scan = models.FileField(_("scanned original (PDF)"), upload_to=scan_upload_to, blank=True, validators=[validate_pdf_scan])
    status = models.CharField(_("status"), max_length=10, choices=DirectiveStatus.choices, default=DirectiveStatus.ACTIVE)
    report_schedule = models.CharField(
        _("reporting schedule"), max_length=20, choices=ReportSchedule.choices, default=ReportSchedule.QUARTERLY
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        default=15,
        help_text=_("Day of the last month of each period by which units report (1–28)."),
    )
    is_ongoing = models.BooleanField(
        _("ongoing tasks"),
        default=False,
        help_text=_(
            "The tasks are carried out regularly (thường xuyên): the reporting periods of each new year are created "
            "automatically until the directive is ended."
        ),
    )
    resubmission_working_days = models.PositiveSmallIntegerField(
        _("working days to resubmit"),
        default=5,
        help_text=_(
            "Working days (Vietnamese public holidays excluded) a unit has to resubmit a returned report, counted from "
            "the return; the deadline applies instead if it is later."
        ),
    )
    best_units_min_rate = models.PositiveSmallIntegerField(
        _("threshold for the best units (%)"),
        default=80,
        help_text=_("The summary lists a unit among the best only if at least this share of its tasks was completed on time."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issue_date", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1) & Q(report_due_day__lte=28),
                name="directive_due_day_1_28",
                violation_error_message=_("The report due day must be between 1 and 28."),
            ),
            models.CheckConstraint(
                condition=Q(best_units_min_rate__lte=100),
                name="directive_best_units_rate_percent",
                violation_error_message=_("The threshold for the best units is a percentage, at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return directive_title(doc_type=self.doc_type, number=self.number)


class LegalBasis(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("directive"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    subject = models.TextField(_("subject"), blank=True)
    implemented = models.BooleanField(
        _("carried out by this directive"),
        default=False,
        help_text=_(
            "The directive was issued to carry out this document: the district's report on the directive cites it and "
            "goes to the addressees below."
        ),
    )
    report_addressees = models.TextField(
        _("addressees of the report (Kính gửi)"),
        blank=True,
        help_text=_("One per line: who the district's report on carrying out this document goes to."),
    )

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["directive", "position", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive"],
                condition=Q(implemented=True),
                name="legal_basis_one_implemented_per_directive",
                violation_error_message=_("Only one legal basis can be the document this directive carries out."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("directive"))
    number = models.PositiveSmallIntegerField(_("number"))
    short_label = models.CharField(_("short label"), max_length=200)
    text = models.TextField(_("full text"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["directive", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "number"],
                name="task_unique_number_per_directive",
                violation_error_message=_("This directive already has a task with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_label}"


class Assignment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", *unit_order("unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                name="assignment_unique_task_unit",
                violation_error_message=_("This task is already assigned to this unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name} – {self.task}"


def _started_by(day) -> Q:
    return Q(start_date__lte=day)


class ReportingPeriodQuerySet(models.QuerySet):
    def started_by(self, day) -> "ReportingPeriodQuerySet":
        """Periods that have started by ``day`` (it is their first day or later)."""
        return self.filter(_started_by(day))

    def not_started_by(self, day) -> "ReportingPeriodQuerySet":
        return self.exclude(_started_by(day))


class ReportingPeriod(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="periods", verbose_name=_("directive"))
    label = models.CharField(_("label"), max_length=50, help_text=_("For example Quý I/2020."))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["directive", "start_date", "end_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="period_end_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")),
                name="period_due_after_start",
                violation_error_message=_("The due date cannot be before the period starts."),
            ),
            models.UniqueConstraint(
                fields=["directive", "label"],
                name="period_unique_label_per_directive",
                violation_error_message=_("This directive already has a period with this label."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def has_started_by(self, day) -> bool:
        """``ReportingPeriodQuerySet.started_by`` for this one period."""
        return self.start_date <= day


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


# Reports the office has in hand and must review.
AWAITING_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)
# Reports the unit still owes (never sent, or returned for revision): it may change them, reminders
# chase them and the office may urge it. The others are in the office's hands.
OWED_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# When a report last moved (its submission or its review, whichever is later). Every report but a
# draft has been submitted, so it is never NULL outside drafts; the dashboard's recent activity
# orders by it through a partial index that leaves drafts out.
REPORT_ACTIVITY_AT = Greatest(Coalesce("reviewed_at", "submitted_at"), Coalesce("submitted_at", "reviewed_at"))


class ProgressReport(models.Model):
    """One unit's report on one task for one period; one row per assignment × period.

    Rows exist for every assignment × period from the moment both exist (see
    ``services.directive_sync_reports``): an untouched row is an empty draft, and its five-state
    status (``selectors.reports_with_state``) says whether it is due, late or done.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("assignment"))
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("period"))
    # The assignment's unit and task, copied when the row is created (an assignment never changes
    # them: the admin shows them read-only once saved), so the dashboards count per unit and per
    # task from the covering index below without joining every report to its assignment.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False, verbose_name=_("unit")
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="+", editable=False, db_index=False, verbose_name=_("task")
    )
    # Stored so that the five-state status is a plain expression over the row (a correlated subquery
    # per row cost ~0.5 s at province scale); written only by ``services.report_deadlines_refresh``.
    deadline = models.DateField(
        _("deadline"),
        editable=False,
        help_text=_("The period's due date, or the date of the latest approved extension."),
    )
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True)
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    solutions = models.TextField(_("solutions and proposals"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    # The local calendar day of the first submission, kept by the database itself: the on-time test
    # compares it with ``deadline`` without a time-zone conversion per row on every dashboard.
    first_submitted_on = models.GeneratedField(
        expression=TruncDate("first_submitted_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("first submitted on"),
    )
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    submitted_on = models.GeneratedField(
        expression=TruncDate("submitted_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("last submitted on"),
    )
    # Set by ``services.report_return``: the day by which the unit must send the returned report
    # again (working days after the return, or the deadline if later). It stays after the
    # resubmission, whose timeliness it judges.
    resubmit_by = models.DateField(_("resubmit by"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("How many times the report has been submitted; reviews name the revision they saw.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Illustrative data created by seed_demo."))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period__start_date", "assignment__task__number", *unit_order("assignment__unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"],
                name="report_unique_assignment_period",
                violation_error_message=_("There is already a report for this assignment and period."),
            ),
        ]
        indexes = [
            # Covers every input of the five-state status, so period counts are index-only scans.
            models.Index(
                fields=["period", "status", "deadline", "first_submitted_on", "submitted_on", "resubmit_by"],
                name="report_period_state_inputs",
            ),
            models.Index(
                fields=["period", "unit", "task", "status", "deadline", "first_submitted_on", "submitted_on", "resubmit_by"],
                name="report_period_unit_task_inputs",
            ),
            models.Index(
                F("period"),
                REPORT_ACTIVITY_AT.desc(),
                F("id").desc(),
                condition=~Q(status="draft"),
                name="report_period_activity",
            ),
            # Every page asks "is there demo data?" (the banner); a partial index answers without a scan.
            models.Index(fields=["is_demo"], condition=Q(is_demo=True), name="report_demo_rows"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period}"

    @property
    def is_owed(self) -> bool:
        """Whether the unit still owes the report (``OWED_STATUSES``): it may edit it; a submitted one waits for the office."""
        return self.status in OWED_STATUSES

    def clean(self) -> None:
        if self.assignment_id and self.period_id and self.assignment.task.directive_id != self.period.directive_id:
            raise ValidationError(
                {"period": _("This period belongs to another directive than the assignment's task.")}, code="mismatch"
            )


class ReportStateTally(models.Model):
    """How many reports of a period and task share the same inputs of the status rule (``selectors.STATE_INPUTS``).

    Kept by ``services.report_state_tallies_refresh``, which every write that changes those inputs
    calls, so that counts over whole periods (the trend, the per-task table, the review backlog, the
    home page) read a few rows per period instead of every report. Only facts are stored, never a
    state: the rule is applied when the tallies are read, on the day asked (overdue begins when a
    deadline passes, without any write).
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period"))
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+", verbose_name=_("task"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices)
    deadline = models.DateField(_("deadline"))
    first_submitted_on = models.DateField(_("first submitted on"), null=True)
    submitted_on = models.DateField(_("last submitted on"), null=True)
    resubmit_by = models.DateField(_("resubmit by"), null=True)
    n = models.PositiveIntegerField(_("reports"))

    class Meta:
        verbose_name = _("report state tally")
        verbose_name_plural = _("report state tallies")
        ordering = ["period", "task", "status", "deadline"]
        indexes = [
            models.Index(
                fields=["period", "task", "status", "deadline", "first_submitted_on", "submitted_on", "resubmit_by", "n"],
                name="tally_period_task_inputs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} – {self.task_id}: {self.n}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExtensionRequest(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="extension_requests", verbose_name=_("report")
    )
    # The report's period, copied when the request is saved (a report never changes period), so that counting a
    # directive's pending requests reads one index instead of every pending request's report.
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("period")
    )
    requested_date = models.DateField(_("requested new deadline"))
    granted_date = models.DateField(
        _("granted new deadline"),
        null=True,
        blank=True,
        help_text=_("Set when the office approves; it may differ from the date asked."),
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    status = models.CharField(_("decision"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_report",
                violation_error_message=_("There is already a pending extension request for this report."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(granted_date__isnull=False),
                name="extension_approved_has_granted_date",
                violation_error_message=_("An approved extension needs the new deadline granted."),
            ),
        ]
        # The dashboard and the summary list the oldest pending requests first, and count those of a directive.
        indexes = [
            models.Index(fields=["requested_at"], condition=Q(status="pending"), name="extension_pending_by_age"),
            models.Index(fields=["period"], condition=Q(status="pending"), name="extension_pending_by_period"),
        ]

    def __str__(self) -> str:
        return f"{self.report} → {(self.granted_date or self.requested_date):%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.period_id is None:
            self.period_id = self.report.period_id
        super().save(*args, **kwargs)


class Indicator(models.Model):
    """A number the office asks every unit to report on a task (e.g. dossiers resolved on time)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("task"))
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    unit_label = models.CharField(
        _("unit of measure"), max_length=50, blank=True, help_text=_("For example: dossiers, letters, VND.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["task", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "code"],
                name="indicator_unique_code_per_task",
                violation_error_message=_("This task already has an indicator with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit_label})" if self.unit_label else self.label


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["report", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="indicator_value_unique_per_report",
                violation_error_message=_("This report already has a value for this indicator."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.label}: {self.value}"


class IndicatorPeriodTotal(models.Model):
    """An indicator's total over the accepted reports of one period that gave a value.

    Kept by ``services.indicator_totals_refresh``, called when a report is accepted (acceptance is
    final, so an accepted report's values never change again) and when reports are deleted in the
    admin: the summary reads these few rows instead of every value of the period.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator"))
    total = models.DecimalField(_("total"), max_digits=20, decimal_places=2)
    reports = models.PositiveIntegerField(_("reports"))

    class Meta:
        verbose_name = _("indicator total")
        verbose_name_plural = _("indicator totals")
        constraints = [models.UniqueConstraint(fields=["period", "indicator"], name="indicator_total_per_period")]

    def __str__(self) -> str:
        return f"{self.period} – {self.indicator_id}: {self.total}"


class ReportVersion(models.Model):
    """What the unit sent at one submission, frozen, with the office's decision on it."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report"))
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    solutions = models.TextField(_("solutions and proposals"), blank=True)
    # [{"code", "label", "unit_label", "value"}] as they were at submission, so later edits of
    # the indicators do not rewrite history.
    indicators = models.JSONField(_("indicator values"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=ReportStatus.choices, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # When this version was returned: the day by which the unit had to send the next one.
    resubmit_by = models.DateField(_("resubmit by"), null=True, blank=True)
    # For a resubmission: the ``resubmit_by`` of the return it answers (its own deadline).
    resubmission_due = models.DateField(_("resubmission due"), null=True, blank=True)

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – v{self.number}"


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    # The stored name is random: the user's name is kept in original_name and only ever sent back
    # as a download name.
    return f"evidence/{instance.report_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    WORD = "word", "Word"
    EXCEL = "excel", "Excel"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class EvidenceFile(models.Model):
    """A file a unit attaches to its report; private, served only through a permission-checked view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Set when the report is submitted with this file; a file that has been sent stays for the record.
    submitted_in = models.ForeignKey(
        ReportVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("first submitted in"),
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
