"""The dashboard's figures agree with the five-state selector and with what the world contains."""

import datetime

import pytest

from dashboard import selectors
from dashboard.charts import trend_chart
from directives.models import ExtensionRequest, ProgressReport, ReportStatus
from directives.selectors import TaskState, state_counts
from tests import workflow
from tests.factories import AssignmentFactory, DistrictRoleFactory, PeriodFactory, ReportFactory
from units.models import UnitKind

from .conftest import TODAY, build_world


@pytest.mark.django_db
def test_headline_figures_match_the_five_state_selector():
    world = build_world(units=4, tasks=3)
    data = selectors.dashboard_data(directive=world.directive, period=world.q2, today=TODAY)

    expected = state_counts(ProgressReport.objects.filter(period=world.q2), today=TODAY)
    assert data.headline.counts == expected
    assert data.units_count == 4
    # 12 rows cycling on time, late, submitted, draft, returned.
    assert expected == {"done_on_time": 3, "done_late": 3, "in_progress": 0, "overdue": 6, "not_due": 0}
    assert data.headline.due == 12
    assert data.headline.submitted == 10  # all but the two untouched drafts
    assert data.headline.accepted == 6
    assert data.headline.awaiting_review == 2
    assert data.headline.on_time_rate == pytest.approx(25.0)


@pytest.mark.django_db
def test_matrix_groups_agencies_before_communes_and_fills_every_cell():
    world = build_world(units=4, tasks=3)
    data = selectors.dashboard_data(directive=world.directive, period=world.q2, today=TODAY)

    assert [{row.unit.kind for row in group.rows} for group in data.groups] == [{UnitKind.AGENCY}, {UnitKind.COMMUNE}]
    assert [group.label for group in data.groups] == [selectors.UNIT_GROUP_LABELS[0], selectors.UNIT_GROUP_LABELS[2]]
    rows = [row for group in data.groups for row in group.rows]
    assert all(len(row.cells) == 3 and all(cell is not None for cell in row.cells) for row in rows)
    states = {cell.state for row in rows for cell in row.cells}
    assert states == {TaskState.DONE_ON_TIME, TaskState.DONE_LATE, TaskState.OVERDUE}


@pytest.mark.django_db
def test_state_and_kind_filters_and_lateness_sort():
    world = build_world(units=6, tasks=2)
    communes = selectors.dashboard_data(directive=world.directive, period=world.q2, unit_kind=UnitKind.COMMUNE, today=TODAY)
    assert {row.unit.kind for group in communes.groups for row in group.rows} == {UnitKind.COMMUNE}
    assert communes.units_count == 3

    late_only = selectors.dashboard_data(directive=world.directive, period=world.q2, state=TaskState.DONE_LATE, today=TODAY)
    shown = [row for group in late_only.groups for row in group.rows]
    assert shown and all(row.tally.counts[TaskState.DONE_LATE] for row in shown)
    assert late_only.shown_rows < late_only.units_count

    by_lateness = selectors.dashboard_data(
        directive=world.directive, period=world.q2, sort=selectors.MatrixSort.LATENESS, today=TODAY
    )
    for group in by_lateness.groups:
        overdue = [row.tally.overdue for row in group.rows]
        assert overdue == sorted(overdue, reverse=True)


@pytest.mark.django_db
def test_summary_rates_per_task_kind_trend_and_indicator_totals():
    world = build_world(units=4, tasks=3)
    data = selectors.summary_data(directive=world.directive, period=world.q2, periods=world.periods, today=TODAY)

    assert [row.key for row in data.by_task] == world.tasks
    assert sum(row.tally.total for row in data.by_task) == 12
    assert {row.key for row in data.by_kind} == {UnitKind.AGENCY, UnitKind.COMMUNE}
    # The trend shows the periods opened so far: Q4 has not started on the frozen day.
    assert [row.label for row in data.trend] == ["Quý II/2020", "Quý III/2020"]
    assert data.trend[0].tally.counts == data.headline.counts
    assert data.trend[1].tally.counts[TaskState.IN_PROGRESS] == 12
    assert sum(row.tally.due for row in data.by_kind) == data.headline.due == 12
    assert data.extensions_count == 1
    [indicator] = data.indicators
    accepted_first_task = ProgressReport.objects.filter(
        period=world.q2, assignment__task=world.tasks[0], status="accepted"
    ).count()
    assert indicator.reports == accepted_first_task
    assert indicator.total == 10 * accepted_first_task
    best_ids = {row.unit.pk for row in data.best_units}
    assert best_ids.isdisjoint({row.unit.pk for row in data.weakest_units})
    assert data.best_units[0].tally.on_time_rate >= data.best_units[-1].tally.on_time_rate


@pytest.mark.django_db
def test_trend_chart_is_an_accessible_svg_with_one_bar_per_period_and_no_inline_style():
    world = build_world(units=2, tasks=2)
    trend = selectors.period_trend(periods=world.periods, today=TODAY)
    assert trend[2].tally.counts[TaskState.NOT_DUE] == 4  # 2 units × 2 tasks
    svg = str(trend_chart(trend))
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
