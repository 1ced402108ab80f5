"""The dashboard's figures agree with the five-state selector and with what the world contains."""

import datetime

import pytest
from django.template.loader import render_to_string

from dashboard import selectors
from dashboard.charts import trend_chart
from directives.models import ExtensionRequest, Indicator, ProgressReport, ReportStatus
from directives.selectors import TaskState
from tests import workflow
from tests.factories import AssignmentFactory, DistrictRoleFactory, PeriodFactory, ReportFactory
from tests.states import state_counts
from units.models import UnitKind

from .conftest import TODAY, build_world


@pytest.mark.django_db
def test_headline_figures_match_the_five_state_selector(frozen_today):
    world = build_world(units=4, tasks=3)
    data = selectors.dashboard_data(directive=world.directive, period=world.q2, as_of=TODAY)

    expected = state_counts(ProgressReport.objects.filter(period=world.q2), as_of=TODAY)
    assert data.headline.counts == expected
    assert data.units_count == 4
    # 12 rows cycling on time, late, submitted (on time, waiting for review: in progress), draft, returned.
    assert expected == {"done_on_time": 3, "done_late": 3, "in_progress": 2, "overdue": 4, "not_due": 0}
    assert data.headline.due == 12
    assert data.headline.submitted == 10  # all but the two untouched drafts
    assert data.headline.accepted == 6
    assert data.headline.awaiting_review == 2
    assert data.headline.on_time_rate == pytest.approx(25.0)


@pytest.mark.django_db
def test_matrix_groups_agencies_before_communes_and_fills_every_cell(frozen_today):
    world = build_world(units=4, tasks=3)
    data = selectors.dashboard_data(directive=world.directive, period=world.q2, as_of=TODAY)

    assert [{row.unit.kind for row in group.rows} for group in data.groups] == [{UnitKind.AGENCY}, {UnitKind.COMMUNE}]
    assert [group.label for group in data.groups] == [selectors.UNIT_GROUP_LABELS[0], selectors.UNIT_GROUP_LABELS[2]]
    rows = [row for group in data.groups for row in group.rows]
    assert all(len(row.cells) == 3 and all(cell is not None for cell in row.cells) for row in rows)
    states = {cell.state for row in rows for cell in row.cells}
    assert states == {TaskState.DONE_ON_TIME, TaskState.DONE_LATE, TaskState.IN_PROGRESS, TaskState.OVERDUE}


@pytest.mark.django_db
def test_state_and_kind_filters_and_lateness_sort(frozen_today):
    world = build_world(units=6, tasks=2)
    communes = selectors.dashboard_data(directive=world.directive, period=world.q2, unit_kind=UnitKind.COMMUNE, as_of=TODAY)
    assert {row.unit.kind for group in communes.groups for row in group.rows} == {UnitKind.COMMUNE}
    assert communes.units_count == 3

    late_only = selectors.dashboard_data(directive=world.directive, period=world.q2, state=TaskState.DONE_LATE, as_of=TODAY)
    shown = [row for group in late_only.groups for row in group.rows]
    assert shown and all(row.tally.counts[TaskState.DONE_LATE] for row in shown)
    assert late_only.shown_rows < late_only.units_count

    by_lateness = selectors.dashboard_data(
        directive=world.directive, period=world.q2, sort=selectors.MatrixSort.LATENESS, as_of=TODAY
    )
    for group in by_lateness.groups:
        overdue = [row.tally.overdue for row in group.rows]
        assert overdue == sorted(overdue, reverse=True)


@pytest.mark.django_db
def test_summary_rates_per_task_kind_trend_and_indicator_totals(frozen_today):
    world = build_world(units=4, tasks=3)
    data = selectors.summary_data(directive=world.directive, period=world.q2, periods=world.periods, as_of=TODAY)

    assert [row.key for row in data.by_task] == world.tasks
    assert sum(row.tally.total for row in data.by_task) == 12
    assert {row.key for row in data.by_kind} == {UnitKind.AGENCY, UnitKind.COMMUNE}
    # The trend ends with the period shown; for the open Q3 it also shows Q2 (Q4 has not started).
    assert [row.label for row in data.trend] == ["Quý II/2020"]
    assert data.trend[0].tally.counts == data.headline.counts
    q3 = selectors.summary_data(directive=world.directive, period=world.periods[1], periods=world.periods, as_of=TODAY)
    assert [row.label for row in q3.trend] == ["Quý II/2020", "Quý III/2020"]
    assert q3.trend[0].tally.counts == data.headline.counts
    assert q3.trend[1].tally.counts[TaskState.IN_PROGRESS] == 12
    assert sum(row.tally.due for row in data.by_kind) == data.headline.due == 12
    assert data.extensions_count == 1
    [indicator] = data.indicators
    accepted_first_task = ProgressReport.objects.filter(
        period=world.q2, assignment__task=world.tasks[0], status="accepted"
    ).count()
    assert indicator.reports == accepted_first_task
    assert indicator.total == 10 * accepted_first_task
    # No unit reaches the directive's 80 % on time, so nobody is ranked best; units with an overdue
    # task are ranked by how many, most first.
    rates = [row.tally.on_time_rate or 0 for row in selectors.unit_tallies(period=world.q2, as_of=TODAY)]
    assert 0 < max(rates) < world.directive.best_units_min_rate and data.best_units == []
    assert [row.tally.overdue for row in data.weakest_units] == sorted(
        (row.tally.overdue for row in data.weakest_units), reverse=True
    )
    assert {row.unit.pk for row in data.weakest_units} == {
        row.unit.pk for row in selectors.unit_tallies(period=world.q2, as_of=TODAY) if row.tally.overdue
    }
    assert data.units_overdue == len(data.weakest_units) == 3 and data.units_count == 4


