"""Write-side rules for directives: periods from a schedule and the report rows they imply."""

import calendar
import datetime

from django.db import transaction

from units.selectors import units_valid_between

from ..formatting import roman
from ..models import Assignment, Directive, DirectiveStatus, ProgressReport, ReportingPeriod, ReportSchedule
from .deadlines import report_deadlines_refresh
from .tallies import report_state_tallies_refresh


def _period_bounds(*, schedule: str, year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    if schedule == ReportSchedule.QUARTERLY:
        return [(f"Quý {roman(q)}/{year}", datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)]
    if schedule == ReportSchedule.SIX_MONTHLY:
        return [
            (f"6 tháng đầu năm {year}", datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            (f"6 tháng cuối năm {year}", datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
        ]
    if schedule in (ReportSchedule.YEARLY, ReportSchedule.ONCE):
        label = f"Năm {year}" if schedule == ReportSchedule.YEARLY else f"Báo cáo {year}"
        return [(label, datetime.date(year, 1, 1), datetime.date(year, 12, 31))]
    raise ValueError(f"unknown schedule {schedule!r}")


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_generate(*, directive: Directive, year: int, sync: bool = True) -> list[ReportingPeriod]:
    """Create the periods of ``year`` from the directive's schedule (existing labels are kept as edited)."""
    # The due date is the directive's ``report_due_day`` of each period's last month (units report before the period
    # closes, as the national CCHC rules have provinces do). A period whose due date falls before the directive was
    # issued is not generated: nobody can report on an order not yet given (so Công văn 345 of 31/03/2020 starts with
    # Quý II/2020).
    created = []
    for label, start, end in _period_bounds(schedule=directive.report_schedule, year=year):
        due = end.replace(day=directive.report_due_day)
        if due < directive.issue_date:
            continue
        period, was_created = ReportingPeriod.objects.get_or_create(
            directive=directive, label=label, defaults={"start_date": start, "end_date": end, "due_date": due}
        )
        if was_created:
            created.append(period)
    if sync:
        directive_sync_reports(directive=directive)
    return created


@transaction.atomic
def directive_periods_extend(*, directive: Directive, through: datetime.date) -> list[ReportingPeriod]:
    """Create the missing periods of every year from the directive's issue to ``through``'s, and their report rows."""
    created = []
    for year in range(directive.issue_date.year, through.year + 1):
        created += period_generate(directive=directive, year=year, sync=False)
    directive_sync_reports(directive=directive)
    return created


def periods_extend_ongoing(*, today: datetime.date) -> int:
    """Give every ongoing directive still followed up its periods up to ``today``'s year; return how many were new."""
    # Ongoing tasks ("thường xuyên") have no last period: the schedule goes on until the office ends the directive.
    # Idempotent, so the daily beat job and the management command may both run it.
    directives = Directive.objects.filter(status=DirectiveStatus.ACTIVE, is_ongoing=True).exclude(
        report_schedule=ReportSchedule.ONCE
    )
    return sum(len(directive_periods_extend(directive=directive, through=today)) for directive in directives)


@transaction.atomic
def directive_sync_reports(*, directive: Directive) -> int:
    """Create the missing report rows (one per assignment × period); return how many were created."""
    # A unit gets a row for a period only if it was active and valid for part of that period, so a unit that left the
    # district (valid_to) gets no rows for periods after it left. The stored deadlines follow any change of a period's
    # due date. Idempotent.
    periods = list(ReportingPeriod.objects.filter(directive=directive))
    assignments = Assignment.objects.filter(task__directive=directive)
    existing = set(ProgressReport.objects.filter(period__directive=directive).values_list("assignment_id", "period_id"))
    rows = []
    for period in periods:
        valid_units = units_valid_between(start=period.start_date, end=period.end_date).values("pk")
        for assignment_id, unit_id, task_id in assignments.filter(unit__in=valid_units).values_list("pk", "unit_id", "task_id"):
            if (assignment_id, period.pk) not in existing:
                rows.append(
                    ProgressReport(
                        assignment_id=assignment_id, unit_id=unit_id, task_id=task_id, period=period, deadline=period.due_date
                    )
                )
    ProgressReport.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    report_deadlines_refresh(reports=ProgressReport.objects.filter(period__directive=directive))
    report_state_tallies_refresh(periods={row.period_id for row in rows})
    return len(rows)
