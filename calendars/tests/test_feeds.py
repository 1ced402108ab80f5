"""Calendar feeds, read back with the icalendar library as a calendar app would: per role, with a
reminder three days before for units, times in Asia/Ho_Chi_Minh, stable UIDs, links to the pages;
a renewed or stopped address answers 404."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calendars.models import CalendarFeed
from calendars.services import calendar_feed_issue, calendar_feed_revoke, feed_digest
from directives.models import ReportStatus
from directives.services import ReportContent, report_submit
from directives.tests.conftest import World
from tests.factories import AssignmentFactory, TaskFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def fetch(client, user) -> tuple[Calendar, object]:
    secret = calendar_feed_issue(user=user)
    response = client.get(reverse("calendars:feed", args=[secret]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content), secret


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_a_unit_member_sees_each_report_still_to_send_with_a_reminder_three_days_before(client, world: World):
    calendar, _secret = fetch(client, world.staff_a)
    by_uid = events(calendar)
    assert set(by_uid) == {f"report-{world.report.pk}@127.0.0.1", f"report-{world.previous_report.pk}@127.0.0.1"}
    event = by_uid[f"report-{world.report.pk}@127.0.0.1"]
    assert event.decoded("dtstart") == world.period.due_date  # an all-day event on the deadline
    assert "Kỳ này" in str(event["summary"]) and world.directive.number in str(event["summary"])
    assert str(event["url"]).endswith(reverse("directives:report", args=[world.report.pk]))
    (alarm,) = event.walk("VALARM")
    # 08:00 local time, three days before the deadline day.
    assert alarm.decoded("trigger") == datetime.timedelta(days=-3, hours=8)
    assert str(calendar["x-wr-timezone"]) == "Asia/Ho_Chi_Minh"


def test_a_submitted_report_leaves_the_units_calendar(client, world: World):
    report_submit(
        report_id=world.report.pk,
        user=world.head_a,
        content=ReportContent(results="Đã làm", indicators={i.pk: 1 for i in world.indicators}),
    )
    by_uid = events(fetch(client, world.head_a)[0])
    assert f"report-{world.report.pk}@127.0.0.1" not in by_uid
    assert f"report-{world.previous_report.pk}@127.0.0.1" in by_uid


def test_the_office_sees_period_deadlines_and_reviews_waiting_in_local_time(client, world: World):
    report_submit(
        report_id=world.report.pk,
        user=world.head_a,
        content=ReportContent(results="Đã làm", indicators={i.pk: 1 for i in world.indicators}),
    )
    world.report.refresh_from_db()
    by_uid = events(fetch(client, world.office)[0])
    assert {f"period-{world.period.pk}@127.0.0.1", f"period-{world.previous_period.pk}@127.0.0.1"} <= set(by_uid)
    review = by_uid[f"review-{world.report.pk}@127.0.0.1"]
    start = review.decoded("dtstart")
    assert start.tzinfo is not None and str(review["dtstart"].params["TZID"]) == "Asia/Ho_Chi_Minh"
    assert start == world.report.submitted_at.astimezone(HCM).replace(microsecond=0)
    assert "Bản Bo" in str(review["summary"])
    assert not review.walk("VALARM")


def test_leadership_sees_period_deadlines_only_and_a_person_without_role_an_empty_calendar(client, world: World):
    leader = events(fetch(client, world.chairman)[0])
    assert set(leader) == {f"period-{world.period.pk}@127.0.0.1", f"period-{world.previous_period.pk}@127.0.0.1"}
    assert events(fetch(client, world.nobody)[0]) == {}


def test_uids_are_stable_from_one_poll_to_the_next(client, world: World):
    secret = calendar_feed_issue(user=world.head_a)
    first = client.get(reverse("calendars:feed", args=[secret])).content
    second = client.get(reverse("calendars:feed", args=[secret])).content
    assert set(events(Calendar.from_ical(first))) == set(events(Calendar.from_ical(second)))


def test_a_renewed_or_stopped_address_answers_404_and_only_a_digest_is_stored(client, world: World):
    old = calendar_feed_issue(user=world.head_a)
    new = calendar_feed_issue(user=world.head_a)
    assert CalendarFeed.objects.get().digest == feed_digest(new)
    assert client.get(reverse("calendars:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendars:feed", args=[new])).status_code == 200
    calendar_feed_revoke(user=world.head_a)
    assert client.get(reverse("calendars:feed", args=[new])).status_code == 404
    world.head_a.is_active = False
    world.head_a.save()
    third = calendar_feed_issue(user=world.head_a)
    assert client.get(reverse("calendars:feed", args=[third])).status_code == 404  # a closed account's calendar is closed


def test_the_feed_runs_the_same_number_of_queries_for_more_tasks(client, world: World):
    secret = calendar_feed_issue(user=world.office)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calendars:feed", args=[secret])).status_code == 200
        return len(queries)

    small = count()
    for number in range(10, 14):
        AssignmentFactory(task=TaskFactory(directive=world.directive, number=number), unit=world.unit_a)
    from directives.services import directive_sync_reports

    directive_sync_reports(directive=world.directive)
    assert count() == small


def test_the_settings_page_shows_the_address_once_and_stops_it(client, world: World):
    client.force_login(world.head_a)
    created = client.post(reverse("calendars:feed_settings"), {"action": "issue"})
    address = created.context["address"]
    assert address.startswith("http://127.0.0.1:8000/calendar/") and address.endswith(".ics")
    assert address not in client.get(reverse("calendars:feed_settings")).content.decode()
    path = address.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    client.post(reverse("calendars:feed_settings"), {"action": "revoke"})
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("status", [ReportStatus.RETURNED])
def test_a_returned_report_is_again_a_deadline_of_the_unit(client, world: World, status):
    type(world.report).objects.filter(pk=world.report.pk).update(status=status, updated_at=timezone.now())
    assert f"report-{world.report.pk}@127.0.0.1" in events(fetch(client, world.head_a)[0])
