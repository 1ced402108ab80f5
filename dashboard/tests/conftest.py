"""A small district with reports in every state, at any size, for the dashboard's tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from directives.models import Directive, Indicator, ProgressReport, ReportingPeriod, ReportStatus, Task
from directives.services import directive_sync_reports
from tests.factories import AssignmentFactory, DirectiveFactory, DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from tests.workflow import at, extension_asked, report_reviewed, report_submitted
from units.models import DistrictRoleKind, Unit, UnitKind

# "Today" of every test: Q2/2020 is past its deadline, Q3 is open, Q4 has not started.
TODAY = datetime.date(2020, 8, 20)


@dataclass
class World:
    directive: Directive
    units: list[Unit]
    tasks: list[Task]
    periods: list[ReportingPeriod]
    q2: ReportingPeriod


def build_world(*, units: int, tasks: int, periods: int = 3, number: str | None = None) -> World:
    """Units (half agencies, half communes) × tasks × periods, with Q2 reports cycling through every state."""
    directive = DirectiveFactory(**({"number": number} if number else {}))
    unit_list = [
        UnitFactory(
            kind=UnitKind.AGENCY if i % 2 == 0 else UnitKind.COMMUNE, name=f"Đơn vị thử {i:03d}", short_name=f"ĐV {i:03d}"
        )
        for i in range(units)
    ]
    task_list = [
        Task.objects.create(directive=directive, number=n, short_label=f"Nhiệm vụ {n}", text="Nội dung")
        for n in range(1, tasks + 1)
    ]
    quarters = [
        ("Quý II/2020", datetime.date(2020, 4, 1), datetime.date(2020, 6, 30), datetime.date(2020, 6, 15)),
        ("Quý III/2020", datetime.date(2020, 7, 1), datetime.date(2020, 9, 30), datetime.date(2020, 9, 15)),
        ("Quý IV/2020", datetime.date(2020, 10, 1), datetime.date(2020, 12, 31), datetime.date(2020, 12, 15)),
    ][:periods]
    period_list = [
        ReportingPeriod.objects.create(directive=directive, label=label, start_date=s, end_date=e, due_date=d)
        for label, s, e, d in quarters
    ]
    first_task = task_list[0]
    Indicator.objects.create(task=first_task, code="ho-so", label="Hồ sơ giải quyết đúng hạn", unit_label="hồ sơ")
    heads = {}
    for unit in unit_list:
        heads[unit.pk] = MembershipFactory(unit=unit, user=UserFactory(username=f"truong-{unit.code}")).user
        for task in task_list:
            AssignmentFactory(task=task, unit=unit)
    directive_sync_reports(directive=directive)
    reviewer = DistrictRoleFactory(user=UserFactory(username=f"xem-xet-{directive.pk}"), role=DistrictRoleKind.OFFICE).user
    q2 = period_list[0]
    # Q2 reports cycle, through the services: on time, late, awaiting review, overdue draft, returned (overdue).
    cycle = ["on_time", "late", "submitted", "draft", "returned"]
    reports = list(ProgressReport.objects.filter(period=q2).order_by("assignment__unit__sort_key", "assignment__task__number"))
    for index, report in enumerate(reports):
        step = cycle[index % len(cycle)]
        if step == "draft":
            continue
        first = q2.due_date - datetime.timedelta(days=3) if step != "late" else q2.due_date + datetime.timedelta(days=4)
        results = f"Kết quả của {report.assignment.unit.short_name}"
        report_submitted(report, by=heads[report.unit_id], when=at(first), results=results, value=Decimal(10))
        if step != "submitted":
            report_reviewed(report, by=reviewer, when=at(first + datetime.timedelta(days=2)), accept=step != "returned")
    # One pending extension request, asked before its deadline by a unit that still owes the report.
    last = period_list[-1]
    draft = ProgressReport.objects.filter(period=last).exclude(status=ReportStatus.ACCEPTED).order_by("pk").first()
    if draft is not None:
        asked_on = min(datetime.date(2020, 8, 1), last.due_date - datetime.timedelta(days=1))
        extension_asked(draft, by=heads[draft.unit_id], when=at(asked_on), until=datetime.date(2020, 12, 30), reason="Lý do")
    return World(directive=directive, units=unit_list, tasks=task_list, periods=period_list, q2=q2)


@pytest.fixture
def world(db):
    return build_world(units=4, tasks=3)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office_client(db):
    return _client_for(DistrictRoleFactory(user=UserFactory(username="vp"), role=DistrictRoleKind.OFFICE).user)


@pytest.fixture
def chairman_client(db):
    return _client_for(DistrictRoleFactory(user=UserFactory(username="ct"), role=DistrictRoleKind.CHAIRMAN).user)


@pytest.fixture
def unit_client(db):
    return _client_for(MembershipFactory(user=UserFactory(username="truong-don-vi")).user)


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(at(TODAY, 10), tick=False)
    return TODAY
