"""What the public progress pages show, read through the one status rule and the dashboard's figures.

Only published directives, and of them only what a citizen may see: the directive's text and tasks,
each unit's state per task in the latest period that has ended, and the completion rates period by
period. Never a report's text, evidence, a person's name, or anything else a draft holds.
"""

import datetime
import hashlib
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.utils import timezone

from dashboard.selectors import (
    LabelledTally,
    StateTally,
    UnitRow,
    matrix_fill,
    period_trend,
    tally_total,
    unit_tallies,
)
from directives.models import Directive, LegalBasis, ProgressReport, ReportingPeriod, Task
from directives.selectors import reports_with_state
from units.models import Unit, unit_order

from .models import Publication


def published_directive(*, directive_id: int) -> Directive | None:
    """The directive with its publication if it is published, else None (one query)."""
    return Directive.objects.filter(pk=directive_id, publication__isnull=False).select_related("publication").order_by().first()


def ended_periods(*, directive: Directive, today: datetime.date) -> list[ReportingPeriod]:
    """The directive's periods that ended before ``today``, oldest first (one query)."""
    return list(ReportingPeriod.objects.filter(directive=directive, end_date__lt=today).order_by("start_date", "end_date", "pk"))


@dataclass
class PublicProgress:
    directive: Directive
    tasks: list[Task]
    periods: list[ReportingPeriod]  # ended ones, oldest first
    latest: ReportingPeriod | None
    rows: list[UnitRow]  # the latest ended period: one row per unit, a cell per task
    trend: list[LabelledTally]  # one tally per ended period


def public_progress(*, directive: Directive, today: datetime.date | None = None) -> PublicProgress:
    """Everything on a directive's public page, in six queries whatever the number of units, tasks and periods."""
    today = today or timezone.localdate()
    tasks = list(Task.objects.filter(directive=directive).order_by("number"))  # with their full text
    periods = ended_periods(directive=directive, today=today)
    latest = periods[-1] if periods else None
    rows = unit_tallies(period=latest, as_of=today) if latest else []
    if latest:
        matrix_fill(rows=rows, tasks=tasks, period=latest, as_of=today)
    trend = period_trend(periods=periods, known={latest.pk: tally_total(rows)}, as_of=today) if latest else []
    return PublicProgress(directive=directive, tasks=tasks, periods=periods, latest=latest, rows=rows, trend=trend)


@dataclass
class PublishedSummary:
    directive: Directive
    latest: ReportingPeriod | None
    tally: StateTally | None


def published_overview(*, today: datetime.date | None = None) -> list[PublishedSummary]:
    """Every published directive with the figures of its latest ended period (three queries)."""
    today = today or timezone.localdate()
    directives = [publication.directive for publication in Publication.objects.select_related("directive")]
    latest: dict[int, ReportingPeriod] = {}
    for period in ReportingPeriod.objects.filter(directive__in=directives, end_date__lt=today).order_by(
        "start_date", "end_date", "pk"
    ):
        latest[period.directive_id] = period
    tallies = {item.key.pk: item.tally for item in period_trend(periods=list(latest.values()), as_of=today)} if latest else {}
    return [
        PublishedSummary(directive=d, latest=latest.get(d.pk), tally=tallies.get(latest[d.pk].pk) if d.pk in latest else None)
        for d in directives
    ]


@dataclass(frozen=True)
class OpenDataRow:
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    unit_code: str
    unit_name: str
    task_number: int
    task_label: str
    state: str


def open_data_rows(
    *, directive: Directive, periods: list[ReportingPeriod] | None = None, today: datetime.date | None = None
) -> list[OpenDataRow]:
    """Each unit's state per task in every ended period of the directive (``periods``, read if not given), in official order."""
    today = today or timezone.localdate()
    periods = ended_periods(directive=directive, today=today) if periods is None else periods
    rows = (
        reports_with_state(ProgressReport.objects.filter(period__in=periods), as_of=today)
        .order_by("period__start_date", "period_id", *unit_order("unit"), "task__number")
        .values_list(
            "period__label", "period__start_date", "period__end_date", "period__due_date", "unit__code", "unit__name",
            "task__number", "task__short_label", "state",
        )
    )  # fmt: skip
    return [OpenDataRow(*values) for values in rows] if periods else []


def page_fingerprint(
    *, directive: Directive | None, variant: str, today: datetime.date | None = None
) -> tuple[str, datetime.datetime]:
    """A validator of a public page (an ETag and a Last-Modified) read in two small queries, before the page is built."""
    # It changes when a report of the directive changes (their newest ``updated_at`` and their number), when the audit
    # trail records a change to a directive, task, period, unit or publication, and at midnight (states are today's).
    # ``variant`` tells apart versions of the same page (language, visitor).
    today = today or timezone.localdate()
    reports = ProgressReport.objects.all() if directive is None else ProgressReport.objects.filter(period__directive=directive)
    figures = reports.order_by().aggregate(latest=Max("updated_at"), n=Count("pk"))
    content_types = ContentType.objects.get_for_models(Directive, LegalBasis, Task, ReportingPeriod, Unit, Publication).values()
    audited = LogEntry.objects.filter(content_type__in=content_types).aggregate(latest=Max("timestamp"))["latest"]
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    modified = max(moment for moment in (figures["latest"], audited, midnight) if moment is not None)
    key = f"{directive.pk if directive else '*'}|{figures['latest']}|{figures['n']}|{audited}|{today}|{variant}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], modified
