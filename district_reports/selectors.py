"""Read-side queries of the district reports: the figures as of the report's date, the units' texts, the appendix.

Every state comes from the one status rule (``directives.selectors.reports_with_state`` and
``state_tallies``) as of the report's date; indicator totals from ``dashboard.selectors.indicator_totals``;
SIPAS figures from the satisfaction selectors. Each function runs a constant number of queries
whatever the number of units, tasks and periods.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from dashboard.selectors import IndicatorTotal, indicator_totals
from directives.models import AWAITING_REVIEW, Directive, LegalBasis, ProgressReport, ReportingPeriod, Task
from directives.selectors import TaskState, as_of_field, reports_with_state, state_tallies
from satisfaction.models import LowRatedTaskLink, Measurement, Scope
from satisfaction.selectors import LowRatedItem, Quarter, low_rated, percent, survey_figures
from security.text import text_clean
from units.models import unit_order

from .models import DistrictReport, ReportSection, ReportState, ReportVersion, SectionComment
from .windows import Window

DONE_STATES = (TaskState.DONE_ON_TIME, TaskState.DONE_LATE)
# How many criteria rated low a task's figures name (the lowest first).
LOW_RATED_SHOWN = 5


def window_periods(*, directive: Directive, window: Window) -> list[ReportingPeriod]:
    """The directive's periods that lie inside ``window``, in order (one query)."""
    return list(
        ReportingPeriod.objects.filter(directive=directive, start_date__gte=window.start, end_date__lte=window.end).order_by(
            "start_date", "end_date"
        )
    )


def implemented_basis(*, directive: Directive) -> LegalBasis | None:
    """The document the directive carries out (the province's, cited by the report upward), if the office marked one."""
    return LegalBasis.objects.filter(directive=directive, implemented=True).first()


@dataclass
class WorkFigures:
    """The units' work on a task (or on all tasks) in a window, as the status rule counts it on one day."""

    total: int = 0
    not_due: int = 0
    on_time: int = 0
    late: int = 0
    awaiting: int = 0  # sent and waiting for the office: the unit has done its part
    owed: int = 0  # still to be sent (drafts, returned reports)
    owed_overdue: int = 0

    def add(self, *, state: str, status: str, n: int) -> None:
        self.total += n
        if state == TaskState.NOT_DUE:
            self.not_due += n
        elif state == TaskState.DONE_ON_TIME:
            self.on_time += n
        elif state == TaskState.DONE_LATE:
            self.late += n
        elif status in AWAITING_REVIEW:
            self.awaiting += n
        else:
            self.owed += n
            self.owed_overdue += state == TaskState.OVERDUE and n

    @property
    def due(self) -> int:
        return self.total - self.not_due

    @property
    def accepted(self) -> int:
        return self.on_time + self.late


@dataclass
class SipasFigures:
    """What the satisfaction module holds for the report's year: SIPAS results and the live survey of the window."""

    measurement: Measurement | None
    comparison: Measurement | None
    threshold: Decimal
    low: list[LowRatedItem]
    survey_responses: int
    survey_percent: Decimal | None
    survey_is_demo: bool

    @property
    def is_demo(self) -> bool:
        return bool(
            (self.measurement and self.measurement.is_demo)
            or (self.comparison and self.comparison.is_demo)
            or (self.survey_responses and self.survey_is_demo)
        )


@dataclass
class ReportFigures:
    as_of: datetime.date
    window: Window
    periods: list[ReportingPeriod]
    units: int
    tasks: list[Task]
    total: WorkFigures
    by_task: dict[int, WorkFigures]
    indicators: dict[int, list[IndicatorTotal]] = field(default_factory=dict)
    sipas: SipasFigures | None = None
    sipas_task_ids: frozenset[int] = frozenset()
    has_demo_reports: bool = False


def _window_reports(periods: list[ReportingPeriod]) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(period__in=[period.pk for period in periods])


