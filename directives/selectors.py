"""Read-side queries for directives: the one definition of a report's five-state status.

Everything that says where a unit stands (home pages, dashboards, exports, reminders) annotates
with ``reports_with_state`` so that the status is computed once, in SQL, and aggregates there.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.models import unit_order

from .models import (
    AWAITING_REVIEW,
    DirectiveStatus,
    ExtensionRequest,
    ExtensionStatus,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    ReportStateTally,
    ReportStatus,
    ReportVersion,
)


class TaskState(models.TextChoices):
    """Where a unit stands on a task in a period (VPCP's convention, see DOMAIN.md)."""

    DONE_ON_TIME = "done_on_time", _("Completed on time")
    DONE_LATE = "done_late", _("Completed late")
    IN_PROGRESS = "in_progress", _("In progress, within deadline")
    OVERDUE = "overdue", _("Overdue")
    NOT_DUE = "not_due", _("Not yet due")


# Display order and Bootstrap colour of each state (green, orange, blue, red, grey).
TASK_STATE_ORDER = [TaskState.DONE_ON_TIME, TaskState.DONE_LATE, TaskState.IN_PROGRESS, TaskState.OVERDUE, TaskState.NOT_DUE]
TASK_STATE_COLOURS = {
    TaskState.DONE_ON_TIME: "success",
    TaskState.DONE_LATE: "orange",
    TaskState.IN_PROGRESS: "primary",
    TaskState.OVERDUE: "danger",
    TaskState.NOT_DUE: "secondary",
}


def state_label(state: str, status: str | None = None) -> str:
    """A state's label; an in-progress report that the office has not reviewed yet reads "sent, awaiting review"."""
    if state == TaskState.IN_PROGRESS and status in AWAITING_REVIEW:
        return gettext("Sent, awaiting review")
    return TaskState(state).label


# The inputs of the status rule: reports that agree on all of them have the same status.
STATE_INPUTS = ("period_id", "status", "deadline", "first_submitted_on", "submitted_on", "resubmit_by")
# The rule's inputs as of a past day are annotated under these names (see ``_as_of_inputs``).
_AS_OF = {name: f"as_of_{name}" for name in STATE_INPUTS if name != "period_id"}


def _columns(inputs: dict[str, str] | None) -> dict[str, str]:
    return {name: name for name in STATE_INPUTS} | (inputs or {})


def _owed_by(col: dict[str, str]) -> Case:
    """The day by which the unit must act on a report it still owes: the deadline or, once a report sent on
    time was returned, the later end of its resubmission window."""
    return Case(
        When(
            Q(**{col["status"]: ReportStatus.RETURNED, f"{col['first_submitted_on']}__lte": F(col["deadline"])})
            & Q(**{f"{col['resubmit_by']}__gt": F(col["deadline"])}),
            then=F(col["resubmit_by"]),
        ),
        default=F(col["deadline"]),
        output_field=models.DateField(),
    )


def _state_rule(as_of: datetime.date, *, inputs: dict[str, str] | None = None) -> Case:
    """The five-state status of a report on day ``as_of``, from the rule's inputs (see ``reports_with_state``).

    ``inputs`` maps each name of ``STATE_INPUTS`` to the column or annotation holding it (the
    report's own columns by default).
    """
    col = _columns(inputs)

    def q(name: str, lookup: str, value) -> Q:
        return Q(**{f"{col[name]}__{lookup}": value})

    first_on_time = q("first_submitted_on", "lte", F(col["deadline"]))
    # A resubmission is judged against the window the return gave (the deadline judges the first).
    sent_on_time = first_on_time & (q("resubmit_by", "isnull", True) | q("submitted_on", "lte", F(col["resubmit_by"])))
    return Case(
        When(q("status", "exact", ReportStatus.ACCEPTED) & sent_on_time, then=Value(TaskState.DONE_ON_TIME)),
        When(q("status", "exact", ReportStatus.ACCEPTED), then=Value(TaskState.DONE_LATE)),
        # A (hashed) subquery rather than a join on the period: the status of 100,000+ rows
        # is computed without joining each one (about a third faster at province scale).
        When(
            q("period_id", "in", ReportingPeriod.objects.not_started_by(as_of).values("pk")),
            then=Value(TaskState.NOT_DUE),
        ),
        When(GreaterThanOrEqual(_owed_by(col), Value(as_of)), then=Value(TaskState.IN_PROGRESS)),
        # Sent on time and waiting for the office: the wait is the office's, not the unit's.
        When(q("status", "in", AWAITING_REVIEW) & sent_on_time, then=Value(TaskState.IN_PROGRESS)),
        default=Value(TaskState.OVERDUE),
        output_field=models.CharField(),
    )


def day_end(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in local time: what happened before it had happened by that day."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=timezone.get_current_timezone())


def _as_of_inputs(queryset: QuerySet[ProgressReport], as_of: datetime.date) -> QuerySet[ProgressReport]:
    """Annotate the rule's inputs as they stood at the end of ``as_of`` (names in ``_AS_OF``).

    A report's own columns hold its latest state; what it was on an earlier day is read from the
    submitted versions (each with its review) and the extensions decided by then. The columns are
    used as they are whenever nothing has happened since (most rows of an old period), so the
    version subqueries run only for the others.
    """
    end = day_end(as_of)
    unchanged_since = Q(submitted_at__lt=end) & (Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=end))
    never_sent = Q(first_submitted_at__isnull=True) | Q(first_submitted_at__gte=end)
    version = ReportVersion.objects.filter(report=OuterRef("pk"), submitted_at__lt=end).order_by("-number")
    reviewed = Q(reviewed_at__lt=end)
    version_status = Case(
        When(reviewed, then=F("decision")),
        When(number__gt=1, then=Value(ReportStatus.RESUBMITTED)),
        default=Value(ReportStatus.SUBMITTED),
    )
    version_window = Case(
        When(reviewed & Q(decision=ReportStatus.RETURNED), then=F("resubmit_by")), default=F("resubmission_due")
    )
    version_day = TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
    approved = ExtensionRequest.objects.filter(report=OuterRef("pk"), status=ExtensionStatus.APPROVED)
    approved_by_then = approved.filter(decided_at__lt=end).order_by(F("decided_at").desc(), "-pk").values("granted_date")[:1]

    def from_version(expression, field: models.Field):
        return Subquery(version.annotate(value=expression).values("value")[:1], output_field=field)

    return queryset.annotate(
        **{
            _AS_OF["status"]: Case(
                When(never_sent, then=Value(ReportStatus.DRAFT)),
                When(unchanged_since, then=F("status")),
                default=from_version(version_status, models.CharField()),
            ),
            _AS_OF["first_submitted_on"]: Case(When(never_sent, then=None), default=F("first_submitted_on")),
            _AS_OF["submitted_on"]: Case(
                When(never_sent, then=None),
                When(unchanged_since, then=F("submitted_on")),
                default=from_version(version_day, models.DateField()),
            ),
            _AS_OF["resubmit_by"]: Case(
                When(never_sent, then=None),
                When(unchanged_since, then=F("resubmit_by")),
                default=from_version(version_window, models.DateField()),
            ),
            _AS_OF["deadline"]: Case(
                When(~Exists(approved.filter(decided_at__gte=end)), then=F("deadline")),
                default=Coalesce(Subquery(approved_by_then, output_field=models.DateField()), F("period__due_date")),
            ),
        }
    )


def _is_past(as_of: datetime.date | None) -> bool:
    return as_of is not None and as_of < timezone.localdate()


def reports_with_state(queryset: QuerySet[ProgressReport] | None = None, *, as_of: datetime.date | None = None):
    """Annotate reports with ``state`` (a ``TaskState`` value) as it stood on ``as_of`` (default today)."""
    # Accepted: on time if first submitted on or before the deadline (local date) and, after a return, resubmitted
    # within the window the return gave; else late. Not accepted: not yet due before the period starts; in progress up
    # to and including the deadline day, and after it while a report sent on time waits for the office's review or a
    # returned one is inside its resubmission window (``owed_by``, also annotated); overdue otherwise. The deadline is
    # the report's stored ``deadline`` (the period's due date or the latest approved extension, kept by
    # ``services.report_deadlines_refresh``). For a past day the inputs are those of that day (``_as_of_inputs``), and
    # ``status`` and ``deadline`` are annotated as they were then (``as_of_status``, ``as_of_deadline``).
    queryset = ProgressReport.objects.all() if queryset is None else queryset
    if _is_past(as_of):
        return _as_of_inputs(queryset, as_of).annotate(
            state=_state_rule(as_of, inputs=_AS_OF), owed_by=_owed_by(_columns(_AS_OF))
        )
    return queryset.annotate(state=_state_rule(as_of or timezone.localdate()), owed_by=_owed_by(_columns(None)))


class _GroupState(ExpressionWrapper):
    """The status rule applied to a group of reports that agree on every input in ``STATE_INPUTS``.

    The query groups by those inputs, so the rule reads grouped columns and runs once per group,
    after aggregation. It therefore adds nothing to GROUP BY (Django would otherwise group by the
    CASE itself, which evaluates it for every row again).
    """

    def get_group_by_cols(self):
        return []


def state_tallies(queryset: QuerySet[ProgressReport], *keys: str, as_of: datetime.date | None = None) -> Counter[tuple]:
    """Count reports per ``keys``, state and workflow status, in one query: ``{(*keys, state, status): n}``."""
    # The query groups by ``keys`` and the rule's inputs and applies the rule once per group: a period of a province
    # (18,000 reports) has a few hundred such groups, and PostgreSQL counts them faster than it evaluates the rule for
    # each row and groups by the result (bench/dashboard_province.py). ``status`` is the workflow status on ``as_of``.
    names = _columns(None)
    if _is_past(as_of):
        queryset, names = _as_of_inputs(queryset.order_by(), as_of), names | _AS_OF
    return _grouped_counts(queryset, keys, names=names, day=as_of or timezone.localdate(), n=Count("*"))


def _grouped_counts(queryset: QuerySet, keys, *, names: dict[str, str], day: datetime.date, n: Aggregate) -> Counter[tuple]:
    """Group ``queryset`` by ``keys`` and the rule's inputs (``names``), apply the rule once per group, add up ``n``."""
    fields = list(dict.fromkeys([*keys, *names.values()]))
    key_positions = [fields.index(key) for key in keys]
    status_position = fields.index(names["status"])
    rule = _state_rule(day, inputs=names)
    rows = queryset.order_by().values_list(*fields).annotate(n=n, state=_GroupState(rule, output_field=models.CharField()))
    counts: Counter[tuple] = Counter()
    for *columns, count, state in rows:
        counts[(*(columns[position] for position in key_positions), state, columns[status_position])] += count
    return counts


def period_state_tallies(*, periods, by_task: bool = False, as_of: datetime.date | None = None) -> Counter[tuple]:
    """``state_tallies`` of whole ``periods`` (ids, objects or a query) by period, and task if ``by_task`` (one query).

    For today or a later day they are read from the stored tallies (``ReportStateTally``: a few rows
    per period and task, whatever the number of units), the rule applied to each; for a past day from
    the reports, whose inputs are then those of that day.
    """
    keys = ("period_id", "task_id") if by_task else ("period_id",)
    if _is_past(as_of):
        return state_tallies(ProgressReport.objects.filter(period__in=periods), *keys, as_of=as_of)
    tallies = ReportStateTally.objects.filter(period__in=periods)
    return _grouped_counts(tallies, keys, names=_columns(None), day=as_of or timezone.localdate(), n=Sum("n"))


def as_of_field(name: str, as_of: datetime.date | None) -> str:
    """The field of ``reports_with_state`` rows that holds the rule input ``name`` ("status", "deadline", …) on ``as_of``."""
    return _AS_OF[name] if _is_past(as_of) else name


def period_current_in(periods: list[ReportingPeriod], day: datetime.date) -> ReportingPeriod | None:
    """Of ``periods`` (in time order), the one that contains ``day``, else the latest that started, else the first."""
    started = [p for p in periods if p.has_started_by(day)]
    containing = [p for p in started if day <= p.end_date]
    return (containing or started[-1:] or periods[:1] or [None])[0]


def period_state_counts(*, directive_id: int, as_of: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Reports per period and state of one directive, in one query: {period_id: {state: n}}."""
    counts: dict[int, dict[str, int]] = {}
    periods = ReportingPeriod.objects.filter(directive_id=directive_id)
    for (period_id, state, _status), n in period_state_tallies(periods=periods, as_of=as_of).items():
        by_state = counts.setdefault(period_id, {})
        by_state[state] = by_state.get(state, 0) + n
    return counts


def current_period(*, directive_id: int, as_of: datetime.date | None = None) -> ReportingPeriod | None:
    """The period that contains ``as_of`` (today by default), else the latest that started, else the first one."""
    periods = list(ReportingPeriod.objects.filter(directive_id=directive_id).order_by("start_date", "end_date"))
    return period_current_in(periods, as_of or timezone.localdate())


def current_periods(*, as_of: datetime.date | None = None) -> list[ReportingPeriod]:
    """The current period of every directive being followed up, in one query."""
    day = as_of or timezone.localdate()
    by_directive: dict[int, list[ReportingPeriod]] = {}
    periods = ReportingPeriod.objects.filter(directive__status=DirectiveStatus.ACTIVE).order_by(
        "directive_id", "start_date", "end_date"
    )
    for period in periods:
        by_directive.setdefault(period.directive_id, []).append(period)
    return [p for p in (period_current_in(items, day) for items in by_directive.values()) if p is not None]


def _report_related(queryset: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return queryset.select_related("assignment__unit", "assignment__task__directive", "period", "submitted_by")


def _unit_report_related(queryset: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    """What a unit's own list shows of each report (``_report_row.html``): its task, directive and period.

    Through the report's own ``task``: joining the assignment made PostgreSQL hash every assignment
    of the country to read one unit's, and its unit is the unit whose list it is.
    """
    return queryset.select_related("task__directive", "period").prefetch_related(_pending_extensions())


class TimingKind(models.TextChoices):
    """What a report's card says about time (``ReportTiming``)."""

    DAYS_LEFT = "days_left"
    DUE_TODAY = "due_today"
    DAYS_LATE = "days_late"
    AWAITING_REVIEW = "awaiting_review"
    RESUBMIT = "resubmit"
    ACCEPTED = "accepted"
    NOT_DUE = "not_due"
    ENDED_UNSENT = "ended_unsent"
    ENDED_RETURNED = "ended_returned"


@dataclass(frozen=True)
class ReportTiming:
    """Days left or late in the current period; for a report of an earlier period, how it ended."""

    kind: str
    days: int | None = None


def report_timing(*, report: ProgressReport, state: str, today: datetime.date, current: bool) -> ReportTiming:
    """What the card of ``report`` (annotated by ``reports_with_state`` today) says, counted to its ``owed_by`` day."""
    # ``current``: its period is the directive's current one.
    if report.status == ReportStatus.ACCEPTED:
        return ReportTiming(TimingKind.ACCEPTED)
    if report.status in AWAITING_REVIEW:
        return ReportTiming(TimingKind.AWAITING_REVIEW)
    if state == TaskState.NOT_DUE:
        return ReportTiming(TimingKind.NOT_DUE)
    if not current:
        return ReportTiming(TimingKind.ENDED_RETURNED if report.status == ReportStatus.RETURNED else TimingKind.ENDED_UNSENT)
    days_left = (report.owed_by - today).days
    if report.owed_by > report.deadline and days_left >= 0:
        return ReportTiming(TimingKind.RESUBMIT, days_left)
    if days_left > 0:
        return ReportTiming(TimingKind.DAYS_LEFT, days_left)
    if days_left == 0:
        return ReportTiming(TimingKind.DUE_TODAY, 0)
    return ReportTiming(TimingKind.DAYS_LATE, -days_left)


def report_period_is_current(*, report: ProgressReport) -> bool:
    """Whether the report's period is its directive's current one today (one query)."""
    return current_period(directive_id=report.period.directive_id) == report.period


def _with_timing(reports, *, today: datetime.date, current_ids: set[int]) -> list[ProgressReport]:
    rows = list(reports)
    for report in rows:
        report.timing = report_timing(report=report, state=report.state, today=today, current=report.period_id in current_ids)
    return rows


def unit_home_reports(*, unit_id: int) -> list[ProgressReport]:
    """The unit's reports for the current periods: returned ones first, then by deadline (three queries)."""
    # Each report carries ``pending_extensions`` (a list) and its ``timing`` (``ReportTiming``).
    today = timezone.localdate()
    current = current_periods(as_of=today)
    reports = _unit_report_related(reports_with_state(ProgressReport.objects.filter(unit_id=unit_id, period__in=current)))
    reports = reports.annotate(returned_first=Case(When(status=ReportStatus.RETURNED, then=Value(0)), default=Value(1))).order_by(
        "returned_first", "deadline", "period__directive__issue_date", "task__number"
    )
    return _with_timing(reports, today=today, current_ids={p.pk for p in current})


def unit_reports(*, unit_id: int, offset: int = 0, limit: int | None = None) -> list[ProgressReport]:
    """A unit's reports (``limit`` of them from ``offset``, or all), newest period first, with state and ``timing`` today."""
    today = timezone.localdate()
    reports = reports_with_state(ProgressReport.objects.filter(unit_id=unit_id))
    reports = _unit_report_related(reports).order_by("-period__start_date", "period__directive__issue_date", "task__number", "pk")
    return _with_timing(
        reports[offset : offset + limit] if limit is not None else reports,
        today=today,
        current_ids={p.pk for p in current_periods(as_of=today)},
    )


def unit_reports_count(*, unit_id: int) -> int:
    """How many reports a unit has, over every directive and period."""
    return ProgressReport.objects.filter(unit_id=unit_id).count()


def _pending_extensions() -> Prefetch:
    return Prefetch(
        "extension_requests",
        queryset=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING),
        to_attr="pending_extensions",
    )


def review_queue() -> QuerySet[ProgressReport]:
    """Reports waiting for the office, oldest submission first (one query)."""
    return _report_related(reports_with_state(ProgressReport.objects.filter(status__in=AWAITING_REVIEW))).order_by(
        "submitted_at", "pk"
    )


def with_waiting_days(reports, *, today: datetime.date | None = None) -> list[ProgressReport]:
    """Give each report waiting for review its ``waiting_days``: calendar days since its latest version was sent."""
    today = today or timezone.localdate()
    rows = list(reports)
    for report in rows:
        report.waiting_days = (today - report.submitted_on).days
    return rows


@dataclass(frozen=True)
class ReviewBacklog:
    """The office's own duty: reports waiting for its review on a day, and for how long (whole days)."""

    waiting: int
    oldest_days: int | None
    median_days: float | None


def review_backlog(*, directive_id: int | None = None, as_of: datetime.date | None = None) -> ReviewBacklog:
    """How many reports wait for review on ``as_of`` (today by default), the oldest and median wait (one query)."""
    # A report waits from the day its latest version was sent; the wait is counted in calendar days.
    day = as_of or timezone.localdate()
    # Today from the stored tallies (a few rows per period); a past day from the reports as they stood.
    reports, names, n = ReportStateTally.objects.all(), _columns(None), Sum("n")
    if _is_past(day):
        reports, names, n = _as_of_inputs(ProgressReport.objects.all(), day), names | _AS_OF, Count("*")
    if directive_id is not None:
        reports = reports.filter(period__directive_id=directive_id)
    waits = (
        reports.filter(**{f"{names['status']}__in": AWAITING_REVIEW})
        .order_by()
        .values_list(names["submitted_on"])
        .annotate(n=n)
        .values_list(names["submitted_on"], "n")
    )
    counts = sorted(((day - sent).days, n) for sent, n in waits)
    waiting = sum(n for _days, n in counts)
    if not waiting:
        return ReviewBacklog(waiting=0, oldest_days=None, median_days=None)
    return ReviewBacklog(waiting=waiting, oldest_days=counts[-1][0], median_days=_median_of_counts(counts, waiting))


def _median_of_counts(counts: list[tuple[int, int]], total: int) -> float:
    """``statistics.median`` of ``total`` values given as sorted (value, how many) pairs, without listing them one by one
    (a national backlog holds tens of thousands of reports)."""

    def nth(index: int) -> int:
        seen = 0
        for value, n in counts:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    middle = total // 2
    return nth(middle) if total % 2 else (nth(middle - 1) + nth(middle)) / 2


def extension_queue() -> QuerySet[ExtensionRequest]:
    """Extension requests waiting for a decision, oldest first (one query)."""
    return (
        ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING)
        .select_related("report__assignment__unit", "report__assignment__task", "report__period", "requested_by")
        .order_by("requested_at", "pk")
    )


