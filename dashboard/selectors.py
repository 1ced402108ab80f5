"""Read-side figures of the office dashboard, the chairman's summary and the exports.

Every figure is aggregated in SQL over the one definition of the five-state status in
``directives.selectors`` (``state_tallies`` for counts, ``reports_with_state`` for rows) with
GROUP BY, so each page runs a constant number of queries whatever the number of units, tasks and
periods.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.db import connection
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import (
    AWAITING_REVIEW,
    REPORT_ACTIVITY_AT,
    Directive,
    ExtensionRequest,
    ExtensionStatus,
    Indicator,
    IndicatorPeriodTotal,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    Task,
)
from directives.selectors import (
    TASK_STATE_ORDER,
    ReviewBacklog,
    TaskState,
    accepted_indicator_sums,
    as_of_field,
    current_periods,
    day_end,
    period_current_in,
    period_state_tallies,
    reports_with_state,
    review_backlog,
)
from units.models import UNIT_ORDER, Unit, UnitKind

# Matrix rows are grouped the way official tables are: agencies, public-service units, then
# communes and the town (``Unit.group_order``).
UNIT_GROUP_LABELS = {
    0: _("Specialised agencies"),
    1: _("Public-service units"),
    2: _("Communes and the town"),
}


class MatrixSort:
    UNIT = "unit"
    LATENESS = "lateness"
    CHOICES = [(UNIT, _("by unit")), (LATENESS, _("most late first"))]


@dataclass
class StateTally:
    """Counts of report rows per five-state status and per workflow status."""

    counts: dict[str, int] = field(default_factory=lambda: {state.value: 0 for state in TASK_STATE_ORDER})
    submitted: int = 0
    accepted: int = 0
    awaiting_review: int = 0
    # Kept with every addition: the rates below read it thousands of times when 300 units are ranked.
    total: int = 0

    def add(self, *, state: str, status: str, n: int) -> None:
        self.counts[state] += n
        self.total += n
        if status != ReportStatus.DRAFT:
            self.submitted += n
        if status == ReportStatus.ACCEPTED:
            self.accepted += n
        if status in AWAITING_REVIEW:
            self.awaiting_review += n

    @classmethod
    def from_counts(cls, counts) -> "StateTally":
        """A tally from ``UNIT_COUNT_COLUMNS``-ordered counts (the tail of a ``unit_counts`` row)."""
        *by_state, submitted, accepted, awaiting_review = counts
        return cls(
            counts={state.value: n for state, n in zip(TASK_STATE_ORDER, by_state, strict=True)},
            submitted=submitted,
            accepted=accepted,
            awaiting_review=awaiting_review,
            total=sum(by_state),
        )

    def merge(self, other: "StateTally") -> None:
        for state, n in other.counts.items():
            self.counts[state] += n
        self.total += other.total
        self.submitted += other.submitted
        self.accepted += other.accepted
        self.awaiting_review += other.awaiting_review

    @property
    def due(self) -> int:
        """Rows whose period has opened (everything except "not yet due")."""
        return self.total - self.counts[TaskState.NOT_DUE]

    @property
    def done(self) -> int:
        return self.counts[TaskState.DONE_ON_TIME] + self.counts[TaskState.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[TaskState.OVERDUE]

    @property
    def completion_rate(self) -> float | None:
        return 100 * self.done / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.counts[TaskState.DONE_ON_TIME] / self.due if self.due else None

    @property
    def ordered(self) -> list[tuple[str, int]]:
        return [(state.value, self.counts[state]) for state in TASK_STATE_ORDER]

    def lateness_key(self) -> tuple[int, int, float]:
        return (-self.overdue, -self.counts[TaskState.DONE_LATE], self.on_time_rate or 0.0)


@dataclass
class Cell:
    report_id: int
    state: str
    status: str


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What the tables show of a unit: read as plain values, since a province page ranks 300 of them."""

    pk: int
    code: str
    name: str
    short_name: str
    kind: str
    group_order: int


@dataclass
class UnitRow:
    unit: UnitInfo
    tally: StateTally
    cells: list[Cell | None] = field(default_factory=list)


@dataclass
class UnitGroup:
    label: str
    rows: list[UnitRow]


