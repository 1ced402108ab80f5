"""Citizen satisfaction: the SIPAS structure and measurements, and the live survey at the one-stop desks.

SIPAS figures are percentages of satisfied respondents (0–100). The survey uses the same measure:
the share of answers rated 4 or 5 on the five-point scale.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Task
from units.models import Unit, unit_order

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def _percent_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS, **kwargs)


def _percent_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | (Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100})),
        name=name,
        violation_error_message=_("A percentage must be between 0 and 100."),
    )


class SipasElement(models.Model):
    """One of the five elements (yếu tố) of the SIPAS index."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example E1."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    survey_question = models.CharField(
        _("question on the live survey"), max_length=200, help_text=_("Short wording shown to citizens on their phone.")
    )
    wording_to_verify = models.BooleanField(
        _("wording to verify"),
        default=False,
        help_text=_("Ticked while the wording has not been checked against the official text."),
    )

    class Meta:
        verbose_name = _("SIPAS element")
        verbose_name_plural = _("SIPAS elements")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class SipasCriterion(models.Model):
    """One criterion (tiêu chí) of an element, for example 3.1 "Công chức có thái độ giao tiếp lịch sự"."""

    element = models.ForeignKey(SipasElement, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("element"))
    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example 3.1."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("wording"), max_length=300)
    wording_to_verify = models.BooleanField(_("wording to verify"), default=False)

    class Meta:
        verbose_name = _("SIPAS criterion")
        verbose_name_plural = _("SIPAS criteria")
        ordering = ["element__position", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Scope(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    UNIT = "unit", _("Unit")


# The scope a measurement is compared with: a unit with its district, the district with its province.
WIDER_SCOPE = {Scope.UNIT: Scope.DISTRICT, Scope.DISTRICT: Scope.PROVINCE}


class Measurement(models.Model):
    """The SIPAS results of one year for one scope, as published in a source document."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sipas_measurements",
        verbose_name=_("unit"),
        help_text=_("Only for the scope “unit”."),
    )
    source_document = models.CharField(
        _("source document"), max_length=300, help_text=_("For example Quyết định 1633/QĐ-UBND ngày 12/12/2019.")
    )
    overall_index = _percent_field(_("overall index (%)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Illustrative figures, not official ones."))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SIPAS measurement")
        verbose_name_plural = _("SIPAS measurements")
        ordering = ["-year", "scope", *unit_order("unit")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope=Scope.UNIT) & Q(unit__isnull=False)) | (~Q(scope=Scope.UNIT) & Q(unit__isnull=True)),
                name="measurement_unit_iff_unit_scope",
                violation_error_message=_("Choose a unit for the scope “unit”, and no unit for the province or the district."),
            ),
            models.UniqueConstraint(
                fields=["year", "scope"],
                condition=Q(unit__isnull=True),
                name="measurement_unique_year_scope",
                violation_error_message=_("There is already a measurement for this year and scope."),
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(unit__isnull=False),
                name="measurement_unique_year_unit",
                violation_error_message=_("There is already a measurement for this year and unit."),
            ),
            _percent_check("overall_index", "measurement_overall_0_100"),
        ]

    def __str__(self) -> str:
        where = self.unit.short_name if self.unit_id else self.get_scope_display()
        return f"SIPAS {self.year} – {where}"


class ElementValue(models.Model):
    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="element_values", verbose_name=_("measurement")
    )
    element = models.ForeignKey(SipasElement, on_delete=models.PROTECT, related_name="values", verbose_name=_("element"))
    value = _percent_field(_("value (%)"))

    class Meta:
        verbose_name = _("element value")
        verbose_name_plural = _("element values")
        ordering = ["measurement", "element__position"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "element"], name="element_value_unique"),
            _percent_check("value", "element_value_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.element.code}: {self.value}%"


class CriterionValue(models.Model):
    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="criterion_values", verbose_name=_("measurement")
    )
    criterion = models.ForeignKey(SipasCriterion, on_delete=models.PROTECT, related_name="values", verbose_name=_("criterion"))
    value = _percent_field(_("value (%)"))

    class Meta:
        verbose_name = _("criterion value")
        verbose_name_plural = _("criterion values")
        ordering = ["measurement", "criterion__element__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "criterion"], name="criterion_value_unique"),
            _percent_check("value", "criterion_value_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}%"


# The share of satisfied citizens below which a criterion is rated low, until the office sets another.
LOW_THRESHOLD_DEFAULT = 80


class SatisfactionSetting(models.Model):
    """The office's choices for reading the figures (one row; defaults apply until it exists)."""

    low_threshold = _percent_field(
        _("“rated low” threshold (%)"),
        default=LOW_THRESHOLD_DEFAULT,
        help_text=_("A criterion below this share of satisfied citizens is listed as rated low."),
    )
    compare_with_wider_scope = models.BooleanField(
        _("also compare with the wider scope"),
        default=True,
        help_text=_("Also list criteria below the same year's figure of the wider scope (the province for the district)."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), default=2019, help_text=_("The year of the SIPAS results the live survey is compared with.")
    )

    class Meta:
        verbose_name = _("satisfaction settings")
        verbose_name_plural = _("satisfaction settings")
        ordering = ["pk"]
        constraints = [_percent_check("low_threshold", "setting_threshold_0_100")]

    def __str__(self) -> str:
        return str(_("Satisfaction settings"))

    def is_below_threshold(self, value: Decimal | None) -> bool:
        """Whether ``value`` (% satisfied) is rated low against the threshold; a value not measured never is."""
        return value is not None and value < self.low_threshold


class LowRatedTaskLink(models.Model):
    """A task whose pages show the criteria citizens rated low (tasks 1 and 2 of Công văn 345)."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="low_rated_link", verbose_name=_("task"))
    intro = models.CharField(
        _("introduction"), max_length=300, blank=True, help_text=_("Why the unit should read the list, shown above it.")
    )

    class Meta:
        verbose_name = _("task showing the low-rated criteria")
        verbose_name_plural = _("tasks showing the low-rated criteria")
        ordering = ["task__directive", "task__number"]

    def __str__(self) -> str:
        return str(self.task)


class SurveyResponse(models.Model):
    """One citizen's answers on the live survey of one unit. No personal data is stored."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("unit"))
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    is_hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden responses are left out of every figure."))
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "submitted_at"], name="survey_unit_time_idx"),
            # The survey figures ask "are any answers demo data?"; a partial index answers without a scan.
            models.Index(fields=["is_demo"], condition=Q(is_demo=True), name="survey_demo_rows"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name} – {self.submitted_at:%d/%m/%Y %H:%M}"