def report_figures(*, report: DistrictReport) -> ReportFigures:
    """Every figure of the report as of its date: work per task, indicator totals, SIPAS (a constant number of queries)."""
    as_of, window = report.report_date, report.window
    periods = window_periods(directive=report.directive, window=window)
    tasks = list(Task.objects.filter(directive_id=report.directive_id).order_by("number"))
    by_task: dict[int, WorkFigures] = defaultdict(WorkFigures)
    total = WorkFigures()
    if periods:
        for (task_id, state, status), n in state_tallies(_window_reports(periods), "task_id", as_of=as_of).items():
            by_task[task_id].add(state=state, status=status, n=n)
            total.add(state=state, status=status, n=n)
    units = window_units(periods)
    has_demo = bool(periods) and _window_reports(periods).filter(is_demo=True).exists()
    indicators: dict[int, list[IndicatorTotal]] = defaultdict(list)
    if periods:
        for item in indicator_totals(directive=report.directive, periods=periods, as_of=as_of):
            indicators[item.indicator.task_id].append(item)
    sipas_tasks = frozenset(LowRatedTaskLink.objects.filter(task__in=tasks).values_list("task_id", flat=True))
    return ReportFigures(
        as_of=as_of,
        window=window,
        periods=periods,
        units=units,
        tasks=tasks,
        total=total,
        by_task={task.pk: by_task[task.pk] for task in tasks},
        indicators=dict(indicators),
        sipas=sipas_figures(window=window, as_of=as_of) if sipas_tasks else None,
        sipas_task_ids=sipas_tasks,
        has_demo_reports=has_demo,
    )


def sipas_figures(*, window: Window, as_of: datetime.date) -> SipasFigures:
    """The district's latest SIPAS results up to the window's year, what was rated low, and the window's live survey."""
    # The live survey covers the window's quarters by ``as_of``; a constant number of queries.
    measurement = (
        Measurement.objects.filter(scope=Scope.DISTRICT, year__lte=window.year).select_related("unit").order_by("-year").first()
    )
    rated = low_rated(measurement=measurement) if measurement else None
    last_day = min(as_of, window.end)
    survey = survey_figures(detailed=False, today=last_day)
    first, last = Quarter.of(window.start), Quarter.of(last_day)
    answers = satisfied = responses = 0
    for quarter in survey.quarters:
        if first <= quarter <= last and last_day >= window.start:
            cell = survey.overall.get(quarter)
            if cell is not None:
                answers, satisfied = answers + cell.answers, satisfied + cell.satisfied
            responses += survey.responses_by_quarter.get(quarter, 0)
    return SipasFigures(
        measurement=measurement,
        comparison=rated.comparison if rated else None,
        threshold=rated.threshold if rated else Decimal(0),
        low=[item for item in rated.items if item.level == "criterion"][:LOW_RATED_SHOWN] if rated else [],
        survey_responses=responses,
        survey_percent=percent(satisfied, answers),
        survey_is_demo=survey.has_demo,
    )


@dataclass(frozen=True)
class UnitText:
    report_id: int
    unit_name: str
    period_label: str
    task_number: int
    text: str


