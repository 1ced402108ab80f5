"""What a person's calendar lists, by role (the same selectors as their pages):

- a unit's members: each report the unit still has to send (a draft or a returned report of an
  active directive) on its deadline, with a reminder three days before;
- the office: every period's deadline, and each report waiting for its review (at the moment it
  was sent);
- the district leadership: every period's deadline.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import DirectiveStatus, ReportingPeriod
from directives.selectors import review_queue, unit_reports
from units.permissions import Actor

from .models import CalendarFeed
from .services import feed_digest


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable: a calendar updates the event instead of adding a second one
    summary: str
    description: str
    url: str
    start: datetime.date | datetime.datetime  # a date: an all-day event
    end: datetime.date | datetime.datetime
    last_modified: datetime.datetime | None = None
    remind_days_before: int | None = None


# A review waiting shows as a short event at the moment the report was sent.
REVIEW_EVENT_LENGTH = datetime.timedelta(minutes=30)
UNIT_REMINDER_DAYS = 3


def _page(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname}"


def _unit_deadlines(actor: Actor) -> list[CalendarEvent]:
    events = []
    for report in unit_reports(unit_id=actor.unit.pk):
        task = report.task
        directive = task.directive
        if not report.is_owed or directive.status != DirectiveStatus.ACTIVE:
            continue
        labels = {"task": task.number, "period": report.period.label, "directive": directive.title}
        events.append(
            CalendarEvent(
                uid=_uid("report", report.pk),
                summary=_("Report due: task %(task)s, %(period)s – %(directive)s") % labels,
                description="\n".join(
                    [
                        f"{directive.title}: {directive.subject}",
                        _("Task %(number)s: %(label)s") % {"number": task.number, "label": task.short_label},
                        _("Period: %(period)s") % labels,
                        _("Status: %(status)s") % {"status": report.get_status_display()},
                        _page("directives:report", report.pk),
                    ]
                ),
                url=_page("directives:report", report.pk),
                start=report.deadline,
                end=report.deadline + datetime.timedelta(days=1),
                last_modified=report.updated_at,
                remind_days_before=UNIT_REMINDER_DAYS,
            )
        )
    return events


def _period_deadlines() -> list[CalendarEvent]:
    periods = ReportingPeriod.objects.filter(directive__status=DirectiveStatus.ACTIVE).select_related("directive")
    events = []
    for period in periods.order_by("due_date", "pk"):
        directive = period.directive
        labels = {"period": period.label, "directive": directive.title}
        events.append(
            CalendarEvent(
                uid=_uid("period", period.pk),
                summary=_("Units' reports due: %(period)s – %(directive)s") % labels,
                description="\n".join([f"{directive.title}: {directive.subject}", _page("directives:directive", directive.pk)]),
                url=_page("directives:directive", directive.pk),
                start=period.due_date,
                end=period.due_date + datetime.timedelta(days=1),
            )
        )
    return events


def _reviews_waiting() -> list[CalendarEvent]:
    events = []
    for report in review_queue():
        task, unit = report.assignment.task, report.assignment.unit
        labels = {"unit": unit.short_name, "task": task.number, "period": report.period.label}
        sent = timezone.localtime(report.submitted_at)
        events.append(
            CalendarEvent(
                uid=_uid("review", report.pk),
                summary=_("To review: %(unit)s, task %(task)s, %(period)s") % labels,
                description="\n".join(
                    [
                        f"{task.directive.title}: {task.short_label}",
                        _("Sent on %(date)s; deadline %(deadline)s.")
                        % {"date": sent.strftime("%d/%m/%Y %H:%M"), "deadline": report.deadline.strftime("%d/%m/%Y")},
                        _page("directives:review", report.pk),
                    ]
                ),
                url=_page("directives:review", report.pk),
                start=sent,
                end=sent + REVIEW_EVENT_LENGTH,
                last_modified=report.updated_at,
            )
        )
    return events


def calendar_events(*, actor: Actor) -> list[CalendarEvent]:
    """The events of ``actor``'s calendar today (see the module docstring), in a constant number of queries."""
    events = []
    if actor.unit is not None:
        events += _unit_deadlines(actor)
    if actor.sees_all_units:
        events += _period_deadlines()
    if actor.is_office:
        events += _reviews_waiting()
    return events


def feed_user_for_secret(*, secret: str):
    """The active person whose calendar address ``secret`` is, or None (one query)."""
    feed = CalendarFeed.objects.select_related("user").filter(digest=feed_digest(secret), user__is_active=True).order_by().first()
    return feed.user if feed else None


def feed_exists(*, user) -> bool:
    """Whether the user has a calendar address (the settings page offers to issue one otherwise)."""
    return CalendarFeed.objects.filter(user=user).exists()