def directive_periods(*, directive: Directive) -> list[ReportingPeriod]:
    """The directive's periods in time order, for the period picker and the trend."""
    return list(ReportingPeriod.objects.filter(directive=directive).order_by("start_date", "end_date"))


def period_choose(
    *, periods: list[ReportingPeriod], period_id: int | None, as_of: datetime.date | None = None
) -> ReportingPeriod | None:
    """The requested period if it is one of ``periods`` (a directive's, in time order), else the current one on ``as_of``."""
    by_id = {period.pk: period for period in periods}
    if period_id in by_id:
        return by_id[period_id]
    return period_current_in(periods, as_of or timezone.localdate())


def _period_reports(*, period: ReportingPeriod, unit_kind: str | None = None) -> QuerySet[ProgressReport]:
    queryset = ProgressReport.objects.filter(period=period)
    if unit_kind:
        queryset = queryset.filter(unit__kind=unit_kind)
    return queryset


# A ``unit_counts`` row: the ``UnitInfo`` fields, then the counts per state (display order) and per workflow status.
UNIT_INFO_SIZE = len(UnitInfo.__dataclass_fields__)
UNIT_COUNT_COLUMNS = (*(state.value for state in TASK_STATE_ORDER), "submitted", "accepted", "awaiting_review")
_COUNT = {name: UNIT_INFO_SIZE + index for index, name in enumerate(UNIT_COUNT_COLUMNS)}
_GROUP_ORDER = list(UnitInfo.__dataclass_fields__).index("group_order")
_KIND = list(UnitInfo.__dataclass_fields__).index("kind")
# The columns read for every one of thousands of rows, as plain indexes.
_DUE_COUNTS = itemgetter(*(_COUNT[state] for state in TASK_STATE_ORDER if state != TaskState.NOT_DUE))
_ON_TIME, _LATE, _OVERDUE = _COUNT[TaskState.DONE_ON_TIME], _COUNT[TaskState.DONE_LATE], _COUNT[TaskState.OVERDUE]
# The official order (``UNIT_ORDER``, the primary key breaking ties, as ``in_official_order``).
_ORDER = (*UNIT_ORDER, "pk")


def unit_counts(*, period: ReportingPeriod, unit_kind: str | None = None, as_of: datetime.date | None = None) -> list[tuple]:
    """Every unit with reports in ``period``, in table order, with its counts per state and status (one query).

    Plain tuples (``UnitInfo`` fields, then ``UNIT_COUNT_COLUMNS``): a national period has 3,321 units,
    and a page makes objects only of the few it shows. One GROUP BY unit over the period's reports,
    each with its state by the one rule, joined to the units; put in the official order here, since
    the database's collation sorts the long name keys several times slower than Python (the key is
    digits only, see ``units.collation``).
    """
    # Counting from a stored tally per unit (as ``ReportStateTally`` per task) was measured and dropped: a national
    # unit's six reports of a period rarely share the rule's inputs (14,657 tally rows for 19,926 reports), and the
    # dashboard took about three times as long (bench/dashboard_province.py --national, 01/12/2026).
    reports = reports_with_state(_period_reports(period=period, unit_kind=unit_kind), as_of=as_of)
    status = as_of_field("status", as_of)
    inner, params = reports.order_by().values_list("unit_id", status, "state").query.sql_with_params()
    quote = connection.ops.quote_name
    awaiting = ", ".join(["%s"] * len(AWAITING_REVIEW))
    sums = ["SUM(CASE WHEN r.state = %s THEN 1 ELSE 0 END)" for _state in TASK_STATE_ORDER]
    sums += [
        f"SUM(CASE WHEN r.{quote(status)} <> %s THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN r.{quote(status)} = %s THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN r.{quote(status)} IN ({awaiting}) THEN 1 ELSE 0 END)",
    ]
    info = ", ".join(f"u.{quote('id' if name == 'pk' else name)}" for name in [*UnitInfo.__dataclass_fields__, *_ORDER])
    # PostgreSQL would fold the inner query into the sums and work out each report's state once per sum; OFFSET 0 keeps
    # it a subquery, so the state is worked out once per report (half the time at 3,321 units).
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    # Names are the models' own, quoted; every value is a parameter.
    sql = (
        f"SELECT {info}, c.* FROM (SELECT r.unit_id, {', '.join(sums)} "  # noqa: S608
        f"FROM ({inner}{fence}) r GROUP BY r.unit_id) c JOIN {quote(Unit._meta.db_table)} u ON u.id = c.unit_id"
    )
    sum_params = [*TASK_STATE_ORDER, ReportStatus.DRAFT, ReportStatus.ACCEPTED, *AWAITING_REVIEW]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(value.value for value in sum_params), *params])
        rows = cursor.fetchall()
    order = slice(UNIT_INFO_SIZE, UNIT_INFO_SIZE + len(_ORDER))
    rows.sort(key=lambda row: row[order])
    return [(*row[:UNIT_INFO_SIZE], *row[order.stop + 1 :]) for row in rows]


