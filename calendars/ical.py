"""A calendar (RFC 5545) from ``selectors.calendar_events``, with the icalendar library."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from organisation.selectors import organisation_current

from .selectors import CalendarEvent

# A unit's reminder rings at 08:00 local time, three days before the deadline day. An all-day event
# starts at midnight, so the trigger is that many days before, plus eight hours.
REMINDER_HOUR = 8


def _alarm(event: CalendarEvent) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.summary)
    alarm.add("trigger", datetime.timedelta(days=-event.remind_days_before, hours=REMINDER_HOUR))
    return alarm


def calendar_build(*, events: list[CalendarEvent], name: str) -> bytes:
    """The iCalendar text of ``events``: times in Asia/Ho_Chi_Minh (with its VTIMEZONE), stable UIDs."""
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC directive tracker//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add(
        "x-wr-caldesc",
        _("Deadlines of the administrative-reform tracker, %(authority)s") % {"authority": organisation_current().authority_name},
    )
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if isinstance(item.start, datetime.datetime):
            event.add("dtstart", item.start.astimezone(local))
            event.add("dtend", item.end.astimezone(local))
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
            event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy all day
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        if item.last_modified is not None:
            event.add("last-modified", item.last_modified)
        if item.remind_days_before is not None:
            event.add_component(_alarm(item))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
