"""Figures as they stood on a past day, from one history played through the services; every page,
export and reminder counts it the same way."""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass

import pytest
from django.urls import reverse

from dashboard import selectors
from dashboard.exports import common
from dashboard.exports.xlsx_export import report_rows
from directives.models import ExtensionStatus, ProgressReport, ReportingPeriod, Task
from directives.selectors import TaskState, review_backlog
from directives.services import (
    ReportContent,
    directive_sync_reports,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_submit,
)
from reminders.selectors import digest_state_counts
from tests.factories import AssignmentFactory, DirectiveFactory, DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import UnitKind

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
TODAY = D(2020, 8, 20)
ON_16_JUNE = D(2020, 6, 16)  # the day after Quý II/2020's deadline


@dataclass
class History:
    directive: object
    q2: ReportingPeriod
    units: list
    office: object


def _at(moment: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(moment).replace(tzinfo=TZ)


@pytest.fixture
def history(db, time_machine) -> History:
    """Four units × two tasks of Quý II/2020, each report with its own story; the clock then stops on 20/08/2020."""
    directive = DirectiveFactory(number="345/UBND-NV")
    q2 = ReportingPeriod.objects.create(
        directive=directive, label="Quý II/2020", start_date=D(2020, 4, 1), end_date=D(2020, 6, 30), due_date=D(2020, 6, 15)
    )
    tasks = [Task.objects.create(directive=directive, number=n, short_label=f"Nhiệm vụ {n}", text="Nội dung") for n in (1, 2)]
    units = [
        UnitFactory(kind=kind, name=f"Đơn vị {i}", short_name=f"ĐV {i}")
        for i, kind in enumerate([UnitKind.AGENCY] * 2 + [UnitKind.COMMUNE] * 2)
    ]
    heads = [MembershipFactory(unit=unit, user=UserFactory(username=f"head-{i}")).user for i, unit in enumerate(units)]
    for unit in units:
        for task in tasks:
            AssignmentFactory(task=task, unit=unit)
    directive_sync_reports(directive=directive)
    office = DistrictRoleFactory(user=UserFactory(username="vp")).user
    report = {(u, t): ProgressReport.objects.get(unit=units[u], task=tasks[t], period=q2) for u in range(4) for t in range(2)}
    content = ReportContent(results="Kết quả đạt được")

    def submit(key, when):
        time_machine.move_to(_at(when), tick=False)
        report_submit(report_id=report[key].pk, user=heads[key[0]], content=content)

    def review(key, when, *, accept=True):
        time_machine.move_to(_at(when), tick=False)
        revision = ProgressReport.objects.get(pk=report[key].pk).revision
        if accept:
            report_accept(report_id=report[key].pk, user=office, revision=revision)
        else:
            report_return(report_id=report[key].pk, user=office, revision=revision, comment="Bổ sung số liệu.")

    submit((0, 0), "2020-06-10T09:00"), review((0, 0), "2020-06-12T09:00")
    submit((0, 1), "2020-06-10T10:00"), review((0, 1), "2020-06-25T09:00")  # on time, reviewed after the deadline
    submit((1, 0), "2020-06-18T09:00"), review((1, 0), "2020-06-19T09:00")  # late
    submit((2, 0), "2020-06-10T09:00"), review((2, 0), "2020-06-12T09:00", accept=False)  # window to 19/06
    submit((2, 0), "2020-06-17T09:00"), review((2, 0), "2020-06-30T09:00")
    time_machine.move_to(_at("2020-06-10T11:00"), tick=False)
    extension = extension_request_create(report_id=report[2, 1].pk, user=heads[2], requested_date=D(2020, 6, 25), reason="Lũ")
    time_machine.move_to(_at("2020-06-11T09:00"), tick=False)
    extension_decide(extension_id=extension.pk, user=office, approve=True)
    submit((2, 1), "2020-06-24T09:00")  # within the extension, still waiting for review
    submit((3, 0), "2020-06-05T09:00"), review((3, 0), "2020-06-08T09:00", accept=False)  # window ends with the deadline
    time_machine.move_to(_at(f"{TODAY}T10:00"), tick=False)
    assert not ProgressReport.objects.filter(extension_requests__status=ExtensionStatus.PENDING).exists()
    return History(directive=directive, q2=q2, units=units, office=office)


EXPECTED = {
    # On 16/06: 1 accepted on time; sent on time and waiting, returned inside its window, extended: in progress;
    # never sent, returned with its window over: overdue.
    ON_16_JUNE: {"done_on_time": 1, "done_late": 0, "in_progress": 3, "overdue": 4, "not_due": 0},
    # Today: three accepted on time (one after its window's resubmission), one late, one waiting, three overdue.
    TODAY: {"done_on_time": 3, "done_late": 1, "in_progress": 1, "overdue": 3, "not_due": 0},
}


@pytest.mark.parametrize("day", [ON_16_JUNE, TODAY])
def test_the_dashboard_summary_exports_and_reminders_count_the_same_on_each_day(history, day):
    dashboard = selectors.dashboard_data(directive=history.directive, period=history.q2, as_of=day)
    summary = selectors.summary_data(directive=history.directive, period=history.q2, periods=[history.q2], as_of=day)
    exported = common.compliance_table(directive=history.directive, period=history.q2, as_of=day)
    rows = Counter(row[8] for row in report_rows(period=history.q2, as_of=day))

    assert dashboard.headline.counts == summary.headline.counts == exported.total.counts == EXPECTED[day]
    assert rows == +Counter(EXPECTED[day])
    assert summary.units_overdue == dashboard.units_overdue
    if day == TODAY:  # the reminders run on the day itself
        [digest] = [row for row in digest_state_counts(today=day) if row["period_id"] == history.q2.pk]
        assert {state: digest[state] for state in TaskState.values} == EXPECTED[day]


def test_the_office_backlog_as_it_stood_and_as_it_stands(history):
    then, now = review_backlog(as_of=ON_16_JUNE), review_backlog()

    # On 16/06 only unit 0's second report (sent 10/06) waited; today unit 2's extended one (sent 24/06).
    assert (then.waiting, then.oldest_days, then.median_days) == (1, 6, 6)
    assert (now.waiting, now.oldest_days) == (1, (TODAY - D(2020, 6, 24)).days)


def test_the_dashboard_page_as_of_a_past_day_says_so_and_costs_no_more_queries(history, client, django_assert_num_queries):
    client.force_login(history.office)
    url = reverse("dashboard:dashboard", args=[history.directive.pk])

    with django_assert_num_queries(16):  # as today's page (test_views.QUERY_COUNTS)
        response = client.get(url, {"period": history.q2.pk, "as_of": "16/06/2020"})

    html = response.content.decode()
    assert response.context["data"].headline.counts == EXPECTED[ON_16_JUNE]
    assert "Số liệu tính đến ngày 16/06/2020" in html
    assert 'id="review-backlog" data-waiting="1"' in html
    # Urging is for today: no button on a past day's page.
    assert 'action="/reminders/urge/"' not in html
    assert f'?period={history.q2.pk}&amp;as_of=2020-06-16"' in html  # the exports and the summary keep the day
    assert client.get(url, {"period": history.q2.pk}).context["data"].headline.counts == EXPECTED[TODAY]


@pytest.mark.parametrize("bad", ["21/08/2020", "31/02/2020", "²"])
def test_a_future_or_impossible_day_is_refused_with_a_message_and_today_is_shown(history, client, bad):
    client.force_login(history.office)

    response = client.get(reverse("dashboard:summary", args=[history.directive.pk]), {"period": history.q2.pk, "as_of": bad})

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Một số điều kiện lọc không hợp lệ nên đã được đặt lại: Số liệu tính đến ngày."
    ]
    assert response.context["as_of"] == TODAY
    assert response.context["data"].headline.counts == EXPECTED[TODAY]
