"""What counts as "rated low", and the geometry of the trend chart."""

from decimal import Decimal

import pytest

from satisfaction.charts import trend_chart
from satisfaction.models import SatisfactionSetting, Scope
from satisfaction.selectors import Quarter, low_rated, percent, results_table, setting_get
from tests.factories import UnitFactory

from .conftest import make_measurement

pytestmark = pytest.mark.django_db


def codes(result) -> list[str]:
    return [item.code for item in result.items]


def test_rated_low_means_below_the_threshold_or_below_the_province(sipas):
    make_measurement(elements={"E1": "79.99", "E2": "90"}, criteria={"1.1": "85", "1.2": "79", "2.1": "95", "2.2": "88"})
    make_measurement(scope=Scope.PROVINCE, elements={"E2": "91"}, criteria={"1.1": "86", "2.1": "90", "2.2": "88"})

    result = low_rated()

    # 1.2 under 80; 1.1 under the province's 86; 2.2 equal to the province: not low; E1 and E2 likewise.
    assert codes(result) == ["1.2", "1.1", "E1", "E2"]
    item = result.items[1]
    assert (item.below_threshold, item.below_comparison, item.comparison_value) == (False, True, Decimal("86.00"))
    assert result.comparison.scope == Scope.PROVINCE


def test_threshold_and_comparison_come_from_the_office_settings(sipas):
    make_measurement(criteria={"1.1": "85", "1.2": "79"})
    make_measurement(scope=Scope.PROVINCE, criteria={"1.1": "86"})
    assert sorted(codes(low_rated())) == ["1.1", "1.2"]  # the defaults: below 80 %, or below the province
    SatisfactionSetting.objects.update(low_threshold=Decimal("70"), compare_with_wider_scope=False)

    result = low_rated()

    assert codes(result) == []
    assert result.comparison is None and result.threshold == Decimal("70.00")


def test_the_results_table_marks_the_values_the_low_rated_list_calls_below_the_threshold(sipas):
    measurement = make_measurement(elements={"E1": "79.99", "E2": "80"}, criteria={"1.1": "85", "1.2": "79"})
    setting = setting_get()

    marked = {row.code for row in results_table(measurements=[measurement], setting=setting) if row.cells[0].below_threshold}

    assert marked == {item.code for item in low_rated(setting=setting).items if item.below_threshold} == {"E1", "1.2"}


def test_the_latest_year_of_the_district_is_used(sipas):
    make_measurement(year=2018, criteria={"1.1": "50"})
    make_measurement(year=2019, criteria={"1.2": "60"})
    assert codes(low_rated()) == ["1.2"]


def test_a_units_own_results_are_compared_with_the_district(sipas):
    unit = UnitFactory()
    make_measurement(criteria={"3.1": "90"})
    make_measurement(scope=Scope.UNIT, unit=unit, criteria={"3.1": "85", "3.2": "95"})

    result = low_rated(unit=unit)

    assert codes(result) == ["3.1"] and result.comparison.scope == Scope.DISTRICT
    without_results = low_rated(unit=UnitFactory())  # a unit without results of its own sees the district's
    assert without_results.measurement.scope == Scope.DISTRICT and without_results.comparison is None


def test_percent_rounds_half_up_and_has_no_value_without_answers():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(0, 0) is None


def test_quarter_parsing_and_labels():
    assert Quarter.parse("2020-2") == Quarter(2020, 2)
    assert Quarter.parse("2020-5") is None and Quarter.parse("x") is None and Quarter.parse("") is None
    assert Quarter(2020, 1).previous() == Quarter(2019, 4)
    assert str(Quarter(2020, 3).label) == "Quý III/2020"


def test_trend_chart_breaks_the_line_where_a_quarter_has_no_answers():
    chart = trend_chart(
        series=[("Q1", Decimal("50"), 2), ("Q2", Decimal("60"), 3), ("Q3", None, 0), ("Q4", Decimal("80"), 1)],
        baseline=Decimal("84.45"),
    )
    assert len(chart.segments) == 1 and chart.segments[0].count(",") == 2  # Q1–Q2; Q4 alone is a dot
    assert chart.points[0].y > chart.points[1].y  # higher % is drawn higher
    assert chart.baseline_y is not None and chart.plot_top < chart.baseline_y < chart.points[0].y
    assert chart.grid[0][1] == 0 and chart.grid[-1][1] == 100
