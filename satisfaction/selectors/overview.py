"""Everything the satisfaction page shows to one reader."""

from units.models import Unit
from units.permissions import Actor

from ..charts import trend_chart
from .common import setting_get
from .low_rated import low_rated
from .sipas import measurement_years, measurements_for_year, results_table
from .survey import Quarter, survey_figures, survey_recent_responses


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
        "result_rows": results_table(measurements=measurements, setting=setting) if measurements else [],
        "low": low_rated(unit=None if sees_all else actor.unit, setting=setting),
        "figures": figures,
        "chart": trend_chart(series=[(q.label, value, n) for q, value, n in figures.trend], baseline=baseline),
        "unit_rows": unit_rows,
        "responses": survey_recent_responses() if sees_all else [],
        "sees_all": sees_all,
        "setting": setting,
    }
