"""The live survey: quarters, the visible responses and their figures (read from the tallies)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.formatting import roman
from units.models import Unit

from ..models import (
    ElementValue,
    Measurement,
    SatisfactionSetting,
    Scope,
    SipasElement,
    SurveyAnswer,
    SurveyQuarterCount,
    SurveyQuarterTally,
    SurveyResponse,
    SurveyResponseCount,
    SurveyTally,
)
from .common import percent, setting_get

TREND_QUARTERS = 8


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
    # ``services.survey_tallies_refresh`` keeps, so the cost does not grow with the number of responses; for every unit,
    # from those of all units together, so it does not grow with the number of units either. Constant number of queries.
    today = today or timezone.localdate()
    current = Quarter.of(today)
    quarters = [current]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    selected = selected or current
    setting = setting or setting_get()
    unit_tallies = SurveyTally.objects.all()
    if unit_ids is None:
        tallies, counts = SurveyQuarterTally.objects.all(), SurveyQuarterCount.objects.all()
    else:
        unit_tallies = unit_tallies.filter(unit_id__in=unit_ids)
        tallies, counts = unit_tallies, SurveyResponseCount.objects.filter(unit_id__in=unit_ids)
    # A quarter whose every response was hidden keeps a count row of 0 (the row its recount locks): no figure.
    counts = counts.filter(year__gte=quarters[0].year, responses__gt=0)

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
        for unit_id, element_id, answers, satisfied in unit_tallies.filter(
            year=selected.year, quarter=selected.number
        ).values_list("unit_id", "element_id", "answers", "satisfied"):
            by_unit_element[(unit_id, element_id)] = Cell(answers, satisfied)
            by_unit.setdefault(unit_id, Cell()).add(answers, satisfied)
    responses_by_quarter = {
        Quarter(year, number): n
        for year, number, n in counts.values_list("year", "quarter").annotate(Sum("responses")).order_by()
    }

    # At most one row (unique year and scope): ``pk`` rather than the models' order, which joins the unit.
    baseline = Measurement.objects.filter(year=setting.baseline_year, scope=Scope.DISTRICT).order_by("pk").first()
    baseline_elements = (
        dict(ElementValue.objects.filter(measurement=baseline).order_by().values_list("element_id", "value")) if baseline else {}
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


def survey_unit_get(*, code: str) -> Unit | None:
    """The active unit whose public survey ``code`` names, or None."""
    return Unit.objects.filter(code=code, is_active=True).first()