def _unit_row(values: tuple) -> UnitRow:
    return UnitRow(unit=UnitInfo(*values[:UNIT_INFO_SIZE]), tally=StateTally.from_counts(values[UNIT_INFO_SIZE:]))


def counts_total(rows: list[tuple]) -> StateTally:
    """The tally of every ``unit_counts`` row together."""
    columns = zip(*(row[UNIT_INFO_SIZE:] for row in rows), strict=True)
    return StateTally.from_counts([sum(column) for column in columns] or [0] * len(UNIT_COUNT_COLUMNS))


def counts_rates(row: tuple) -> tuple[int, float, float]:
    """Due reports, on-time % and completion % of a ``unit_counts`` row (the rates 0 when nothing is due)."""
    due = sum(_DUE_COUNTS(row))
    if not due:
        return 0, 0.0, 0.0
    on_time = row[_ON_TIME]
    return due, 100 * on_time / due, 100 * (on_time + row[_LATE]) / due


def counts_lateness(row: tuple) -> tuple[int, int, float]:
    """``StateTally.lateness_key`` of a ``unit_counts`` row, without making the tally."""
    return (-row[_OVERDUE], -row[_LATE], counts_rates(row)[1])


def unit_tallies(*, period: ReportingPeriod, unit_kind: str | None = None, as_of: datetime.date | None = None) -> list[UnitRow]:
    """One row per unit with reports in ``period``: its counts per state (one query), in table order."""
    return [_unit_row(values) for values in unit_counts(period=period, unit_kind=unit_kind, as_of=as_of)]


def tally_total(rows: "Iterable[UnitRow | LabelledTally]") -> StateTally:
    """The tally of all ``rows`` (anything with a ``tally``) together: the matrix's total line, a period's headline."""
    total = StateTally()
    for row in rows:
        total.merge(row.tally)
    return total


def rows_grouped(rows: list[UnitRow]) -> list[UnitGroup]:
    """The rows by unit group (``group_order``), groups and rows in the order the rows come."""
    groups: dict[int, list[UnitRow]] = {}
    for row in rows:
        groups.setdefault(row.unit.group_order, []).append(row)
    return [UnitGroup(label=UNIT_GROUP_LABELS.get(order, ""), rows=members) for order, members in groups.items()]


def directive_tasks(*, directive: Directive) -> list[Task]:
    """The directive's tasks by number: the matrix's columns."""
    return list(Task.objects.filter(directive=directive).only("number", "short_label", "directive_id").order_by("number"))


def matrix_fill(*, rows: list[UnitRow], tasks: list[Task], period: ReportingPeriod, as_of: datetime.date | None = None) -> None:
    """Fill each row's cells (aligned with ``tasks``) from one query over the rows' units."""
    if not rows:
        return
    reports = (
        reports_with_state(ProgressReport.objects.filter(period=period, unit_id__in=[r.unit.pk for r in rows]), as_of=as_of)
        .order_by()
        .values_list("pk", "unit_id", "task_id", "state", as_of_field("status", as_of))
    )
    by_unit_task = {
        (unit_id, task_id): Cell(report_id=pk, state=state, status=status) for pk, unit_id, task_id, state, status in reports
    }
    for row in rows:
        row.cells = [by_unit_task.get((row.unit.pk, task.pk)) for task in tasks]


