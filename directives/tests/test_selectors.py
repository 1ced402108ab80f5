"""The one definition of where a unit stands: every boundary of the five-state status."""

import datetime
import zoneinfo
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import ExtensionStatus, ProgressReport, ReportStatus
from directives.selectors import TaskState, reports_with_state, state_counts, state_tallies
from tests.factories import DistrictRoleFactory, MembershipFactory, PeriodFactory, ReportFactory, TaskFactory
from tests.workflow import extension_asked, extension_decided, report_reviewed, report_submitted

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
# The factory period: 01/04/2020 – 30/06/2020, due 15/06/2020.


def at(day: str, hm: str = "09:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TZ)


CASES = [
    # (name, report fields, extensions [(status, date, decided day)], today, expected)
    ("draft before the period opens", {}, [], D(2020, 3, 31), TaskState.NOT_DUE),
    ("draft on the first day of the period", {}, [], D(2020, 4, 1), TaskState.IN_PROGRESS),
    ("draft on the deadline day itself", {}, [], D(2020, 6, 15), TaskState.IN_PROGRESS),
    ("draft the day after the deadline", {}, [], D(2020, 6, 16), TaskState.OVERDUE),
    ("submitted, awaiting review, before deadline", {"status": ReportStatus.SUBMITTED, "first_submitted_at": at("2020-06-10")}, [], D(2020, 6, 12), TaskState.IN_PROGRESS),
    ("submitted on time but not accepted after the deadline", {"status": ReportStatus.SUBMITTED, "first_submitted_at": at("2020-06-10")}, [], D(2020, 6, 20), TaskState.OVERDUE),
    ("returned report before the deadline", {"status": ReportStatus.RETURNED, "first_submitted_at": at("2020-06-01")}, [], D(2020, 6, 10), TaskState.IN_PROGRESS),
    ("returned report after the deadline", {"status": ReportStatus.RETURNED, "first_submitted_at": at("2020-06-01")}, [], D(2020, 6, 16), TaskState.OVERDUE),
    ("accepted, first submitted 23:30 local on the deadline day", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-06-15", "23:30")}, [], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("accepted, first submitted 00:30 local the day after (still the 15th in UTC)", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-06-16", "00:30")}, [], D(2020, 7, 1), TaskState.DONE_LATE),
    ("accepted after a late resubmission, first submitted on time", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-06-10"), "submitted_at": at("2020-06-25")}, [], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("accepted, first submitted late, resubmitted later", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-06-20"), "submitted_at": at("2020-06-28")}, [], D(2020, 7, 1), TaskState.DONE_LATE),
    ("accepted before the period even opened", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-03-30")}, [], D(2020, 3, 31), TaskState.DONE_ON_TIME),
    ("approved extension: in progress after the original due date", {}, [(ExtensionStatus.APPROVED, D(2020, 6, 25), "2020-06-14")], D(2020, 6, 20), TaskState.IN_PROGRESS),
    ("approved extension: in progress on the new deadline day", {}, [(ExtensionStatus.APPROVED, D(2020, 6, 25), "2020-06-14")], D(2020, 6, 25), TaskState.IN_PROGRESS),
    ("approved extension: overdue after the new deadline", {}, [(ExtensionStatus.APPROVED, D(2020, 6, 25), "2020-06-14")], D(2020, 6, 26), TaskState.OVERDUE),
    ("approved extension: accepted report submitted within it is on time", {"status": ReportStatus.ACCEPTED, "first_submitted_at": at("2020-06-24")}, [(ExtensionStatus.APPROVED, D(2020, 6, 25), "2020-06-14")], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("rejected extension does not move the deadline", {}, [(ExtensionStatus.REJECTED, D(2020, 6, 25), "2020-06-14")], D(2020, 6, 20), TaskState.OVERDUE),
    ("pending extension does not move the deadline", {}, [(ExtensionStatus.PENDING, D(2020, 6, 25), None)], D(2020, 6, 20), TaskState.OVERDUE),
    ("the latest approved extension wins", {}, [(ExtensionStatus.APPROVED, D(2020, 6, 30), "2020-06-10"), (ExtensionStatus.APPROVED, D(2020, 6, 20), "2020-06-14")], D(2020, 6, 22), TaskState.OVERDUE),
]  # fmt: skip


def report_with_extensions(fields: dict, extensions: list) -> ProgressReport:
    """The case's report, brought to its state through the services at the times the case names:
    first the extensions (asked and decided on their day), then the submissions and the review."""
    story = {key: fields.get(key) for key in ("status", "first_submitted_at", "submitted_at")}
    report = ReportFactory(**{key: value for key, value in fields.items() if key not in story})
    head = MembershipFactory(unit=report.unit).user
    office = DistrictRoleFactory().user
    for status, new_date, decided_day in extensions:
        asked_at = at(decided_day or "2020-06-14")
        deadline = ProgressReport.objects.values_list("deadline", flat=True).get(pk=report.pk)
        # The unit asks beyond the current deadline; the office may grant an earlier date (never before the due date).
        asked = extension_asked(report, by=head, when=asked_at, until=max(new_date, deadline + datetime.timedelta(days=1)))
        if status != ExtensionStatus.PENDING:
            approve = status == ExtensionStatus.APPROVED
            extension_decided(asked, by=office, when=asked_at, approve=approve, granted=new_date if approve else None)
    if story["status"] is not None:
        report_submitted(report, by=head, when=story["first_submitted_at"])
        reviewed_at = story["first_submitted_at"] + datetime.timedelta(minutes=5)
        if story["submitted_at"]:  # returned, then sent again
            report_reviewed(report, by=office, when=reviewed_at, accept=False)
            report_submitted(report, by=head, when=story["submitted_at"])
            reviewed_at = story["submitted_at"] + datetime.timedelta(minutes=5)
        if story["status"] != ReportStatus.SUBMITTED:
            report_reviewed(report, by=office, when=reviewed_at, accept=story["status"] == ReportStatus.ACCEPTED)
    report.refresh_from_db()
    assert (report.status, report.first_submitted_at) == (story["status"] or ReportStatus.DRAFT, story["first_submitted_at"])
    return report


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fields", "extensions", "today", "expected"), CASES, ids=[c[0] for c in CASES])
def test_report_state_for_every_boundary(name, fields, extensions, today, expected):
    report = report_with_extensions(fields, extensions)
    one = ProgressReport.objects.filter(pk=report.pk)

    annotated = reports_with_state(one, today=today).get()

    assert annotated.state == expected
    # The counts apply the same rule once per group of reports with the same inputs.
    assert state_tallies(one, "unit_id", today=today) == {(report.unit_id, expected, report.status): 1}


@pytest.mark.django_db
@pytest.mark.parametrize("today", sorted({case[3] for case in CASES}))
def test_counts_per_group_agree_with_the_status_of_each_report(today):
    # Every case in one period and task, so that groups mix reports of different deadlines and days.
    period = PeriodFactory()
    task = TaskFactory(directive=period.directive)
    for _name, fields, extensions, _today, _expected in CASES:
        report_with_extensions({"period": period, "assignment__task": task, **fields}, extensions)
    reports = ProgressReport.objects.all()
    row_by_row = reports_with_state(reports, today=today)

    assert state_tallies(reports, today=today) == Counter(row_by_row.values_list("state", "status"))
    assert state_tallies(reports, "task_id", today=today) == Counter(row_by_row.values_list("task_id", "state", "status"))
    every_state = dict.fromkeys(TaskState.values, 0)
    assert state_counts(reports, today=today) == every_state | Counter(row_by_row.values_list("state", flat=True))


@pytest.mark.django_db
def test_deadline_annotation_is_the_period_due_date_without_extension():
    report = ReportFactory()

    annotated = reports_with_state(ProgressReport.objects.filter(pk=report.pk), today=D(2020, 5, 1)).get()

    assert annotated.deadline == D(2020, 6, 15)


@pytest.mark.django_db
def test_state_counts_for_the_whole_seed_is_one_query():
    from directives.seeding import seed_cv345

    seed_cv345()  # 26 units × 6 tasks × 3 periods (Quý II–IV/2020) = 468 reports
    reports = ProgressReport.objects.all()

    with CaptureQueriesContext(connection) as queries:
        counts = state_counts(reports, today=D(2020, 7, 1))

    assert len(queries) == 1  # one GROUP BY over the status rule's inputs
    assert counts == {
        TaskState.DONE_ON_TIME: 0,
        TaskState.DONE_LATE: 0,
        TaskState.OVERDUE: 156,  # Quý II: due 15/06, nothing accepted
        TaskState.IN_PROGRESS: 156,  # Quý III: open, due 15/09
        TaskState.NOT_DUE: 156,  # Quý IV: opens 01/10
    }
