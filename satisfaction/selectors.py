"""Read-side queries: SIPAS results, the criteria citizens rated low, and the live survey's figures.

"% satisfied" is one measure everywhere: the share of answers rated 4 or 5 ("hài lòng" or "rất hài
lòng") on the five-point scale, as SIPAS counts satisfied respondents.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.formatting import roman
from directives.models import Task
from units.models import Unit
from units.permissions import Actor

from .charts import trend_chart
from .models import (
    WIDER_SCOPE,
    CriterionValue,
    ElementValue,
    LowRatedTaskLink,
    Measurement,
    SatisfactionSetting,
    Scope,
    SipasElement,
    SurveyAnswer,
    SurveyResponse,
    SurveyResponseCount,
    SurveyTally,
)

SATISFIED_MIN_SCORE = 4
TREND_QUARTERS = 8


def setting_get() -> SatisfactionSetting:
    """The office's settings, or the defaults (unsaved) when the row does not exist."""
    return SatisfactionSetting.objects.order_by("pk").first() or SatisfactionSetting()


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent with one decimal, or None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- SIPAS results ----------------------------------------------------------------------------------


def measurements_for_year(*, year: int, unit: Unit | None = None, all_units: bool = True) -> list[Measurement]:
    """The province, district and unit measurements of ``year`` (only ``unit``'s unless ``all_units``)."""
    queryset = Measurement.objects.filter(year=year).select_related("unit")
    if not all_units:
        queryset = queryset.filter(Q(unit__isnull=True) | Q(unit=unit))
    return list(queryset)


