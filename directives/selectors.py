"""Read-side queries for directives: the one definition of a report's deadline and five-state status.

Everything that says where a unit stands (home pages, dashboards, exports, reminders) annotates
with ``report_state_expression`` so that the status is computed once, in SQL, and aggregates there.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ExtensionRequest, ExtensionStatus, ProgressReport, ReportingPeriod, ReportStatus


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


def report_deadline_expression():
    """The report's deadline: the latest approved extension's date, else the period's due date."""
    approved = (
        ExtensionRequest.objects.filter(report=OuterRef("pk"), status=ExtensionStatus.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("requested_date")[:1]
    )
    return Coalesce(Subquery(approved, output_field=DateField()), F("period__due_date"), output_field=DateField())


def reports_with_state(queryset: QuerySet[ProgressReport] | None = None, *, today: datetime.date | None = None):
    """Annotate reports with ``deadline`` (date) and ``state`` (a ``TaskState`` value) for ``today``.

    Accepted: on time if first submitted on or before the deadline (local date), else late.
    Not accepted: not yet due before the period starts; in progress up to and including the
    deadline day; overdue after it.
    """
    today = today or timezone.localdate()
    queryset = ProgressReport.objects.all() if queryset is None else queryset
    return queryset.annotate(
        deadline=report_deadline_expression(),
        first_submitted_on=TruncDate("first_submitted_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
    ).annotate(
        state=Case(
            When(Q(status=ReportStatus.ACCEPTED, first_submitted_on__lte=F("deadline")), then=Value(TaskState.DONE_ON_TIME)),
            When(status=ReportStatus.ACCEPTED, then=Value(TaskState.DONE_LATE)),
            When(period__start_date__gt=today, then=Value(TaskState.NOT_DUE)),
            When(deadline__gte=today, then=Value(TaskState.IN_PROGRESS)),
            default=Value(TaskState.OVERDUE),
            output_field=models.CharField(),
        )
    )


def state_counts(queryset: QuerySet[ProgressReport], *, today: datetime.date | None = None) -> dict[str, int]:
    """Count reports per state in one query; every state is present in the result."""
    rows = reports_with_state(queryset, today=today).order_by().values("state").annotate(n=Count("pk"))
    counts = {state.value: 0 for state in TASK_STATE_ORDER}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def current_period(*, directive_id: int, today: datetime.date | None = None) -> ReportingPeriod | None:
    """The period that contains ``today``, else the latest that started, else the first one."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(directive_id=directive_id)
    return (
        periods.filter(start_date__lte=today, end_date__gte=today).order_by("start_date").first()
        or periods.filter(start_date__lte=today).order_by("-start_date").first()
        or periods.order_by("start_date").first()
    )
