"""SIPAS results as measured: the measurements of a year, their table, what an import would replace."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from units.models import Unit

from ..models import (
    CriterionValue,
    ElementValue,
    Measurement,
    SatisfactionSetting,
    SipasElement,
)


def measurements_for_year(*, year: int, unit: Unit | None = None, all_units: bool = True) -> list[Measurement]:
    """The province, district and unit measurements of ``year`` (only ``unit``'s unless ``all_units``)."""
    queryset = Measurement.objects.filter(year=year).select_related("unit")
    if not all_units:
        queryset = queryset.filter(Q(unit__isnull=True) | Q(unit=unit))
    return list(queryset)


def measurement_years() -> list[int]:
    """The years with SIPAS results, newest first, for the year picker."""
    return list(Measurement.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ResultCell:
    value: Decimal | None  # None where not measured
    below_threshold: bool


@dataclass
class ResultRow:
    """One element or criterion with its value in each measurement."""

    level: str  # "element" or "criterion"
    code: str
    label: str
    to_verify: bool
    cells: list[ResultCell]


def results_table(*, measurements: list[Measurement], setting: SatisfactionSetting) -> list[ResultRow]:
    """Elements and their criteria, each with one value per measurement, marked when rated low (three queries)."""
    ids = [m.pk for m in measurements]
    column = {pk: index for index, pk in enumerate(ids)}
    element_values = {(v.element_id, v.measurement_id): v.value for v in ElementValue.objects.filter(measurement_id__in=ids)}
    criterion_values = {
        (v.criterion_id, v.measurement_id): v.value for v in CriterionValue.objects.filter(measurement_id__in=ids)
    }

    def cells(values: list[Decimal | None]) -> list[ResultCell]:
        return [ResultCell(value, setting.is_below_threshold(value)) for value in values]

    rows = []
    for element in SipasElement.objects.prefetch_related("criteria"):
        values = [None] * len(ids)
        for (element_id, measurement_id), value in element_values.items():
            if element_id == element.pk:
                values[column[measurement_id]] = value
        rows.append(ResultRow("element", element.code, element.name, element.wording_to_verify, cells(values)))
        for criterion in element.criteria.all():
            values = [criterion_values.get((criterion.pk, pk)) for pk in ids]
            rows.append(ResultRow("criterion", criterion.code, criterion.text, criterion.wording_to_verify, cells(values)))
    return rows


def measurement_keys_existing(parsed: list) -> set[tuple]:
    """Which of the (year, scope, unit id) keys of ``parsed`` measurements exist already (one query)."""
    years = {p.year for p in parsed}
    existing = set(Measurement.objects.filter(year__in=years).values_list("year", "scope", "unit_id"))
    return {p.key for p in parsed if p.key in existing}


def sipas_elements() -> list[SipasElement]:
    """The SIPAS index's elements in their official order."""
    return list(SipasElement.objects.all())
