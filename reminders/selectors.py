"""Read-side queries of reminders: what is due, who receives it, what was already sent.

The due reports come from ``directives.selectors.reports_with_state`` (the one definition of the
deadline and the five-state status); nothing here re-computes either.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Count, Max, Min, Q, QuerySet

from directives.models import OWED_STATUSES, Directive, DirectiveStatus, ProgressReport, ReportingPeriod, Task
from directives.selectors import TaskState, reports_with_state
from units.models import UNIT_ORDER, Membership, Unit, unit_order
from units.permissions import district_leadership, office_staff

from .models import PROBLEM_STATUSES, ReminderLog, ReminderLogItem, ReminderPolicy, ReminderStatus, Urge
from .stages import Policy


class OpenReport(NamedTuple):
    """A report still owed, as the sweep plans with it (a plain tuple: a province has tens of thousands)."""

    report_id: int
    unit_id: int
    directive_id: int
    deadline: datetime.date
    status: str


class ReportLabels(NamedTuple):
    """What a message says about one report: its directive, period, unit and task."""

    directive_id: int
    directive_doc_type: str
    directive_number: str
    period_id: int
    period_label: str
    unit_id: int
    unit_name: str
    unit_order: tuple[int, int, str]  # the official unit order: group, display order, Vietnamese sort key
    task_number: int
    task_label: str


class MessageItem(NamedTuple):
    """One report a message lists, at the stage it was claimed with (plain tuples: an escalation lists thousands)."""

    report_id: int
    deadline: datetime.date
    days_to_deadline: int
    report_status: str
    report: ReportLabels  # one object per report, shared by every message that lists it


@dataclass(frozen=True)
class Recipient:
    """Whom a message goes to; ``key`` is what the log's unique constraint counts."""

    key: str
    user_id: int | None = None
    email: str = ""
    unit_id: int | None = None

    @property
    def undeliverable(self) -> bool:
        return self.user_id is None and not self.email


def policies_by_directive() -> dict[int, Policy]:
    """The reminder policy of every active directive (defaults where no row exists yet)."""
    rows = ReminderPolicy.objects.filter(directive__status=DirectiveStatus.ACTIVE)
    policies = {row.directive_id: Policy.from_model(row) for row in rows}
    for directive_id in Directive.objects.filter(status=DirectiveStatus.ACTIVE).values_list("pk", flat=True):
        policies.setdefault(directive_id, Policy())
    return policies


def open_reports_queryset(
    *,
    today: datetime.date,
    directive_ids: list[int],
    max_days_ahead: int | None = None,
    unit_id: int | None = None,
    report_id: int | None = None,
) -> QuerySet[ProgressReport]:
    """Reports still owed by active units (draft or returned) whose period is open or overdue."""
    queryset = ProgressReport.objects.filter(
        period__directive_id__in=directive_ids,
        unit__is_active=True,
        status__in=OWED_STATUSES,
    )
    if unit_id is not None:
        queryset = queryset.filter(unit_id=unit_id)
    if report_id is not None:
        queryset = queryset.filter(pk=report_id)
    queryset = reports_with_state(queryset, as_of=today).filter(state__in=[TaskState.IN_PROGRESS, TaskState.OVERDUE])
    if max_days_ahead is not None:
        queryset = queryset.filter(owed_by__lte=today + datetime.timedelta(days=max_days_ahead))
    return queryset


def open_report_rows(queryset: QuerySet[ProgressReport]) -> list[OpenReport]:
    """An ``open_reports_queryset`` as plain rows, in one query; ``deadline`` is the day the unit owes it by."""
    rows = queryset.order_by().values_list("pk", "unit_id", "period__directive_id", "owed_by", "status")
    return [OpenReport(*row) for row in rows]