def pending_extensions(
    *, directive: Directive, limit: int = 8, as_of: datetime.date | None = None
) -> tuple[int, list[ExtensionRequest]]:
    """How many extension requests await a decision on ``as_of``, and the oldest ``limit`` of them (two queries)."""
    # Two queries rather than one with COUNT(*) OVER (): the window makes PostgreSQL join the unit, task and period of
    # every pending request, not only of the few listed (bench/dashboard_province.py measures both).
    pending = ExtensionRequest.objects.filter(period__directive=directive)
    if as_of is None or as_of >= timezone.localdate():
        pending = pending.filter(status=ExtensionStatus.PENDING)
    else:
        end = day_end(as_of)
        pending = pending.filter(Q(decided_at__isnull=True) | Q(decided_at__gte=end), requested_at__lt=end)
    items = list(
        pending.select_related("report__unit", "report__task", "period")
        .only("requested_date", "requested_at", "report__unit__short_name", "report__task__number", "period__label")
        .order_by("requested_at")[:limit]
    )
    return pending.count(), items


def recent_activity(*, period: ReportingPeriod, limit: int = 8, as_of: datetime.date | None = None) -> list[ProgressReport]:
    """The latest submissions and reviews of the period by ``as_of``, each with ``activity_at`` (one query)."""
    # The time is that of the submission or review itself, not ``updated_at``, which any save (a bulk import, a data
    # fix) would move.
    return list(
        ProgressReport.objects.filter(period=period)
        .exclude(status=ReportStatus.DRAFT)
        .select_related("unit", "task")
        .only("status", "submitted_at", "reviewed_at", "unit__short_name", "task__number")
        .annotate(activity_at=REPORT_ACTIVITY_AT)
        .filter(activity_at__lt=day_end(as_of or timezone.localdate()))
        .order_by(F("activity_at").desc(), "-pk")[:limit]
    )


# The dashboard's side panel lists this many of the most overdue units (the matrix sorted by lateness shows all).
OVERDUE_LISTED = 12


@dataclass
class DashboardData:
    period: ReportingPeriod
    tasks: list[Task]
    headline: StateTally
    units_count: int
    groups: list[UnitGroup]
    shown_rows: int
    units_overdue: int
    overdue_rows: list[UnitRow]  # the ``OVERDUE_LISTED`` most overdue, most first

    @property
    def overdue_unlisted(self) -> int:
        return self.units_overdue - len(self.overdue_rows)


def dashboard_data(
    *,
    directive: Directive,
    period: ReportingPeriod,
    unit_kind: str | None = None,
    state: str | None = None,
    sort: str = MatrixSort.UNIT,
    offset: int = 0,
    limit: int | None = None,
    as_of: datetime.date | None = None,
) -> DashboardData:
    """Headline figures, the (paged) compliance matrix and the most overdue units of one period: three queries.

    Every unit is counted, but only the rows shown (a page of the matrix, the overdue list) become objects.
    """
    rows = unit_counts(period=period, unit_kind=unit_kind, as_of=as_of)
    # ``rows`` come in the official order, which a stable sort keeps among equally late units.
    overdue = sorted((row for row in rows if row[_OVERDUE]), key=counts_lateness)
    shown = [row for row in rows if row[_COUNT[state]]] if state else rows
    if sort == MatrixSort.LATENESS:
        shown = sorted(shown, key=lambda row: (row[_GROUP_ORDER], *counts_lateness(row)))
    page = [_unit_row(values) for values in (shown[offset : offset + limit] if limit else shown)]
    tasks = directive_tasks(directive=directive)
    matrix_fill(rows=page, tasks=tasks, period=period, as_of=as_of)
    return DashboardData(
        period=period,
        tasks=tasks,
        headline=counts_total(rows),
        units_count=len(rows),
        groups=rows_grouped(page),
        shown_rows=len(shown),
        units_overdue=len(overdue),
        overdue_rows=[_unit_row(values) for values in overdue[:OVERDUE_LISTED]],
    )


@dataclass
class LabelledTally:
    label: str
    tally: StateTally
    key: object = None


@dataclass
class IndicatorTotal:
    """An indicator's total over the accepted reports that gave a value; ``total`` is None when none did."""

    indicator: Indicator
    total: Decimal | None
    reports: int


