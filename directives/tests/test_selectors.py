"""The one definition of where a unit stands: every boundary of the five-state status, today and as of a past day.

Each case is a story played through the services (submissions, reviews, extensions) at the moments it
names. On the case's day the status must be the expected one twice over: computed that very day from
the report's own columns, and computed much later "as of" that day from the history, after the
story's later events have changed the present.
"""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass

import pytest

from directives.models import ExtensionStatus, ProgressReport
from directives.selectors import TaskState, reports_with_state, review_backlog, state_tallies
from directives.services import (
    ReportContent,
    directive_sync_reports,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_submit,
)
from tests.factories import AssignmentFactory, DistrictRoleFactory, MembershipFactory, PeriodFactory, TaskFactory, UserFactory
from tests.states import state_counts

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
# The period of every case: 01/04/2020 – 30/06/2020, due Monday 15/06/2020. A return gives five
# working days (no public holiday in June 2020), or the deadline if later.
LATER = datetime.datetime(2021, 3, 1, 10, tzinfo=TZ)


def at(moment: str) -> datetime.datetime:
    day, _, hm = moment.partition(" ")
    return datetime.datetime.fromisoformat(f"{day}T{hm or '09:00'}").replace(tzinfo=TZ)


# (name, story [(action, when, argument)], day, expected state on that day)
CASES = [
    ("draft before the period opens", [], D(2020, 3, 31), TaskState.NOT_DUE),
    ("draft on the first day of the period", [], D(2020, 4, 1), TaskState.IN_PROGRESS),
    ("draft on the deadline day itself", [], D(2020, 6, 15), TaskState.IN_PROGRESS),
    ("draft the day after the deadline", [], D(2020, 6, 16), TaskState.OVERDUE),
    ("submitted, awaiting review, before the deadline", [("submit", "2020-06-10")], D(2020, 6, 12), TaskState.IN_PROGRESS),
    ("submitted on time and not reviewed after the deadline: the office's wait, not the unit's",
     [("submit", "2020-06-10"), ("accept", "2020-06-25")], D(2020, 6, 20), TaskState.IN_PROGRESS),
    ("submitted on time, accepted after the deadline", [("submit", "2020-06-10"), ("accept", "2020-06-25")], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("submitted late, awaiting review", [("submit", "2020-06-18"), ("accept", "2020-06-22")], D(2020, 6, 20), TaskState.OVERDUE),
    ("submitted late, accepted", [("submit", "2020-06-18"), ("accept", "2020-06-19")], D(2020, 7, 1), TaskState.DONE_LATE),
    ("accepted, first submitted 23:30 local on the deadline day", [("submit", "2020-06-15 23:30"), ("accept", "2020-06-20")], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("accepted, first submitted 00:30 local the day after (still the 15th in UTC)", [("submit", "2020-06-16 00:30"), ("accept", "2020-06-20")], D(2020, 7, 1), TaskState.DONE_LATE),
    ("accepted before the period even opened", [("submit", "2020-03-30"), ("accept", "2020-03-31 08:00")], D(2020, 3, 31), TaskState.DONE_ON_TIME),
    # Returned on Friday 12/06: window to Friday 19/06, after the deadline.
    ("returned before the deadline, inside its window after the deadline", [("submit", "2020-06-10"), ("return", "2020-06-12")], D(2020, 6, 17), TaskState.IN_PROGRESS),
    ("returned before the deadline, last day of its window", [("submit", "2020-06-10"), ("return", "2020-06-12")], D(2020, 6, 19), TaskState.IN_PROGRESS),
    ("returned before the deadline, window over", [("submit", "2020-06-10"), ("return", "2020-06-12")], D(2020, 6, 20), TaskState.OVERDUE),
    # Returned on Monday 01/06: five working days end 08/06, before the deadline, which applies instead.
    ("returned early: the deadline is the window", [("submit", "2020-05-29"), ("return", "2020-06-01")], D(2020, 6, 15), TaskState.IN_PROGRESS),
    ("returned early, overdue after the deadline", [("submit", "2020-05-29"), ("return", "2020-06-01")], D(2020, 6, 16), TaskState.OVERDUE),
    # Returned on Tuesday 16/06, after the deadline: window to Tuesday 23/06.
    ("returned after the deadline, last day of its window", [("submit", "2020-06-10"), ("return", "2020-06-16")], D(2020, 6, 23), TaskState.IN_PROGRESS),
    ("returned after the deadline, window over", [("submit", "2020-06-10"), ("return", "2020-06-16"), ("submit", "2020-06-25")], D(2020, 6, 24), TaskState.OVERDUE),
    ("resubmitted inside the window, awaiting review",
     [("submit", "2020-06-10"), ("return", "2020-06-16"), ("submit", "2020-06-22"), ("accept", "2020-07-02")], D(2020, 6, 30), TaskState.IN_PROGRESS),
    ("resubmitted inside the window, accepted", [("submit", "2020-06-10"), ("return", "2020-06-16"), ("submit", "2020-06-22"), ("accept", "2020-06-26")], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("resubmitted after the window, awaiting review", [("submit", "2020-06-10"), ("return", "2020-06-16"), ("submit", "2020-06-25")], D(2020, 6, 30), TaskState.OVERDUE),
    ("resubmitted after the window, accepted", [("submit", "2020-06-10"), ("return", "2020-06-16"), ("submit", "2020-06-25"), ("accept", "2020-06-26")], D(2020, 7, 1), TaskState.DONE_LATE),
    ("first sent late, then returned: a window does not make it on time", [("submit", "2020-06-18"), ("return", "2020-06-19")], D(2020, 6, 20), TaskState.OVERDUE),
    ("approved extension: in progress after the original due date", [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-14")], D(2020, 6, 20), TaskState.IN_PROGRESS),
    ("approved extension: in progress on the new deadline day", [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-14")], D(2020, 6, 25), TaskState.IN_PROGRESS),
    ("approved extension: overdue after the new deadline", [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-14")], D(2020, 6, 26), TaskState.OVERDUE),
    ("approved extension: submitted within it and accepted is on time",
     [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-14"), ("submit", "2020-06-24"), ("accept", "2020-06-30")], D(2020, 7, 1), TaskState.DONE_ON_TIME),
    ("extension approved after the due date: overdue until the approval",
     [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-18")], D(2020, 6, 16), TaskState.OVERDUE),
    ("extension approved after the due date: in progress from the approval",
     [("ask", "2020-06-10", D(2020, 6, 25)), ("approve", "2020-06-18")], D(2020, 6, 20), TaskState.IN_PROGRESS),
    ("a second approved extension moves the deadline again",
     [("ask", "2020-06-05", D(2020, 6, 20)), ("approve", "2020-06-06"), ("ask", "2020-06-18", D(2020, 7, 5)), ("approve", "2020-06-19")],
     D(2020, 7, 3), TaskState.IN_PROGRESS),
    ("rejected extension does not move the deadline", [("ask", "2020-06-10", D(2020, 6, 25)), ("reject", "2020-06-12")], D(2020, 6, 20), TaskState.OVERDUE),
    ("pending extension does not move the deadline", [("ask", "2020-06-10", D(2020, 6, 25))], D(2020, 6, 20), TaskState.OVERDUE),
]  # fmt: skip


@dataclass
class Stage:
    period: object
    task: object
    office: object


@pytest.fixture
def stage(db) -> Stage:
    period = PeriodFactory()
    return Stage(
        period=period,
        task=TaskFactory(directive=period.directive),
        office=DistrictRoleFactory(user=UserFactory(username="office")).user,
    )


def report_for(stage: Stage) -> ProgressReport:
    """A new unit with its head, assigned the stage's task: its report of the stage's period."""
    membership = MembershipFactory()
    AssignmentFactory(task=stage.task, unit=membership.unit)
    directive_sync_reports(directive=stage.period.directive)
    report = ProgressReport.objects.get(unit=membership.unit, period=stage.period)
    report.head = membership.user
    return report


def play(stage: Stage, report: ProgressReport, story: list, time_machine, *, until: datetime.date | None = None) -> None:
    """Run the story's events through the services at their moments (those after ``until`` are left out)."""
    for action, when, *argument in story:
        moment = at(when)
        if until is not None and moment.date() > until:
            break
        time_machine.move_to(moment, tick=False)
        revision = ProgressReport.objects.get(pk=report.pk).revision
        if action == "submit":
            report_submit(report_id=report.pk, user=report.head, content=ReportContent(results="Kết quả đạt được"))
        elif action == "accept":
            report_accept(report_id=report.pk, user=stage.office, revision=revision)
        elif action == "return":
            report_return(report_id=report.pk, user=stage.office, revision=revision, comment="Đề nghị bổ sung số liệu.")
        elif action == "ask":
            extension_request_create(report_id=report.pk, user=report.head, requested_date=argument[0], reason="Lý do")
        else:
            pending = report.extension_requests.get(status=ExtensionStatus.PENDING)
            extension_decide(extension_id=pending.pk, user=stage.office, approve=action == "approve", note="Quyết định")


IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("name", "story", "day", "expected"), CASES, ids=IDS)
def test_state_on_the_day_itself_from_the_report_columns(name, story, day, expected, stage, time_machine):
    report = report_for(stage)
    play(stage, report, story, time_machine, until=day)
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=TZ), tick=False)
    one = ProgressReport.objects.filter(pk=report.pk)

    assert reports_with_state(one).get().state == expected
    # The counts apply the same rule once per group of reports with the same inputs.
    [(key, n)] = state_tallies(one, "unit_id").items()
    assert (key[:2], n) == ((report.unit_id, expected), 1)


@pytest.mark.parametrize(("name", "story", "day", "expected"), CASES, ids=IDS)
def test_state_as_of_the_day_from_history_after_later_events(name, story, day, expected, stage, time_machine):
    report = report_for(stage)
    play(stage, report, story, time_machine)
    time_machine.move_to(LATER, tick=False)
    one = ProgressReport.objects.filter(pk=report.pk)

    assert reports_with_state(one, as_of=day).get().state == expected
    [(key, n)] = state_tallies(one, "unit_id", as_of=day).items()
    assert (key[:2], n) == ((report.unit_id, expected), 1)


def test_as_of_today_reads_the_same_as_the_report_columns(stage, time_machine):
    reports = [report_for(stage) for _case in CASES]
    for report, (_name, story, _day, _expected) in zip(reports, CASES, strict=True):
        play(stage, report, story, time_machine)
    time_machine.move_to(LATER, tick=False)
    every = ProgressReport.objects.all()

    yesterday = LATER.date() - datetime.timedelta(days=1)
    assert Counter(reports_with_state(every).values_list("pk", "state")) == Counter(
        reports_with_state(every, as_of=yesterday).values_list("pk", "state")
    )


def test_counts_per_group_agree_with_the_status_of_each_report_on_every_day(stage, time_machine):
    # Every case in one period and task, so that groups mix reports of different deadlines and days.
    reports = [report_for(stage) for _case in CASES]
    for report, (_name, story, _day, _expected) in zip(reports, CASES, strict=True):
        play(stage, report, story, time_machine)
    time_machine.move_to(LATER, tick=False)
    every = ProgressReport.objects.all()

    for day in sorted({case[2] for case in CASES}):
        row_by_row = reports_with_state(every, as_of=day)
        assert state_tallies(every, as_of=day) == Counter(row_by_row.values_list("state", "as_of_status")), day
        assert state_tallies(every, "task_id", as_of=day) == Counter(row_by_row.values_list("task_id", "state", "as_of_status"))
        every_state = dict.fromkeys(TaskState.values, 0)
        assert state_counts(every, as_of=day) == every_state | Counter(row_by_row.values_list("state", flat=True))


def test_the_office_backlog_counts_what_waited_for_review_on_a_day_and_for_how_long(stage, time_machine):
    waiting_long, waiting_short, answered, returned = (report_for(stage) for _ in range(4))
    play(stage, waiting_long, [("submit", "2020-06-01"), ("accept", "2020-06-30")], time_machine)
    play(stage, waiting_short, [("submit", "2020-06-12")], time_machine)
    play(stage, answered, [("submit", "2020-06-02"), ("accept", "2020-06-05")], time_machine)
    play(stage, returned, [("submit", "2020-06-03"), ("return", "2020-06-04"), ("submit", "2020-06-10")], time_machine)
    time_machine.move_to(LATER, tick=False)

    on_the_15th = review_backlog(as_of=D(2020, 6, 15))

    # Waiting on 15/06: since 01/06 (14 days), since 10/06 (resubmitted: 5 days), since 12/06 (3 days).
    assert (on_the_15th.waiting, on_the_15th.oldest_days, on_the_15th.median_days) == (3, 14, 5)
    today = review_backlog()
    assert (today.waiting, today.oldest_days) == (2, (LATER.date() - D(2020, 6, 10)).days)
    assert review_backlog(as_of=D(2020, 5, 31)).waiting == 0
    assert review_backlog(as_of=D(2020, 5, 31)).median_days is None


def test_deadline_is_the_period_due_date_without_extension(stage):
    report = report_for(stage)

    assert reports_with_state(ProgressReport.objects.filter(pk=report.pk)).get().deadline == D(2020, 6, 15)


def test_state_counts_for_the_whole_seed_is_one_query(db, time_machine, django_assert_num_queries):
    from directives.seeding import seed_cv345

    time_machine.move_to(datetime.datetime(2020, 7, 1, 10, tzinfo=TZ), tick=False)
    seed_cv345()  # 26 units × 6 tasks × 3 periods (Quý II–IV/2020) = 468 reports

    with django_assert_num_queries(1):  # one GROUP BY over the status rule's inputs
        counts = state_counts(ProgressReport.objects.all())

    assert counts == {
        TaskState.DONE_ON_TIME: 0,
        TaskState.DONE_LATE: 0,
        TaskState.OVERDUE: 156,  # Quý II: due 15/06, nothing sent
        TaskState.IN_PROGRESS: 156,  # Quý III: open, due 15/09
        TaskState.NOT_DUE: 156,  # Quý IV: opens 01/10
    }