def report_previous(*, report: ProgressReport) -> ProgressReport | None:
    """The same unit's report on the same task for the period before this one (with what it sent)."""
    return (
        ProgressReport.objects.filter(assignment_id=report.assignment_id, period__start_date__lt=report.period.start_date)
        .select_related("period")
        .prefetch_related("indicator_values__indicator", "evidence")
        .order_by("-period__start_date")
        .first()
    )


def report_versions(*, report_id: int) -> list[ReportVersion]:
    """Every submitted version of a report, oldest first, with submitter, reviewer and files."""
    return list(
        ReportVersion.objects.filter(report_id=report_id)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("number")
    )


def accepted_indicator_sums(*by: str, **filters) -> QuerySet:
    """Per ``by``: the total of the indicator values of accepted reports matching ``filters``, and how many reports gave one."""
    # One value per report and indicator (a unique constraint), so counting values counts reports.
    values = IndicatorValue.objects.filter(report__status=ReportStatus.ACCEPTED, **filters)
    return values.order_by().values_list(*by).annotate(total=Sum("value"), reports=Count("*"))


# The order of the list of every report: newest period first, then the units in the official order and each
# unit's tasks by number; the unit's key and the period's break the remaining ties (two communes of the same
# name, two directives' periods that start the same day), so that a page holds the same rows whatever the plan.
OFFICE_ORDER = ("-period__start_date", *unit_order("unit"), "unit_id", "task__number", "period_id")