@dataclass
class SummaryData:
    period: ReportingPeriod
    as_of: datetime.date
    headline: StateTally
    units_count: int
    units_overdue: int
    by_task: list[LabelledTally]
    by_kind: list[LabelledTally]
    best_units: list[UnitRow]
    best_units_min_rate: int
    weakest_units: list[UnitRow]
    trend: list[LabelledTally]
    indicators: list[IndicatorTotal]
    extensions_count: int
    extensions: list[ExtensionRequest]
    backlog: ReviewBacklog


def tallies_by_task(*, tasks: list[Task], counts: dict[int, StateTally]) -> list[LabelledTally]:
    """A labelled tally per task, in the order of ``tasks``: the summary's by-task table."""
    return [LabelledTally(label=str(task), tally=counts[task.pk], key=task) for task in tasks]


def tallies_by_kind(rows: list[tuple]) -> list[LabelledTally]:
    """A labelled tally per kind of unit present among ``unit_counts`` rows: the summary's by-kind table."""
    by_kind: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_kind[row[_KIND]].append(row)
    return [
        LabelledTally(label=label, tally=counts_total(by_kind[kind]), key=kind)
        for kind, label in UnitKind.choices
        if kind in by_kind
    ]


@dataclass
class PeriodBreakdown:
    counts: list[tuple]  # ``unit_counts`` rows
    by_task: list[LabelledTally]
    by_kind: list[LabelledTally]
    total: StateTally

    @property
    def units(self) -> list[UnitRow]:
        """Every unit's row as an object (3,321 of them at national scale: only for those who list them all)."""
        return [_unit_row(values) for values in self.counts]


def period_breakdown(*, period: ReportingPeriod, tasks: list[Task], as_of: datetime.date | None = None) -> PeriodBreakdown:
    """Counts per unit, per task and per unit kind of one period (three queries)."""
    # Two GROUP BY queries (by unit, by task) return a few hundred rows; one GROUP BY unit × task returned one row per
    # report at province scale and cost more in Python than in SQL.
    counts = unit_counts(period=period, as_of=as_of)
    by_kind = tallies_by_kind(counts)
    by_task: dict[int, StateTally] = defaultdict(StateTally)
    for (_period_id, task_id, state, status), n in period_state_tallies(periods=[period], by_task=True, as_of=as_of).items():
        by_task[task_id].add(state=state, status=status, n=n)
    return PeriodBreakdown(
        counts=counts,
        by_task=tallies_by_task(tasks=tasks, counts=by_task),
        by_kind=by_kind,
        total=tally_total(by_kind),
    )


def period_trend(
    *, periods: list[ReportingPeriod], known: dict[int, StateTally] | None = None, as_of: datetime.date | None = None
) -> list[LabelledTally]:
    """State counts of each of ``periods``, in one GROUP BY query over the stored tallies (``period_state_tallies``)."""
    # ``known`` holds tallies already counted for the same ``today`` (by period id), which are reused rather than
    # counted again.
    tallies: dict[int, StateTally] = defaultdict(StateTally, known or {})
    to_count = [p.pk for p in periods if p.pk not in tallies]
    counts = period_state_tallies(periods=to_count, as_of=as_of) if to_count else {}
    for (period_id, state, status), n in counts.items():
        tallies[period_id].add(state=state, status=status, n=n)
    return [LabelledTally(label=period.label, tally=tallies[period.pk], key=period) for period in periods]


def indicator_totals(
    *,
    directive: Directive,
    period: ReportingPeriod | None = None,
    periods: list[ReportingPeriod] | None = None,
    as_of: datetime.date | None = None,
) -> list[IndicatorTotal]:
    """Totals of every task indicator over the reports of ``period`` (or all ``periods``) accepted by ``as_of`` (two queries)."""
    # Today (or later) from the stored totals, a few rows per period; a past day from the values of the reports accepted
    # by then (acceptance is final, so a report accepted by then holds the values it held then).
    indicators = list(
        Indicator.objects.filter(task__directive=directive).select_related("task").order_by("task__number", "position")
    )
    if not indicators:
        return []
    in_periods = {"period__in": periods} if periods is not None else {"period": period}
    if as_of is None or as_of >= timezone.localdate():
        rows = IndicatorPeriodTotal.objects.filter(**in_periods, indicator__in=indicators).order_by().values_list("indicator_id")
        rows = rows.annotate(total_sum=Sum("total"), reports_sum=Sum("reports"))
    else:
        in_periods = {f"report__{name}": value for name, value in in_periods.items()}
        rows = accepted_indicator_sums(
            "indicator_id", **in_periods, report__reviewed_at__lt=day_end(as_of), indicator__in=indicators
        )
    sums = {indicator_id: (total, reports) for indicator_id, total, reports in rows}
    return [IndicatorTotal(indicator, *sums.get(indicator.pk, (None, 0))) for indicator in indicators]