def measurement_years() -> list[int]:
    """The years with SIPAS results, newest first, for the year picker."""
    return list(Measurement.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class ResultRow:
    """One element or criterion with its value in each measurement (None where not measured)."""

    level: str  # "element" or "criterion"
    code: str
    label: str
    to_verify: bool
    values: list[Decimal | None]


def results_table(*, measurements: list[Measurement]) -> list[ResultRow]:
    """Elements and their criteria, each with one value per measurement (three queries)."""
    ids = [m.pk for m in measurements]
    column = {pk: index for index, pk in enumerate(ids)}
    element_values = {(v.element_id, v.measurement_id): v.value for v in ElementValue.objects.filter(measurement_id__in=ids)}
    criterion_values = {
        (v.criterion_id, v.measurement_id): v.value for v in CriterionValue.objects.filter(measurement_id__in=ids)
    }
    rows = []
    for element in SipasElement.objects.prefetch_related("criteria"):
        values = [None] * len(ids)
        for (element_id, measurement_id), value in element_values.items():
            if element_id == element.pk:
                values[column[measurement_id]] = value
        rows.append(ResultRow("element", element.code, element.name, element.wording_to_verify, values))
        for criterion in element.criteria.all():
            values = [criterion_values.get((criterion.pk, pk)) for pk in ids]
            rows.append(ResultRow("criterion", criterion.code, criterion.text, criterion.wording_to_verify, values))
    return rows


@dataclass(frozen=True)
class LowRatedItem:
    level: str  # "element" or "criterion"
    code: str
    label: str
    value: Decimal
    comparison_value: Decimal | None
    below_threshold: bool
    below_comparison: bool


@dataclass
class LowRated:
    """The criteria and elements of one measurement that citizens rated low, and why."""

    measurement: Measurement | None
    comparison: Measurement | None
    threshold: Decimal
    compare_with_wider_scope: bool
    items: list[LowRatedItem] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        return bool(
            (self.measurement and self.measurement.is_demo) or (self.comparison and self.comparison.is_demo and self.items)
        )


def _latest_measurement(*, unit: Unit | None) -> Measurement | None:
    if unit is not None:
        own = Measurement.objects.filter(scope=Scope.UNIT, unit=unit).select_related("unit").order_by("-year").first()
        if own is not None:
            return own
    return Measurement.objects.filter(scope=Scope.DISTRICT).order_by("-year").first()


def low_rated(
    *, measurement: Measurement | None = None, unit: Unit | None = None, setting: SatisfactionSetting | None = None
) -> LowRated:
    """What citizens rated low in ``measurement`` (default: ``unit``'s latest, else the district's latest)."""
    # An element or criterion is rated low when its value is below the office's threshold, or (when the setting asks for
    # it) below the same year's value of the wider scope: the district for a unit, the province for the district.
    # Constant number of queries (at most five).
    setting = setting or setting_get()
    if measurement is None:
        measurement = _latest_measurement(unit=unit)
    result = LowRated(None, None, setting.low_threshold, setting.compare_with_wider_scope)
    if measurement is None:
        return result
    result.measurement = measurement
    wider = WIDER_SCOPE.get(Scope(measurement.scope))
    if setting.compare_with_wider_scope and wider is not None:
        result.comparison = Measurement.objects.filter(year=measurement.year, scope=wider, unit__isnull=True).first()
    ids = [measurement.pk] + ([result.comparison.pk] if result.comparison else [])
    threshold = Decimal(setting.low_threshold)
    items = []
    for level, queryset, key in (
        ("element", ElementValue.objects.select_related("element"), "element"),
        ("criterion", CriterionValue.objects.select_related("criterion"), "criterion"),
    ):
        values = list(queryset.filter(measurement_id__in=ids))
        compared = {getattr(v, f"{key}_id"): v.value for v in values if v.measurement_id != measurement.pk}
        for value in values:
            if value.measurement_id != measurement.pk:
                continue
            item = getattr(value, key)
            other = compared.get(item.pk)
            below_threshold = value.value < threshold
            below_comparison = other is not None and value.value < other
            if below_threshold or below_comparison:
                label = item.name if level == "element" else item.text
                items.append(LowRatedItem(level, item.code, label, value.value, other, below_threshold, below_comparison))
    # Criteria first (what units act on), lowest first; then the elements.
    result.items = sorted(items, key=lambda i: (i.level != "criterion", i.value, i.code))
    return result


def task_low_rated_link(*, task: Task | None) -> LowRatedTaskLink | None:
    """The link that makes ``task``'s pages show the low-rated list, if any (one query)."""
    if task is None or getattr(task, "pk", None) is None:
        return None
    return LowRatedTaskLink.objects.filter(task_id=task.pk).first()


def measurement_keys_existing(parsed: list) -> set[tuple]:
    """Which of the (year, scope, unit id) keys of ``parsed`` measurements exist already (one query)."""
    years = {p.year for p in parsed}
    existing = set(Measurement.objects.filter(year__in=years).values_list("year", "scope", "unit_id"))
    return {p.key for p in parsed if p.key in existing}


# --- Live survey -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter | None":
        """``2020-2`` → Quarter(2020, 2); None for anything else."""
        year, _, number = (text or "").partition("-")
        if year.isascii() and year.isdigit() and number in ("1", "2", "3", "4") and 2000 <= int(year) <= 2100:
            return cls(int(year), int(number))
        return None

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return _("Q%(roman)s/%(year)s") % {"roman": roman(self.number), "year": self.year}


def survey_responses_visible() -> QuerySet[SurveyResponse]:
    """Responses that count: every one the office has not hidden."""
    return SurveyResponse.objects.filter(is_hidden=False)


@dataclass
class Cell:
    answers: int = 0
    satisfied: int = 0

    def add(self, answers: int, satisfied: int) -> None:
        self.answers += answers
        self.satisfied += satisfied

    @property
    def percent(self) -> Decimal | None:
        return percent(self.satisfied, self.answers)


@dataclass
class SurveyFigures:
    """The live survey aggregated for a set of units over the last quarters."""

    quarters: list[Quarter]
    elements: list[SipasElement]
    overall: dict[Quarter, Cell]  # every element of every unit
    by_element: dict[tuple[Quarter, int], Cell]
    by_unit_element: dict[tuple[int, int], Cell]  # in ``selected`` quarter only
    by_unit: dict[int, Cell]  # in ``selected`` quarter only
    responses_by_quarter: dict[Quarter, int]
    has_demo: bool
    selected: Quarter
    baseline_year: int
    baseline: Measurement | None
    baseline_elements: dict[int, Decimal]

    @property
    def trend(self) -> list[tuple[Quarter, Decimal | None, int]]:
        return [(q, self._percent(self.overall, q), self.responses_by_quarter.get(q, 0)) for q in self.quarters]

    @staticmethod
    def _percent(cells: dict, key) -> Decimal | None:
        return cells[key].percent if key in cells else None

    def element_rows(self) -> list[dict]:
        """Per element: the baseline and the % satisfied of each quarter shown."""
        return [
            {
                "element": element,
                "baseline": self.baseline_elements.get(element.pk),
                "values": [self._percent(self.by_element, (q, element.pk)) for q in self.quarters],
            }
            for element in self.elements
        ]

    @property
    def has_data(self) -> bool:
        return bool(self.overall)


def survey_figures(
    *,
    unit_ids: list[int] | None = None,
    selected: Quarter | None = None,
    detailed: bool = True,
    today: datetime.date | None = None,
    setting: SatisfactionSetting | None = None,
) -> SurveyFigures:
    """% satisfied per quarter (the last eight), per element, and per unit × element in ``selected``."""
    # ``unit_ids`` None means every unit; ``detailed`` False leaves out what only the satisfaction page shows, the per-
    # unit figures and the element list (two queries fewer). Hidden responses are left out. Read from the tallies that
    # ``services.survey_tallies_refresh`` keeps, so the cost does not grow with the number of responses. Constant number
    # of queries.
    today = today or timezone.localdate()
    current = Quarter.of(today)
    quarters = [current]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    selected = selected or current
    setting = setting or setting_get()
    tallies = SurveyTally.objects.all()
    counts = SurveyResponseCount.objects.filter(year__gte=quarters[0].year)
    if unit_ids is not None:
        tallies, counts = tallies.filter(unit_id__in=unit_ids), counts.filter(unit_id__in=unit_ids)

    overall: dict[Quarter, Cell] = {}
    by_element: dict[tuple[Quarter, int], Cell] = {}
    for year, number, element_id, answers, satisfied in (
        tallies.filter(year__gte=quarters[0].year)
        .values_list("year", "quarter", "element_id")
        .annotate(Sum("answers"), Sum("satisfied"))
        .order_by()
    ):
        quarter = Quarter(year, number)
        if quarter in quarters:
            overall.setdefault(quarter, Cell()).add(answers, satisfied)
            by_element[(quarter, element_id)] = Cell(answers, satisfied)
    by_unit_element: dict[tuple[int, int], Cell] = {}
    by_unit: dict[int, Cell] = {}
    if detailed:
        for unit_id, element_id, answers, satisfied in tallies.filter(year=selected.year, quarter=selected.number).values_list(
            "unit_id", "element_id", "answers", "satisfied"
        ):
            by_unit_element[(unit_id, element_id)] = Cell(answers, satisfied)
            by_unit.setdefault(unit_id, Cell()).add(answers, satisfied)
    responses_by_quarter = {
        Quarter(year, number): n
        for year, number, n in counts.values_list("year", "quarter").annotate(Sum("responses")).order_by()
    }

    baseline = Measurement.objects.filter(year=setting.baseline_year, scope=Scope.DISTRICT).first()
    baseline_elements = (
        dict(ElementValue.objects.filter(measurement=baseline).values_list("element_id", "value")) if baseline else {}
    )
    return SurveyFigures(
        quarters=quarters,
        elements=list(SipasElement.objects.all()) if detailed else [],
        overall=overall,
        by_element=by_element,
        by_unit_element=by_unit_element,
        by_unit=by_unit,
        responses_by_quarter=responses_by_quarter,
        selected=selected,
        baseline_year=setting.baseline_year,
        baseline=baseline,
        baseline_elements=baseline_elements,
        has_demo=survey_responses_visible().filter(is_demo=True).exists(),
    )


def survey_recent_responses(*, limit: int = 30) -> list[SurveyResponse]:
    """The latest responses, hidden ones included (marked), with their answers (two queries)."""
    answers = Prefetch("answers", queryset=SurveyAnswer.objects.select_related("element"))
    return list(SurveyResponse.objects.select_related("unit", "hidden_by").prefetch_related(answers)[:limit])


def sipas_elements() -> list[SipasElement]:
    """The SIPAS index's elements in their official order."""
    return list(SipasElement.objects.all())


def survey_unit_get(*, code: str) -> Unit | None:
    """The active unit whose public survey ``code`` names, or None."""
    return Unit.objects.filter(code=code, is_active=True).first()


# --- The satisfaction page ---------------------------------------------------------------------------


def overview_for_actor(*, actor: Actor, year: int | None = None, quarter: Quarter | None = None) -> dict:
    """Everything the satisfaction page shows to ``actor``, in a constant number of queries."""
    # Office and leadership see every unit; a unit member sees the province's and district's results, their own unit's,
    # and their own unit's survey figures (no comments).
    sees_all = actor.sees_all_units
    setting = setting_get()
    years = measurement_years()
    chosen = year if year in years else (years[0] if years else None)
    measurements = measurements_for_year(year=chosen, unit=actor.unit, all_units=sees_all) if chosen else []
    figures = survey_figures(unit_ids=None if sees_all else [actor.unit.pk], selected=quarter, setting=setting)
    baseline = figures.baseline.overall_index if figures.baseline else None
    units = list(Unit.objects.filter(is_active=True).in_official_order()) if sees_all else [actor.unit]
    unit_rows = [
        {
            "unit": unit,
            "cells": [figures.by_unit_element.get((unit.pk, element.pk)) for element in figures.elements],
            "total": figures.by_unit.get(unit.pk),
        }
        for unit in units
    ]
    return {
        "years": years,
        "year": chosen,
        "measurements": measurements,
        "measurements_demo": any(m.is_demo for m in measurements),
        "result_rows": results_table(measurements=measurements) if measurements else [],
        "low": low_rated(unit=None if sees_all else actor.unit, setting=setting),
        "figures": figures,
        "chart": trend_chart(series=[(q.label, value, n) for q, value, n in figures.trend], baseline=baseline),
        "unit_rows": unit_rows,
        "responses": survey_recent_responses() if sees_all else [],
        "sees_all": sees_all,
        "setting": setting,
    }