@pytest.mark.django_db
def test_best_units_are_only_those_at_or_above_the_directive_threshold_highest_first(frozen_today):
    world = build_world(units=4, tasks=3)
    world.directive.best_units_min_rate = 30
    world.directive.save()

    data = selectors.summary_data(directive=world.directive, period=world.q2, periods=world.periods, as_of=TODAY)

    rates = [row.tally.on_time_rate for row in data.best_units]
    assert rates and all(rate >= 30 for rate in rates)
    assert rates == sorted(rates, reverse=True)
    every_unit = selectors.unit_tallies(period=world.q2, as_of=TODAY)
    assert len(rates) == sum(1 for row in every_unit if row.tally.due and row.tally.on_time_rate >= 30)


@pytest.mark.django_db
def test_an_indicator_nobody_reported_has_no_total_rather_than_zero(frozen_today):
    world = build_world(units=2, tasks=1)
    Indicator.objects.create(task=world.tasks[0], code="thu-xin-loi", label="Thư xin lỗi đã gửi", unit_label="thư")

    totals = {item.indicator.code: item for item in selectors.indicator_totals(directive=world.directive, period=world.q2)}

    assert totals["thu-xin-loi"].total is None and totals["thu-xin-loi"].reports == 0
    assert totals["ho-so"].reports > 0 and totals["ho-so"].total == 10 * totals["ho-so"].reports


@pytest.mark.django_db
def test_trend_chart_is_an_accessible_svg_with_one_bar_per_period_and_no_inline_style(frozen_today):
    world = build_world(units=2, tasks=2)
    trend = selectors.period_trend(periods=world.periods, as_of=TODAY)
    assert trend[2].tally.counts[TaskState.NOT_DUE] == 4  # 2 units × 2 tasks
    svg = render_to_string("dashboard/includes/trend_chart.html", {"chart": trend_chart(trend)}).strip()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert svg.count('class="chart-label"') == 3
    assert "style=" not in svg and "<script" not in svg
    assert "Quý II/2020" in svg


def at(day: str) -> datetime.datetime:
    return workflow.at(datetime.date.fromisoformat(day))


@pytest.mark.django_db
def test_recent_activity_is_ordered_and_dated_by_submission_or_review_not_by_last_save():
    assignment = AssignmentFactory()
    period = PeriodFactory(directive=assignment.task.directive)
    office = DistrictRoleFactory().user
    reviewed_long_ago = ReportFactory(assignment=assignment, period=period)
    workflow.report_submitted(reviewed_long_ago, by=workflow.unit_submitter(reviewed_long_ago.unit), when=at("2020-06-10"))
    workflow.report_reviewed(reviewed_long_ago, by=office, when=at("2020-06-12"), accept=True)
    submitted_later = ReportFactory(assignment=AssignmentFactory(task=assignment.task), period=period)
    workflow.report_submitted(submitted_later, by=workflow.unit_submitter(submitted_later.unit), when=at("2020-06-14"))
    reviewed_long_ago.refresh_from_db()
    reviewed_long_ago.save()  # a later save (e.g. a data fix) moves updated_at, not the activity

    activity = selectors.recent_activity(period=period)

    assert [r.pk for r in activity] == [submitted_later.pk, reviewed_long_ago.pk]
    assert activity[1].activity_at == at("2020-06-12")


@pytest.mark.django_db
def test_pending_extensions_count_every_request_and_list_the_oldest_first():
    world = build_world(units=4, tasks=3)  # one pending request already
    reports = list(ProgressReport.objects.filter(period=world.q2).exclude(status=ReportStatus.ACCEPTED).order_by("pk")[:6])
    asked = [
        workflow.extension_asked(
            report,
            by=workflow.unit_submitter(report.unit),
            when=workflow.at(datetime.date(2020, 6, 1), 8 + hour),
            until=datetime.date(2020, 7, 1),
            reason="Thêm thời gian",
        )
        for hour, report in enumerate(reports)
    ]
    workflow.extension_decided(asked[0], by=DistrictRoleFactory().user, when=workflow.at(datetime.date(2020, 6, 2)), approve=True)

    count, items = selectors.pending_extensions(directive=world.directive, limit=3)
    other = build_world(units=2, tasks=1, number="999/UBND-VP")
    ExtensionRequest.objects.filter(report__period__directive=other.directive).delete()

    assert count == 6  # 1 + 6 new − 1 approved, more than the three listed
    assert [item.requested_at for item in items] == sorted(item.requested_at for item in items)
    assert len(items) == 3
    assert selectors.pending_extensions(directive=other.directive) == (0, [])