def units_ranked(rows: list[tuple], *, min_rate: int, size: int = 5) -> tuple[list[UnitRow], list[UnitRow]]:
    """The best units (on-time rate at least ``min_rate`` %, highest first) and the most overdue, of ``unit_counts`` rows."""
    # A ranking only means something among units that qualify: with none above the threshold the best list is empty, and
    # only units with an overdue task are listed as lagging. Stable sorts: equally ranked units keep the official order
    # of ``rows``. Worked out on the plain rows: only the units listed become objects.
    best, lagging = [], []
    for row in rows:
        due, on_time, completion = counts_rates(row)
        if due and on_time >= min_rate:
            best.append((-on_time, -completion, row))
        if due and row[_OVERDUE]:
            lagging.append((-row[_OVERDUE], completion, on_time, row))
    best.sort(key=itemgetter(0, 1))
    lagging.sort(key=itemgetter(0, 1, 2))
    return [_unit_row(r[-1]) for r in best[:size]], [_unit_row(r[-1]) for r in lagging[:size]]


# The summary's trend shows this many periods up to the one shown: a page of an ongoing directive
# costs the same in its tenth year as in its first.
TREND_PERIODS = 8


def summary_data(
    *, directive: Directive, period: ReportingPeriod, periods: list[ReportingPeriod], as_of: datetime.date | None = None
) -> SummaryData:
    """Everything on the chairman's one-page summary as of ``as_of`` (today by default), in a constant number of queries."""
    day = as_of or timezone.localdate()
    tasks = directive_tasks(directive=directive)
    breakdown = period_breakdown(period=period, tasks=tasks, as_of=as_of)
    best, lagging = units_ranked(breakdown.counts, min_rate=directive.best_units_min_rate)
    extensions_count, extensions = pending_extensions(directive=directive, limit=5, as_of=as_of)
    # Periods not yet open hold no reports worth a bar; the trend ends with the period shown.
    started = [p for p in periods if p.has_started_by(period.start_date)]
    return SummaryData(
        period=period,
        as_of=day,
        headline=breakdown.total,
        units_count=len(breakdown.counts),
        units_overdue=sum(1 for row in breakdown.counts if row[_OVERDUE]),
        by_task=breakdown.by_task,
        by_kind=breakdown.by_kind,
        best_units=best,
        best_units_min_rate=directive.best_units_min_rate,
        weakest_units=lagging,
        trend=period_trend(periods=started[-TREND_PERIODS:], known={period.pk: breakdown.total}, as_of=as_of),
        indicators=indicator_totals(directive=directive, period=period, as_of=as_of),
        extensions_count=extensions_count,
        extensions=extensions,
        backlog=review_backlog(directive_id=directive.pk, as_of=as_of),
    )


@dataclass
class DirectiveOverview:
    directive: Directive
    period: ReportingPeriod | None
    tally: StateTally


def home_overview(*, directives: list[Directive], as_of: datetime.date | None = None) -> list[DirectiveOverview]:
    """Each active directive's current period and its state counts, for the office and leadership home (two queries)."""
    periods = {period.directive_id: period for period in current_periods(as_of=as_of)}
    tallies: dict[int, StateTally] = defaultdict(StateTally)
    if periods:
        counts = period_state_tallies(periods=list(periods.values()), as_of=as_of)
        for (period_id, state, status), n in counts.items():
            tallies[period_id].add(state=state, status=status, n=n)
    overview = []
    for directive in directives:
        period = periods.get(directive.pk)
        overview.append(
            DirectiveOverview(directive=directive, period=period, tally=tallies[period.pk] if period else StateTally())
        )
    return overview
