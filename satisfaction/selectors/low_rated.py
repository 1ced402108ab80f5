"""What citizens rated low in a SIPAS measurement, and the task pages that show it."""

from dataclasses import dataclass, field
from decimal import Decimal

from directives.models import Task
from units.models import Unit

from ..models import (
    WIDER_SCOPE,
    CriterionValue,
    ElementValue,
    LowRatedTaskLink,
    Measurement,
    SatisfactionSetting,
    Scope,
)
from .common import setting_get


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
        # One row at most (unique year and scope); ``pk`` instead of the model's order, which joins the unit.
        comparison = Measurement.objects.filter(year=measurement.year, scope=wider, unit__isnull=True)
        result.comparison = comparison.order_by("pk").first()
    ids = [measurement.pk] + ([result.comparison.pk] if result.comparison else [])
    items = []
    for level, model, key, label in (
        ("element", ElementValue, "element", "element__name"),
        ("criterion", CriterionValue, "criterion", "criterion__text"),
    ):
        # Plain rows, sorted below (the models' own order joins more tables).
        rows = model.objects.filter(measurement_id__in=ids).order_by()
        rows = list(rows.values_list("measurement_id", f"{key}_id", "value", f"{key}__code", label))
        compared = {item_id: value for measurement_id, item_id, value, *_rest in rows if measurement_id != measurement.pk}
        for measurement_id, item_id, value, code, text in rows:
            if measurement_id != measurement.pk:
                continue
            other = compared.get(item_id)
            below_threshold = setting.is_below_threshold(value)
            below_comparison = other is not None and value < other
            if below_threshold or below_comparison:
                items.append(LowRatedItem(level, code, text, value, other, below_threshold, below_comparison))
    # Criteria first (what units act on), lowest first; then the elements.
    result.items = sorted(items, key=lambda i: (i.level != "criterion", i.value, i.code))
    return result


def task_low_rated_link(*, task: Task | None) -> LowRatedTaskLink | None:
    """The link that makes ``task``'s pages show the low-rated list, if any (one query)."""
    if task is None or getattr(task, "pk", None) is None:
        return None
    return LowRatedTaskLink.objects.filter(task_id=task.pk).first()
