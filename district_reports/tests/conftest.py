"""A small district for the district report: three units, two tasks, Quý II and Quý III/2020.

Story (Quý II/2020, due 15/06/2020): unit A sends on 10/06, accepted 20/06 (on time); unit B sends
late on 20/06, accepted only on 10/07; unit C never sends. Task 1 has an indicator A and B report
(A: 12, B: 0) and one the office added afterwards, which nobody reports. The report upward is dated 05/07/2020.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings

from directives.models import Directive, Indicator, LegalBasis, ProgressReport, ReportingPeriod, Task
from directives.services import ReportContent, directive_sync_reports, report_submit
from tests.factories import (
    AssignmentFactory,
    DirectiveFactory,
    DistrictRoleFactory,
    MembershipFactory,
    PeriodFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from tests.workflow import report_reviewed
from units.models import DistrictRoleKind, MemberRole, UnitKind

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
REPORT_DATE = datetime.date(2020, 7, 5)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


@dataclass
class District:
    directive: Directive
    tasks: list[Task]
    q2: ReportingPeriod
    q3: ReportingPeriod
    units: list
    heads: list
    office: object
    leader: object
    counted: Indicator
    unreported: Indicator | None


def build_district(*, extra_units: int = 0, extra_tasks: int = 0, number: str = "345/UBND-NV") -> District:
    directive = DirectiveFactory(number=number, subject="sử dụng kết quả đo lường sự hài lòng năm 2019")
    LegalBasis.objects.create(
        directive=directive, position=1, doc_type="cong_van", number="3088/UBND-KSTT", date=datetime.date(2019, 12, 31),
        issuer="UBND tỉnh Lai Châu", subject="Về việc sử dụng kết quả đo lường sự hài lòng năm 2019", implemented=True,
        report_addressees="Ủy ban nhân dân tỉnh Lai Châu\nSở Nội vụ tỉnh Lai Châu",
    )  # fmt: skip
    LegalBasis.objects.create(
        directive=directive, position=2, doc_type="chi_thi", number="10/CT-TTg", date=datetime.date(2019, 4, 22),
        issuer="Thủ tướng Chính phủ", subject="Về việc chống nhũng nhiễu",
    )  # fmt: skip
    tasks = [
        TaskFactory(directive=directive, number=number, short_label=f"Nhiệm vụ số {number}")
        for number in range(1, 3 + extra_tasks)
    ]
    counted = Indicator.objects.create(task=tasks[0], code="dossiers", label="Hồ sơ đã tiếp nhận", unit_label="hồ sơ", position=1)
    names = ["UBND xã Bản Bo", "UBND xã Bình Lư", "UBND xã Giang Ma"] + [f"UBND xã Thêm {n}" for n in range(extra_units)]
    units = [UnitFactory(name=name, short_name=name.removeprefix("UBND xã "), kind=UnitKind.COMMUNE) for name in names]
    heads = [MembershipFactory(unit=unit, role=MemberRole.HEAD, user=UserFactory(email="")).user for unit in units]
    for task in tasks:
        for unit in units:
            AssignmentFactory(task=task, unit=unit)
    q2 = PeriodFactory(directive=directive, label="Quý II/2020", start_date=datetime.date(2020, 4, 1),
                       end_date=datetime.date(2020, 6, 30), due_date=datetime.date(2020, 6, 15))  # fmt: skip
    q3 = PeriodFactory(directive=directive, label="Quý III/2020", start_date=datetime.date(2020, 7, 1),
                       end_date=datetime.date(2020, 9, 30), due_date=datetime.date(2020, 9, 15))  # fmt: skip
    directive_sync_reports(directive=directive)
    office = DistrictRoleFactory(
        role=DistrictRoleKind.OFFICE,
        user=UserFactory(username=f"vp-{number.partition('/')[0]}", first_name="Cán bộ", last_name="Văn phòng"),
    ).user
    leader = DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN, user=UserFactory(username=f"ct-{number.partition('/')[0]}")).user
    district = District(directive, tasks, q2, q3, units, heads, office, leader, counted, None)
    story(district)
    # Added by the office after the units had reported: no accepted report gives it a value.
    district.unreported = Indicator.objects.create(
        task=tasks[0], code="spending", label="Kinh phí đầu tư", unit_label="đồng", position=2
    )
    return district


def send(
    district: District, unit_index: int, task: Task, *, when: datetime.datetime, value: Decimal | None, **texts
) -> ProgressReport:
    report = ProgressReport.objects.get(unit=district.units[unit_index], task=task, period=district.q2)
    indicators = {district.counted.pk: value} if task == district.tasks[0] and value is not None else {}
    with time_machine.travel(when, tick=False):
        report_submit(report_id=report.pk, user=district.heads[unit_index], content=ReportContent(indicators=indicators, **texts))
    return report


def story(district: District) -> None:
    task1, task2 = district.tasks[:2]
    a1 = send(district, 0, task1, when=at(datetime.date(2020, 6, 10)), value=Decimal(12),
              results="Bản Bo đã phân tích kết quả SIPAS.", shortcomings="Thiếu cán bộ một cửa.",
              solutions="Bố trí thêm cán bộ. Đề nghị tỉnh hỗ trợ kinh phí.")  # fmt: skip
    b1 = send(district, 1, task1, when=at(datetime.date(2020, 6, 20)), value=Decimal(0),
              results="Bình Lư đã tuyên truyền.", shortcomings="Đường xa.")  # fmt: skip
    a2 = send(district, 0, task2, when=at(datetime.date(2020, 6, 12)), value=None, results="Bản Bo: nhiệm vụ 2.")
    report_reviewed(a1, by=district.office, when=at(datetime.date(2020, 6, 20)), accept=True)
    report_reviewed(a2, by=district.office, when=at(datetime.date(2020, 6, 21)), accept=True)
    report_reviewed(b1, by=district.office, when=at(datetime.date(2020, 7, 10)), accept=True)
    # Unit B's draft on task 2 is never sent: its text must not reach the district's report.
    ProgressReport.objects.filter(unit=district.units[1], task=task2, period=district.q2).update(
        shortcomings="Bản nháp chưa gửi."
    )


@pytest.fixture
def district(db) -> District:
    return build_district()
