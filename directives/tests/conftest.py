"""A small district for the workflow tests: one directive whose current period is open today,
two units (A with head, deputy and staff; B with a head), the office, the chairman and a user
without any role. Dates are relative to today so that live-server browser tests agree."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from directives.models import Indicator, ProgressReport
from directives.services import directive_sync_reports
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
from units.models import DistrictRoleKind, MemberRole

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class World:
    directive: object
    task: object
    indicators: list
    period: object
    previous_period: object
    unit_a: object
    unit_b: object
    head_a: object
    deputy_a: object
    staff_a: object
    head_b: object
    office: object
    office2: object
    chairman: object
    nobody: object
    report: ProgressReport  # unit A, current period
    report_b: ProgressReport  # unit B, current period
    previous_report: ProgressReport  # unit A, previous period


@pytest.fixture
def world(db) -> World:
    today = timezone.localdate()
    directive = DirectiveFactory(issue_date=today - datetime.timedelta(days=200))
    task = TaskFactory(directive=directive, number=3, short_label="Một cửa, một cửa liên thông")
    indicators = [
        Indicator.objects.create(task=task, code="received", label="Hồ sơ đã tiếp nhận", unit_label="hồ sơ", position=1),
        Indicator.objects.create(task=task, code="on-time", label="Hồ sơ đúng hạn", unit_label="hồ sơ", position=2),
    ]
    previous = PeriodFactory(
        directive=directive,
        label="Kỳ trước",
        start_date=today - datetime.timedelta(days=110),
        end_date=today - datetime.timedelta(days=21),
        due_date=today - datetime.timedelta(days=30),
    )
    period = PeriodFactory(
        directive=directive,
        label="Kỳ này",
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=40),
        due_date=today + datetime.timedelta(days=10),
    )
    unit_a = UnitFactory(name="UBND xã Bản Bo", short_name="Bản Bo")
    unit_b = UnitFactory(name="UBND xã Bình Lư", short_name="Bình Lư")
    AssignmentFactory(task=task, unit=unit_a)
    AssignmentFactory(task=task, unit=unit_b)
    directive_sync_reports(directive=directive)
    head_a = MembershipFactory(unit=unit_a, role=MemberRole.HEAD, user=UserFactory(username="head-a", first_name="Trưởng A")).user
    world = World(
        directive=directive,
        task=task,
        indicators=indicators,
        period=period,
        previous_period=previous,
        unit_a=unit_a,
        unit_b=unit_b,
        head_a=head_a,
        deputy_a=MembershipFactory(unit=unit_a, role=MemberRole.DEPUTY, user=UserFactory(username="deputy-a")).user,
        staff_a=MembershipFactory(unit=unit_a, role=MemberRole.STAFF, user=UserFactory(username="staff-a")).user,
        head_b=MembershipFactory(unit=unit_b, role=MemberRole.HEAD, user=UserFactory(username="head-b")).user,
        office=DistrictRoleFactory(user=UserFactory(username="office", first_name="Văn phòng")).user,
        office2=DistrictRoleFactory(user=UserFactory(username="office2", first_name="Văn phòng 2")).user,
        chairman=DistrictRoleFactory(user=UserFactory(username="chairman"), role=DistrictRoleKind.CHAIRMAN).user,
        nobody=UserFactory(username="nobody"),
        report=ProgressReport.objects.get(assignment__unit=unit_a, period=period),
        report_b=ProgressReport.objects.get(assignment__unit=unit_b, period=period),
        previous_report=ProgressReport.objects.get(assignment__unit=unit_a, period=previous),
    )
    return world
