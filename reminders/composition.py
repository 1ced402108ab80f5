"""The text of reminder messages: subject, plain text and HTML (Vietnamese), and the in-app copy."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from directives.models import Directive, DocumentType, ReportStatus
from directives.selectors import TASK_STATE_ORDER

from .models import ReminderKind, ReminderLog, ReminderLogItem


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str


def directive_label(directive: Directive) -> str:
    """For example "Công văn 345/UBND-NV", as in the subject line of official mail."""
    return f"{directive.get_doc_type_display()} {directive.number}"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def report_url_builder() -> Callable[[int], str]:
    """Absolute URL of a report's own page (the unit edits and submits it there; office and leadership
    read it). Reversed once: a message can list hundreds of reports."""
    marker = "999999999"
    head, tail = absolute_url(reverse("directives:report", kwargs={"pk": marker})).split(marker)
    return lambda report_id: f"{head}{report_id}{tail}"


def deadline_phrase(days_to_deadline: int) -> str:
    if days_to_deadline > 0:
        return ngettext("%(days)d day left", "%(days)d days left", days_to_deadline) % {"days": days_to_deadline}
    if days_to_deadline == 0:
        return gettext("due today")
    overdue = -days_to_deadline
    return ngettext("%(days)d day overdue", "%(days)d days overdue", overdue) % {"days": overdue}


def _groups(items: list[ReminderLogItem]) -> list[dict]:
    """Items grouped by directive and period, in deadline order."""
    ordered = sorted(
        items,
        key=lambda item: (
            item.deadline,
            item.report.period.directive_id,
            item.report.period_id,
            item.report.assignment.unit.group_order,
            item.report.assignment.unit.sort_key,
            item.report.assignment.task.number,
        ),
    )
    report_url = report_url_builder()
    groups = []
    for (_deadline, _directive_id, _period_id), group_items in groupby(
        ordered, key=lambda item: (item.deadline, item.report.period.directive_id, item.report.period_id)
    ):
        rows = list(group_items)
        first = rows[0].report
        groups.append(
            {
                "directive": directive_label(first.period.directive),
                "period": first.period.label,
                "deadline": rows[0].deadline,
                "deadline_phrase": deadline_phrase(rows[0].days_to_deadline),
                "overdue": rows[0].days_to_deadline < 0,
                "items": [
                    {
                        "unit": item.report.assignment.unit.name,
                        "task_number": item.report.assignment.task.number,
                        "task_label": item.report.assignment.task.short_label,
                        "returned": item.report_status == ReportStatus.RETURNED,
                        "url": report_url(item.report_id),
                    }
                    for item in rows
                ],
            }
        )
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


def compose_items_message(*, log: ReminderLog, items: list[ReminderLogItem]) -> Composed:
    """The message of a reminder, an urge or an escalation, from the items it was claimed with."""
    with translation.override(settings.LANGUAGE_CODE):
        groups = _groups(items)
        unit_count = len({item.report.assignment.unit_id for item in items})
        subject = _subject_for(log.kind, groups, unit_count=unit_count)
        context = {
            "kind": log.kind,
            "kinds": ReminderKind,
            "show_unit": log.kind == ReminderKind.ESCALATION,
            "task_word": gettext("Task"),
            "returned_note": gettext("returned for revision: please correct and resubmit"),
            "unit": log.unit,
            "groups": groups,
            "item_count": len(items),
            "unit_count": unit_count,
            "urged_by": (log.urge.urged_by.get_full_name() or log.urge.urged_by.username) if log.urge else "",
            "home_url": absolute_url(reverse("home")),
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("reminders/email/items.txt", context)
        html = render_to_string("reminders/email/items.html", context)
    return Composed(subject=subject, text=text, html=html)


def compose_digest(*, today: datetime.date, counts: list[dict], overdue: list[dict], undeliverable: list[dict]) -> Composed:
    """The office's weekly digest: state counts per directive and period, overdue units, unreachable units."""
    with translation.override(settings.LANGUAGE_CODE):
        states = [(state.value, state.label) for state in TASK_STATE_ORDER]
        periods = [
            {
                "directive": f"{DocumentType(row['period__directive__doc_type']).label} {row['period__directive__number']}",
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
            "undeliverable": undeliverable,
            "overview_url": absolute_url(reverse("reminders:overview")),
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    return Composed(subject=subject, text=text, html=html)