def office_reports(
    *,
    directive_id: int | None = None,
    period_id: int | None = None,
    unit_id: int | None = None,
    state: str | None = None,
    as_of: datetime.date | None = None,
) -> QuerySet[ProgressReport]:
    """Reports for the office and leadership, filtered, in official order, with state (one query)."""
    reports = ProgressReport.objects.all()
    if directive_id:
        reports = reports.filter(period__directive_id=directive_id)
    if period_id:
        reports = reports.filter(period_id=period_id)
    if unit_id:
        # Through the assignment, whose unit index finds a unit's few reports among every period's.
        reports = reports.filter(assignment__unit_id=unit_id)
    reports = _report_related(reports_with_state(reports, as_of=as_of))
    if state:
        reports = reports.filter(state=state)
    return reports.order_by(*OFFICE_ORDER)


class PeriodPagedReports:
    """``office_reports`` (today) as a sequence for ``Paginator``: a page is read without sorting every report.

    The list is ordered by period first, so the reports of the periods that start on the same day
    form a run of it; ``runs`` holds each run's periods and how many of their reports match, newest
    first. A slice reads the ids of its rows from the runs it spans only, then those rows.
    """

    def __init__(self, *, reports: QuerySet[ProgressReport], runs: list[tuple[list[int], int]]):
        self._reports = reports
        self._runs = runs

    def count(self) -> int:
        return sum(n for _periods, n in self._runs)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[ProgressReport]:
        start, stop, _step = index.indices(self.count())
        spanned, seen = [], 0  # (periods, position of the run's first report) of each run the slice reaches
        for periods, n in self._runs:
            if seen < stop and seen + n > start:
                spanned.append((periods, seen))
            seen += n
        if not spanned:
            return []
        # Within one run the start date is the same: without it the order is the units' index
        # (``Unit.Meta.indexes``), which the first pages follow through a few units' reports.
        order = OFFICE_ORDER if len(spanned) > 1 else OFFICE_ORDER[1:]
        skip = start - spanned[0][1]
        ids = list(
            self._reports.filter(period_id__in=[pk for periods, _first in spanned for pk in periods])
            .order_by(*order)
            .values_list("pk", flat=True)[skip : skip + stop - start]
        )
        rows = _report_related(reports_with_state(ProgressReport.objects.filter(pk__in=ids))).order_by()
        by_pk = {report.pk: report for report in rows}
        return [by_pk[pk] for pk in ids]


