"""The text of reminder messages: subject, plain text and HTML (Vietnamese), and the in-app copy."""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from directives.links import id_url_builder, report_url_builder
from directives.models import ReportStatus, directive_title
from directives.selectors import TASK_STATE_ORDER, ReviewBacklog

from .models import ReminderKind, ReminderLog
from .selectors import MessageItem


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _composed(subject: str, template: str, context: dict) -> Composed:
    """The message from its text and HTML templates (``reminders/email/<template>.txt`` and ``.html``)."""
    context = {**context, "site_url": settings.SITE_URL}
    text = render_to_string(f"reminders/email/{template}.txt", context)
    return Composed(subject=subject, text=text, html=render_to_string(f"reminders/email/{template}.html", context))


def deadline_phrase(days_to_deadline: int) -> str:
    if days_to_deadline > 0:
        return ngettext("%(days)d day left", "%(days)d days left", days_to_deadline) % {"days": days_to_deadline}
    if days_to_deadline == 0:
        return gettext("due today")
    overdue = -days_to_deadline
    return ngettext("%(days)d day overdue", "%(days)d days overdue", overdue) % {"days": overdue}


def _unit_lines(items: list[MessageItem]) -> list[dict]:
    """One line per unit (in the official order): how many of its reports, for which tasks, and its page."""
    unit_url = id_url_builder("reminders:unit_log", "unit_id", base=settings.SITE_URL)
    lines = []
    for _order, unit_items in groupby(items, key=lambda item: (item.report.unit_order, item.report.unit_id)):
        rows = list(unit_items)
        tasks = ", ".join(str(number) for number in sorted({item.report.task_number for item in rows}))
        lines.append(
            {
                "unit": rows[0].report.unit_name,
                "reports": ngettext("%(count)d report (task %(tasks)s)", "%(count)d reports (tasks %(tasks)s)", len(rows))
                % {"count": len(rows), "tasks": tasks},
                "url": unit_url(rows[0].report.unit_id),
            }
        )
    return lines


def _groups(items: list[MessageItem], *, by_unit: bool) -> list[dict]:
    """Items grouped by directive and period, in deadline order, units in the official order.

    A unit's message lists each report with its link. The escalation gives one line per unit
    instead (a province has thousands of overdue reports; leadership acts unit by unit). Each
    line's words are joined here, once.
    """
    ordered = sorted(
        items,
        key=lambda item: (
            item.deadline,
            item.report.directive_id,
            item.report.period_id,
            item.report.unit_order,
            item.report.task_number,
        ),
    )
    report_url = report_url_builder(base=settings.SITE_URL)
    task_word = gettext("Task")
    groups = []
    for (_deadline, _directive_id, _period_id), group_items in groupby(
        ordered, key=lambda item: (item.deadline, item.report.directive_id, item.report.period_id)
    ):
        rows = list(group_items)
        first = rows[0]
        group = {
            "directive": directive_title(doc_type=first.report.directive_doc_type, number=first.report.directive_number),
            "period": first.report.period_label,
            "deadline": first.deadline,
            "deadline_phrase": deadline_phrase(first.days_to_deadline),
            "overdue": first.days_to_deadline < 0,
        }
        units, reports = [], []
        if by_unit:
            units = _unit_lines(rows)
        else:
            reports = [
                {
                    "task": f"{task_word} {item.report.task_number}. {item.report.task_label}",
                    "returned": item.report_status == ReportStatus.RETURNED,
                    "url": report_url(item.report_id),
                }
                for item in rows
            ]
        # Both keys are set: in a template, group.items of a dict without "items" is the dict's items().
        group.update(units=units, items=reports)
        groups.append(group)
    return groups


def _subject_for(kind: str, groups: list[dict], *, unit_count: int) -> str:
    first = groups[0]
    topic = f"{first['period']} – {first['directive']}"
    others = len({(group["directive"], group["period"]) for group in groups}) - 1
    if kind == ReminderKind.ESCALATION:
        subject = ngettext(
            "Overdue reports of %(count)d unit – %(topic)s", "Overdue reports of %(count)d units – %(topic)s", unit_count
        ) % {"count": unit_count, "topic": topic}
    elif kind == ReminderKind.URGE:
        subject = gettext("Urgent: submit the report %(topic)s") % {"topic": topic}
    elif all(group["overdue"] for group in groups):
        subject = gettext("Overdue report %(topic)s") % {"topic": topic}
    else:
        subject = gettext("Report deadline reminder %(topic)s") % {"topic": topic}
    if others:
        subject += " " + ngettext("(and %(n)d other period)", "(and %(n)d other periods)", others) % {"n": others}
    return settings.EMAIL_SUBJECT_PREFIX + subject


def compose_items_message(*, log: ReminderLog, items: list[MessageItem]) -> Composed:
    """The message of a reminder, an urge or an escalation, from the items it was claimed with."""
    with translation.override(settings.LANGUAGE_CODE):
        groups = _groups(items, by_unit=log.kind == ReminderKind.ESCALATION)
        unit_count = len({item.report.unit_id for item in items})
        subject = _subject_for(log.kind, groups, unit_count=unit_count)
        context = {
            "kind": log.kind,
            "kinds": ReminderKind,
            "returned_note": gettext("returned for revision: please correct and resubmit"),
            "unit": log.unit,
            "groups": groups,
            "item_count": len(items),
            "unit_count": unit_count,
            "home_url": absolute_url(reverse("home")),
        }
        return _composed(subject, "items", context)


def compose_digest(
    *, today: datetime.date, counts: list[dict], overdue: list[dict], undeliverable: list[dict], backlog: ReviewBacklog
) -> Composed:
    """The office's weekly digest: its review backlog, state counts per directive and period, overdue and unreachable units."""
    with translation.override(settings.LANGUAGE_CODE):
        states = [(state.value, state.label) for state in TASK_STATE_ORDER]
        periods = [
            {
                "directive": directive_title(
                    doc_type=row["period__directive__doc_type"], number=row["period__directive__number"]
                ),
                "period": row["period_label"],
                "due_date": row["due_date"],
                "total": row["total"],
                "counts": [(label, row[value]) for value, label in states],
                "overdue_units": [unit for unit in overdue if unit["period_id"] == row["period_id"]],
            }
            for row in counts
        ]
        subject = settings.EMAIL_SUBJECT_PREFIX + gettext("Weekly digest of reports, %(date)s") % {"date": f"{today:%d/%m/%Y}"}
        context = {
            "today": today,
            "periods": periods,
            "backlog": backlog,
            "undeliverable": undeliverable,
            "overview_url": absolute_url(reverse("reminders:overview")),
        }
        return _composed(subject, "digest", context)
