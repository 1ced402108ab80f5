"""A small district for reminder tests: one directive, two tasks, Quý II/2020 due 15/06/2020, and
units that show each way a reminder reaches (or fails to reach) people."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.core import mail

from directives.models import DocumentType
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

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.date(2020, 6, 15)


@dataclass
class District:
    directive: object
    period: object
    tasks: list
    unit_a: object  # head and staff with e-mail, a deputy without
    unit_b: object  # no member, only the unit's mailbox
    unit_c: object  # no address at all
    head: object
    staff: object
    deputy: object
    office: object
    chairman: object
    vice: object


def build_district(*, task_count: int = 2, extra_units: int = 0) -> District:
    directive = DirectiveFactory(number="345/UBND-NV", doc_type=DocumentType.CONG_VAN)
    period = PeriodFactory(
        directive=directive,
        label="Quý II/2020",
        start_date=datetime.date(2020, 4, 1),
        end_date=datetime.date(2020, 6, 30),
        due_date=DEADLINE,
    )
    tasks = [TaskFactory(directive=directive, number=n + 1, short_label=f"Nhiệm vụ {n + 1}") for n in range(task_count)]
    unit_a = UnitFactory(code="phong-noi-vu", name="Phòng Nội vụ", short_name="Nội vụ", email="noivu@example.invalid")
    unit_b = UnitFactory(code="xa-ban-bo", name="UBND xã Bản Bo", short_name="Bản Bo", email="banbo@example.invalid")
    unit_c = UnitFactory(code="xa-giang-ma", name="UBND xã Giang Ma", short_name="Giang Ma", email="")
    extra = [UnitFactory(email="") for _ in range(extra_units)]
    head = UserFactory(username="head-a", email="head-a@example.invalid")
    staff = UserFactory(username="staff-a", email="staff-a@example.invalid")
    deputy = UserFactory(username="deputy-a", email="")
    MembershipFactory(user=head, unit=unit_a, role=MemberRole.HEAD)
    MembershipFactory(user=staff, unit=unit_a, role=MemberRole.STAFF)
    MembershipFactory(user=deputy, unit=unit_a, role=MemberRole.DEPUTY)
    for unit in extra:
        MembershipFactory(user=UserFactory(email=f"{unit.code}@example.invalid"), unit=unit, role=MemberRole.HEAD)
    office = DistrictRoleFactory(user=UserFactory(username="vp", email="vp@example.invalid"), role=DistrictRoleKind.OFFICE).user
    chairman = DistrictRoleFactory(
        user=UserFactory(username="ct", email="ct@example.invalid"), role=DistrictRoleKind.CHAIRMAN
    ).user
    vice = DistrictRoleFactory(user=UserFactory(username="pct", email=""), role=DistrictRoleKind.VICE_CHAIRMAN).user
    for task in tasks:
        for unit in [unit_a, unit_b, unit_c, *extra]:
            AssignmentFactory(task=task, unit=unit)
    directive_sync_reports(directive=directive)
    return District(directive, period, tasks, unit_a, unit_b, unit_c, head, staff, deputy, office, chairman, vice)


@pytest.fixture
def district(db) -> District:
    return build_district()


def at_0730(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=HCM)


@pytest.fixture
def run_sweep(django_capture_on_commit_callbacks):
    """Run the Celery sweep task at 07:30 on ``day`` (deliveries run after commit, eagerly); return the new e-mails."""
    from reminders.tasks import reminders_sweep

    def run(day: datetime.date) -> list:
        before = len(mail.outbox)
        with time_machine.travel(at_0730(day), tick=False), django_capture_on_commit_callbacks(execute=True):
            reminders_sweep.delay()
        return mail.outbox[before:]

    return run


def recipients_of(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)