def office_report_pages(
    *, directive_id: int | None = None, period_id: int | None = None, unit_id: int | None = None, state: str | None = None
) -> PeriodPagedReports:
    """``office_reports`` for today, for ``Paginator``: any page costs four queries whatever the number of reports."""
    # The periods, the reports of each (from the stored tallies; a unit's own reports directly, they
    # are few), then a page's ids and its rows.
    periods = ReportingPeriod.objects.order_by()
    if directive_id:
        periods = periods.filter(directive_id=directive_id)
    if period_id:
        periods = periods.filter(pk=period_id)
    starts = dict(periods.values_list("pk", "start_date"))
    reports = reports_with_state()
    if unit_id:
        reports = reports.filter(unit_id=unit_id)
    if state:
        reports = reports.filter(state=state)
    if unit_id:
        per_period = reports.filter(period_id__in=list(starts)).order_by().values_list("period_id").annotate(n=Count("*"))
        counts = Counter(dict(per_period))
    else:
        counts = Counter()
        for (period, period_state, _status), n in period_state_tallies(periods=list(starts)).items():
            if state in (None, period_state):
                counts[period] += n
    runs: dict[datetime.date, list[int]] = {}
    for period, start in sorted(starts.items(), key=lambda item: (item[1], item[0]), reverse=True):
        if counts[period]:
            runs.setdefault(start, []).append(period)
    return PeriodPagedReports(reports=reports, runs=[(run, sum(counts[period] for period in run)) for run in runs.values()])