def sent_stage_keys(*, kinds: list[str], stages: set[str], recipient_keys: set[str]) -> set[tuple[str, int, str, str]]:
    """(kind, report id, stage, recipient key) of the items already claimed at these stages for these recipients."""
    # Stage keys carry the deadline ("2020-06-15/due-3"), so filtering on them fetches only the rows that can still
    # match today's plan, not every reminder ever sent for the same reports.
    if not stages or not recipient_keys:
        return set()
    return set(
        ReminderLogItem.objects.filter(kind__in=kinds, stage__in=stages, recipient_key__in=recipient_keys).values_list(
            "kind", "report_id", "stage", "recipient_key"
        )
    )


def message_items(*, log_ids: list[int]) -> dict[int, list[MessageItem]]:
    """The reports each of these messages lists, from the items it was claimed with; five queries.

    Messages that list the same reports at the same stages (the members of a unit, the district's
    recipients of one escalation) get the same list object, built once.
    """
    # Each report's labels are read once, however many recipients' messages list it, and each period's, unit's and
    # task's once, however many reports they label; the rows of messages that list the same items become one list,
    # so an escalation's thousands of items are kept once, not once per recipient.
    items = ReminderLogItem.objects.filter(log_id__in=log_ids)
    reports = list(
        ProgressReport.objects.filter(pk__in=items.values("report_id"))
        .order_by()
        .values_list("pk", "period_id", "unit_id", "task_id")
    )
    periods = {
        row[0]: row[1:]
        for row in ReportingPeriod.objects.filter(pk__in={row[1] for row in reports}).values_list(
            "pk", "directive_id", "directive__doc_type", "directive__number", "pk", "label"
        )
    }
    units = {
        row[0]: (row[0], row[1], row[2:])
        for row in Unit.objects.filter(pk__in={row[2] for row in reports}).values_list("pk", "name", *UNIT_ORDER)
    }
    tasks = {
        row[0]: row[1:]
        for row in Task.objects.filter(pk__in={row[3] for row in reports}).values_list("pk", "number", "short_label")
    }
    labels = {
        pk: ReportLabels(*periods[period_id], *units[unit_id], *tasks[task_id]) for pk, period_id, unit_id, task_id in reports
    }
    by_log: dict[int, list[MessageItem]] = {log_id: [] for log_id in log_ids}
    shared: dict[tuple, list[MessageItem]] = {}
    item_rows = items.order_by("log_id", "report_id", "pk").values_list(
        "log_id", "report_id", "deadline", "days_to_deadline", "report_status"
    )
    for log_id, log_rows in groupby(item_rows, key=itemgetter(0)):
        content = tuple(row[1:] for row in log_rows)
        listed = shared.get(content)
        if listed is None:
            listed = shared[content] = [MessageItem(*row, labels[row[0]]) for row in content]
        by_log[log_id] = listed
    return by_log


def claimed_on(*, day: datetime.date, kinds: list[str]) -> set[tuple[str, str]]:
    """(kind, recipient key) of the messages already claimed on ``day``: each recipient gets one a day."""
    return set(ReminderLog.objects.filter(day=day, kind__in=kinds).values_list("kind", "recipient_key"))


def unit_recipients(*, unit_ids: list[int]) -> dict[int, list[Recipient]]:
    """Each unit's recipients: its active members, else its own mailbox, else one undeliverable marker (two queries)."""
    # Members get an e-mail when they have an address and an in-app notice always; the unit's mailbox is used when no
    # member has an address.
    members: dict[int, list[Recipient]] = {unit_id: [] for unit_id in unit_ids}
    rows = (
        Membership.objects.filter(unit_id__in=unit_ids, user__is_active=True)
        .order_by("unit_id", "role", "user_id")
        .values_list("unit_id", "user_id", "user__email")
    )
    for unit_id, user_id, email in rows:
        members[unit_id].append(Recipient(key=f"user:{user_id}", user_id=user_id, email=(email or "").strip(), unit_id=unit_id))
    unit_emails = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "email"))
    for unit_id, recipients in members.items():
        if not any(recipient.email for recipient in recipients):
            email = (unit_emails.get(unit_id) or "").strip()
            suffix = "email" if email else "none"
            recipients.append(Recipient(key=f"unit:{unit_id}:{suffix}", email=email, unit_id=unit_id))
    return members


