"""A small district for reminder tests: one directive, two tasks, Quý II/2020 due 15/06/2020, and
units that show each way a reminder reaches (or fails to reach) people."""

import datetime
import socket
import threading
import zoneinfo
from dataclasses import dataclass, field

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


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except Exception``."""


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


@dataclass
class Collector:
    """aiosmtpd handler that keeps every message it accepts and the connection it came over.

    ``refuse``: addresses answered "550" at RCPT TO. ``hang_up_on``: the numbers (1 = the first
    message this server is given) of the messages it answers "421 closing" instead of accepting,
    as a server does that drops the connection.
    """

    refuse: set[str] = field(default_factory=set)
    hang_up_on: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    sessions: list = field(default_factory=list)
    offered: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.offered += 1
            if self.offered in self.hang_up_on:
                return "421 4.3.0 Closing the connection"
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
            if not any(seen is session for seen in self.sessions):
                self.sessions.append(session)
        return "250 Message accepted"

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def connections(self) -> int:
        """How many connections delivered at least one accepted message."""
        with self.lock:
            return len(self.sessions)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback: (its aiosmtpd controller, the Collector of what it received)."""
    from aiosmtpd.controller import Controller

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings) -> Collector:
    """Django sends through the SMTP server of ``smtp_server``; its Collector."""
    controller, collector = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return collector