class SurveyAnswer(models.Model):
    """The score (1–5) a response gives one SIPAS element."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    element = models.ForeignKey(SipasElement, on_delete=models.PROTECT, related_name="survey_answers", verbose_name=_("element"))
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "element__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="survey_answer_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="survey_answer_score_1_5",
                violation_error_message=_("A score must be between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element.code}: {self.score}"


class SurveyTally(models.Model):
    """Visible answers of one unit's live survey in one quarter (local time) for one element.

    Derived data, written only by ``services.survey_tallies_refresh`` whenever a response is recorded,
    hidden or shown again: the figures read these few rows instead of every answer.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    element = models.ForeignKey(SipasElement, on_delete=models.CASCADE, related_name="+", verbose_name=_("element"))
    answers = models.PositiveIntegerField(_("answers"))
    satisfied = models.PositiveIntegerField(_("satisfied answers"))

    class Meta:
        verbose_name = _("survey tally")
        verbose_name_plural = _("survey tallies")
        constraints = [models.UniqueConstraint(fields=["year", "quarter", "unit", "element"], name="survey_tally_unique")]
        indexes = [models.Index(fields=["unit", "year", "quarter"], name="survey_tally_unit_idx")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter} · {self.element_id}: {self.satisfied}/{self.answers}"


class SurveyResponseCount(models.Model):
    """How many visible responses one unit's live survey received in one quarter (local time).

    Derived data, written only by ``services.survey_tallies_refresh`` (see ``SurveyTally``).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    responses = models.PositiveIntegerField(_("responses"))

    class Meta:
        verbose_name = _("survey response count")
        verbose_name_plural = _("survey response counts")
        constraints = [models.UniqueConstraint(fields=["year", "quarter", "unit"], name="survey_response_count_unique")]
        indexes = [models.Index(fields=["unit", "year", "quarter"], name="survey_count_unit_idx")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}: {self.responses}"


class SurveyQuarterTally(models.Model):
    """Visible answers of every unit's live survey together, in one quarter (local time), for one element.

    Derived data, written only by ``services.survey_tallies_refresh`` from the units' own tallies, so
    that the figures of the whole district (the chairman's summary, the satisfaction page) read a
    few rows whatever the number of units.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    element = models.ForeignKey(SipasElement, on_delete=models.CASCADE, related_name="+", verbose_name=_("element"))
    answers = models.PositiveIntegerField(_("answers"))
    satisfied = models.PositiveIntegerField(_("satisfied answers"))

    class Meta:
        verbose_name = _("survey tally of all units")
        verbose_name_plural = _("survey tallies of all units")
        constraints = [models.UniqueConstraint(fields=["year", "quarter", "element"], name="survey_quarter_tally_unique")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter} · {self.element_id}: {self.satisfied}/{self.answers}"


class SurveyQuarterCount(models.Model):
    """How many visible responses every unit's live survey received together in one quarter (local time).

    Derived data, written only by ``services.survey_tallies_refresh`` (see ``SurveyQuarterTally``);
    its row is also the lock under which a quarter's figures are counted again.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    responses = models.PositiveIntegerField(_("responses"))

    class Meta:
        verbose_name = _("survey response count of all units")
        verbose_name_plural = _("survey response counts of all units")
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="survey_quarter_count_unique")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}: {self.responses}"