def district_recipients(*, users: QuerySet) -> list[Recipient]:
    """The active ones of ``users`` (``office_staff()``, ``district_leadership()``), by account."""
    rows = users.filter(is_active=True).order_by("pk").values_list("pk", "email")
    return [Recipient(key=f"user:{user_id}", user_id=user_id, email=(email or "").strip()) for user_id, email in rows]


def escalation_recipients() -> list[Recipient]:
    """Whom the sweep tells of overdue reports: office staff and the district leadership."""
    return district_recipients(users=office_staff() | district_leadership())


def digest_recipients() -> list[Recipient]:
    """Who receives the weekly digest: office staff."""
    return district_recipients(users=office_staff())


# The digest covers the periods under way and the one just ended (an ongoing directive has many more).
DIGEST_LOOKBACK_DAYS = 92


def _digest_reports(*, today: datetime.date) -> QuerySet[ProgressReport]:
    periods = ReportingPeriod.objects.started_by(today).filter(
        directive__status=DirectiveStatus.ACTIVE, end_date__gte=today - datetime.timedelta(days=DIGEST_LOOKBACK_DAYS)
    )
    return ProgressReport.objects.filter(period__in=periods)


def digest_state_counts(*, today: datetime.date) -> list[dict]:
    """State counts per followed-up directive, for the periods under way and the one just ended, in one query."""
    rows = (
        reports_with_state(_digest_reports(today=today), as_of=today)
        .order_by()
        .values("period__directive_id", "period__directive__number", "period__directive__doc_type", "period_id")
        .annotate(
            period_label=Max("period__label"),
            period_start=Min("period__start_date"),
            due_date=Min("period__due_date"),
            total=Count("pk"),
            **{state.value: Count("pk", filter=Q(state=state)) for state in TaskState},
        )
        .order_by("period__directive__number", "period_start")
    )
    return list(rows)


def digest_overdue_units(*, today: datetime.date) -> list[dict]:
    """Units with overdue reports, per directive and period of the digest: how many and the oldest deadline. One query."""
    return list(
        reports_with_state(_digest_reports(today=today), as_of=today)
        .filter(state=TaskState.OVERDUE)
        .order_by()
        .values("period__directive__number", "period_id", "assignment__unit_id")
        .annotate(
            period_label=Max("period__label"),
            unit_name=Max("assignment__unit__name"),
            overdue=Count("pk"),
            oldest_deadline=Min("deadline"),
        )
        .order_by("period__directive__number", "period_id", *unit_order("assignment__unit"))
    )


def undeliverable_units(*, since: datetime.date) -> list[dict]:
    """Units whose reminders found no address since ``since``: last day and how many times. One query."""
    return list(
        ReminderLog.objects.filter(status=ReminderStatus.UNDELIVERABLE, day__gte=since, unit__isnull=False)
        .order_by()
        .values("unit_id", "unit__name", "unit__code")
        .annotate(last_day=Max("day"), times=Count("pk"))
        .order_by(*unit_order("unit"))
    )


def logs_for_unit(*, unit_id: int) -> QuerySet[ReminderLog]:
    """A unit's messages (newest first) with their item counts and who urged, without N+1."""
    return (
        ReminderLog.objects.filter(unit_id=unit_id)
        .select_related("user", "urge__urged_by")
        .annotate(item_count=Count("items"))
        .order_by("-day", "-pk")
    )


def problem_logs() -> QuerySet[ReminderLog]:
    """Messages that failed, wait for a retry, are in "sending" (perhaps interrupted) or had no address, newest first."""
    return (
        ReminderLog.objects.filter(status__in=PROBLEM_STATUSES)
        .select_related("unit", "user", "urge__urged_by")
        .annotate(item_count=Count("items"))
        .order_by("-day", "-pk")
    )


def urges_for_unit(*, unit_id: int) -> QuerySet[Urge]:
    """The urges sent to a unit, with who urged and about which report: its reminder page."""
    return Urge.objects.filter(unit_id=unit_id).select_related("urged_by", "report__period", "report__assignment__task")