def accepted_texts(
    *,
    directive: Directive,
    window: Window,
    as_of: datetime.date,
    field: str,
    task_id: int | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> tuple[int, list[UnitText]]:
    """The units' non-empty ``field`` texts of the window's reports accepted by ``as_of``, in official order."""
    # Returns (how many, the texts of ``page`` of ``per_page``, or all); ``field`` is "results", "shortcomings" or
    # "solutions"; ``task_id`` narrows to one task. Three queries.
    periods = window_periods(directive=directive, window=window)
    reports = reports_with_state(_window_reports(periods), as_of=as_of).filter(state__in=DONE_STATES)
    if task_id is not None:
        reports = reports.filter(task_id=task_id)
    reports = reports.exclude(**{field: ""})
    rows = reports.order_by(*unit_order("unit"), "task__number", "period__start_date").values_list(
        "pk", "unit__name", "period__label", "task__number", field
    )
    if per_page is None:
        texts = [UnitText(*row) for row in rows]
        return len(texts), texts
    count = reports.count()
    start = (min(max(page, 1), max((count + per_page - 1) // per_page, 1)) - 1) * per_page
    return count, [UnitText(*row) for row in rows[start : start + per_page]]


def window_units(periods: list[ReportingPeriod]) -> int:
    """How many units have reports in the periods (one query)."""
    return _window_reports(periods).values("unit_id").distinct().count() if periods else 0


@dataclass(frozen=True)
class AppendixHead:
    """The columns of the per-unit × per-task table of the window (each cell: one state per period, in order)."""

    tasks: list[tuple[int, str]]  # (number, short label)
    periods: list[str]  # labels
    task_ids: list[int] = field(default_factory=list)  # a draft's, to read its rows
    period_ids: list[int] = field(default_factory=list)


# In a cell, a report that waits for the office's review reads apart from the other "in progress" ones.
AWAITING = "awaiting"


def appendix_head(*, report: DistrictReport, figures: ReportFigures | None = None) -> AppendixHead:
    """The appendix's tasks and periods: a final report's as frozen, a draft's from ``figures`` or the database."""
    if report.frozen is not None:
        data = report.frozen["appendix"]
        return AppendixHead(tasks=[tuple(task) for task in data["tasks"]], periods=data["periods"])
    if figures is None:
        periods = window_periods(directive=report.directive, window=report.window)
        tasks = list(Task.objects.filter(directive_id=report.directive_id).order_by("number"))
    else:
        periods, tasks = figures.periods, figures.tasks
    return AppendixHead(
        tasks=[(task.number, task.short_label) for task in tasks],
        periods=[period.label for period in periods],
        task_ids=[task.pk for task in tasks],
        period_ids=[period.pk for period in periods],
    )


def appendix_rows(*, report: DistrictReport, head: AppendixHead) -> Iterator[tuple[str, list[list[str]]]]:
    """The appendix's rows, (unit name, cells aligned with the tasks), in the units' official order."""
    # A final report's come from what was frozen; a draft's are read as of its date with the status rule, in one query
    # streamed in chunks, so memory does not grow with the number of units.
    if report.frozen is not None:
        for name, cells in report.frozen["appendix"]["rows"]:
            yield name, cells
        return
    if not head.period_ids:
        return
    columns = {pk: index for index, pk in enumerate(head.task_ids)}
    slots = {pk: index for index, pk in enumerate(head.period_ids)}
    as_of = report.report_date
    rows = (
        reports_with_state(ProgressReport.objects.filter(period__in=head.period_ids), as_of=as_of)
        .order_by(*unit_order("unit"), "unit_id")
        .values_list("unit_id", "unit__name", "task_id", "period_id", "state", as_of_field("status", as_of))
    )
    current, name, cells = None, "", []
    for unit_id, unit_name, task_id, period_id, state, status in rows.iterator(chunk_size=5000):
        if unit_id != current:
            if current is not None:
                yield name, cells
            current, name, cells = unit_id, unit_name, [[""] * len(slots) for _ in columns]
        awaiting = state == TaskState.IN_PROGRESS and status in AWAITING_REVIEW
        cells[columns[task_id]][slots[period_id]] = AWAITING if awaiting else state
    if current is not None:
        yield name, cells


def reports_of_directive(*, directive: Directive) -> list[DistrictReport]:
    """The directive's district reports, newest window first (one query)."""
    return list(DistrictReport.objects.filter(directive=directive).order_by("-year", "-report_date", "-pk"))


def report_for_window(*, directive: Directive, window: Window) -> DistrictReport | None:
    """The directive's district report for ``window``, if the office has composed one (one per window)."""
    return DistrictReport.objects.filter(
        directive=directive, window_kind=window.kind, year=window.year, quarter=window.quarter
    ).first()


def report_sections(*, report: DistrictReport) -> list[ReportSection]:
    """The report's sections in order, each with its leadership comments and their authors (two queries)."""
    comments = Prefetch("comments", queryset=SectionComment.objects.select_related("author").order_by("created_at", "pk"))
    return list(report.sections.select_related("task").prefetch_related(comments).order_by("position"))


def report_versions(*, report: DistrictReport) -> list[ReportVersion]:
    """Every saved version of the report, newest first, without their text (one query)."""
    return list(report.versions.select_related("saved_by").defer("content").order_by("-number"))


def district_report_final_versions(*, directive_id: int | None = None) -> QuerySet[ReportVersion]:
    """The version each final district report was marked final with (its full text), newest first: what was sent."""
    versions = ReportVersion.objects.filter(state=ReportState.FINAL, report__state=ReportState.FINAL)
    if directive_id is not None:
        versions = versions.filter(report__directive_id=directive_id)
    return versions.select_related("report__directive", "saved_by").order_by("-saved_at", "-pk")


def iter_lines(text: str) -> Iterator[str]:
    """The paragraphs of a plain text, cleaned (``security.text``) before it is split: one per non-empty line."""
    for line in text_clean(text).split("\n"):
        if line.strip():
            yield line.strip()
