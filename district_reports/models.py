"""The district's report to the province on carrying out a directive: its header, sections, versions, comments.

A report is composed by the office from the units' reports (``composition``), edited section by
section while it is a draft, and frozen once marked final (``services``). Every save is kept as a
version with the report's full text.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Directive, Task

from .windows import Window, WindowKind


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class SignerKind(models.TextChoices):
    VICE_CHAIRMAN = "vice_chairman", _("A vice-chairman, for the chairman (KT. CHỦ TỊCH)")
    CHAIRMAN = "chairman", _("The chairman")


class DistrictReport(models.Model):
    """One report upward ("Báo cáo …, Số …/BC-UBND") on one directive for one window."""

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="district_reports", verbose_name=_("directive")
    )
    window_kind = models.CharField(_("reporting window"), max_length=12, choices=WindowKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0, help_text=_("1–4 for a quarter, 0 otherwise."))
    report_date = models.DateField(
        _("report date"), help_text=_("The date of the report: every figure is as it stood at the end of this day.")
    )
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("For example 125/BC-UBND; empty until the clerk gives it.")
    )
    place_name = models.CharField(_("place name"), max_length=100)
    subject = models.TextField(_("subject"))
    addressees = models.TextField(_("addressed to (Kính gửi)"), blank=True, help_text=_("One addressee per line."))
    signer_kind = models.CharField(_("signed by"), max_length=20, choices=SignerKind.choices, default=SignerKind.VICE_CHAIRMAN)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    copies_to = models.TextField(_("copies to (Nơi nhận)"), blank=True, help_text=_("One recipient per line."))
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    # Every figure and the appendix table as they stood when the report was marked final
    # ({"intro": [...], "figures": {position: [...]}, "appendix": {...}}); null for a draft, whose
    # figures are computed as of its date whenever it is shown.
    frozen = models.JSONField(_("figures when marked final"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(_("times saved"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("marked final at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked final by"),
    )

    class Meta:
        verbose_name = _("district report")
        verbose_name_plural = _("district reports")
        ordering = ["directive", "-year", "-report_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "window_kind", "year", "quarter"],
                name="district_report_one_per_window",
                violation_error_message=_("This directive already has a report for this window."),
            ),
            models.CheckConstraint(
                condition=(Q(window_kind=WindowKind.QUARTER) & Q(quarter__gte=1) & Q(quarter__lte=4))
                | (~Q(window_kind=WindowKind.QUARTER) & Q(quarter=0)),
                name="district_report_quarter_of_a_quarter",
                violation_error_message=_("Only a quarter's report names a quarter (1–4)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive.number} – {self.window.label}"

    @property
    def window(self) -> Window:
        return Window(self.window_kind, self.year, self.quarter)

    @property
    def is_final(self) -> bool:
        return self.state == ReportState.FINAL


class SectionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    DIRECTION = "direction", _("I. Direction and implementation")
    TASK = "task", _("II. Results, one task")
    SHORTCOMINGS = "shortcomings", _("III. Shortcomings, limitations and causes")
    AHEAD = "ahead", _("IV. Directions and tasks ahead")
    PROPOSALS = "proposals", _("V. Proposals and recommendations")


class ReportSection(models.Model):
    """One section of a district report: the office's plain paragraphs (one per line)."""

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report"))
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("task"))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    revision = models.PositiveIntegerField(_("times saved"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="district_report_section_position"),
            models.CheckConstraint(
                condition=Q(kind=SectionKind.TASK, task__isnull=False) | (~Q(kind=SectionKind.TASK) & Q(task__isnull=True)),
                name="district_report_section_task_iff_task_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()


class ReportVersion(models.Model):
    """The report's full text as one save left it: header data and every section's heading, figures and text."""

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report"))
    number = models.PositiveIntegerField(_("version"))
    saved_at = models.DateTimeField(_("saved at"))
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saved by"))
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices)
    change = models.CharField(_("what changed"), max_length=300)
    # {"header": {field: value}, "intro": [...], "sections": [{"position", "heading", "figures": [...], "text"}]}
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("district report version")
        verbose_name_plural = _("district report versions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="district_report_version_number")]

    def __str__(self) -> str:
        return f"{self.report} – v{self.number}"


class SectionComment(models.Model):
    """A comment of the district leadership on one section."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="comments", verbose_name=_("section"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a section")
        verbose_name_plural = _("comments on sections")
        ordering = ["section", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.section} – {self.author}"
