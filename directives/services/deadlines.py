"""A report's deadline: the period's due date, or the date of the latest approved extension.

The deadline is stored on the report so that the five-state status is a plain expression over the
row. This module is the only writer: every path that changes what the rule reads (a period's due
date, an extension decided in the app or edited in the admin) calls ``report_deadlines_refresh``, which also
recounts the stored tallies (``tallies``) of the periods whose deadlines moved.
"""

from django.db.models import DateField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import ExtensionRequest, ExtensionStatus, ProgressReport, ReportingPeriod
from .tallies import report_state_tallies_refresh


def report_deadline_expression() -> Coalesce:
    """The rule, as an expression over a report row (correlated subqueries, for writes and checks only)."""
    approved = (
        ExtensionRequest.objects.filter(report=OuterRef("pk"), status=ExtensionStatus.APPROVED)
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
        .values("granted_date")[:1]
    )
    due = ReportingPeriod.objects.filter(pk=OuterRef("period_id")).values("due_date")[:1]
    return Coalesce(Subquery(approved, output_field=DateField()), Subquery(due, output_field=DateField()))


def report_deadlines_refresh(*, reports: QuerySet[ProgressReport]) -> int:
    """Recompute the stored deadline of ``reports`` from the rule, and the tallies of the periods where one changed;
    return how many changed (two queries when none did)."""
    stale = reports.exclude(deadline=report_deadline_expression())
    periods = set(stale.order_by().values_list("period_id", flat=True).distinct())
    if not periods:
        return 0
    changed = ProgressReport.objects.filter(pk__in=stale.values("pk")).update(deadline=report_deadline_expression())
    report_state_tallies_refresh(periods=periods)
    return changed
