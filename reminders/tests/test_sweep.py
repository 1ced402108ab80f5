"""The daily sweep with frozen time: who gets what, on which day, exactly once."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Assignment, ProgressReport, ReportStatus
from directives.services import directive_sync_reports
from notifications.models import Notification
from reminders.models import ReminderKind, ReminderLog, ReminderLogItem, ReminderPolicy, ReminderStatus
from reminders.services import delivery as delivery_module
from reminders.services import messages_claim, reminders_sweep
from reminders.services.claims import PlannedMessage
from tests.factories import MembershipFactory, TaskFactory, UnitFactory, UserFactory
from tests.workflow import at, extension_asked, extension_decided, report_brought_to, unit_submitter
from units.models import MemberRole, Unit

from .conftest import DEADLINE, HCM, recipients_of

pytestmark = pytest.mark.django_db


def days(start: int, stop: int):
    return [DEADLINE + datetime.timedelta(days=offset) for offset in range(start, stop + 1)]


def test_every_stage_reaches_the_unit_once_on_its_day_from_d_minus_8_to_d_plus_10(district, run_sweep):
    received: dict[datetime.date, list[str]] = {}
    for day in days(-8, 10):
        received[day] = recipients_of(message for message in run_sweep(day) if message.subject.startswith("[CCHC] "))
    unit_a = ["head-a@example.invalid", "staff-a@example.invalid"]
    unit_b = ["banbo@example.invalid"]
    expected_unit_days = [DEADLINE + datetime.timedelta(days=o) for o in (-7, -3, -1, 0, 1, 4, 7, 10)]
    for day, addresses in received.items():
        unit_addresses = [a for a in addresses if a in unit_a + unit_b]
        if day in expected_unit_days:
            assert unit_addresses == sorted(unit_a + unit_b), day
        else:
            assert unit_addresses == [], day
    escalations = {
        day: [a for a in addresses if a in ("vp@example.invalid", "ct@example.invalid")] for day, addresses in received.items()
    }
    assert {day for day, addresses in escalations.items() if addresses} == {DEADLINE + datetime.timedelta(days=7)}
    assert escalations[DEADLINE + datetime.timedelta(days=7)] == ["ct@example.invalid", "vp@example.invalid"]


def test_one_message_per_recipient_lists_every_report_with_deadline_and_link(district, run_sweep, settings):
    settings.SITE_URL = "https://cchc.example.invalid"
    messages = run_sweep(DEADLINE - datetime.timedelta(days=3))
    to_head = [m for m in messages if m.to == ["head-a@example.invalid"]]
    assert len(to_head) == 1
    message = to_head[0]
    assert message.subject.startswith("[CCHC] Nhắc hạn báo cáo Quý II/2020 – ")
    assert message.subject.endswith("345/UBND-NV")
    reports = ProgressReport.objects.filter(assignment__unit=district.unit_a).order_by("assignment__task__number")
    for report in reports:
        assert f"https://cchc.example.invalid/directives/reports/{report.pk}/" in message.body
    assert "15/06/2020" in message.body
    assert "còn 3 ngày" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://cchc.example.invalid/directives/reports/{reports[0].pk}/"' in html
    assert "Nhiệm vụ 1" in html and "Nhiệm vụ 2" in html


def test_submitted_resubmitted_and_accepted_reports_are_not_reminded_returned_ones_are(district, run_sweep):
    reports = list(ProgressReport.objects.filter(assignment__unit=district.unit_a).order_by("assignment__task__number"))
    sent = at(DEADLINE - datetime.timedelta(days=5))
    report_brought_to(reports[0], ReportStatus.SUBMITTED, reviewer=district.office, submitted=sent)
    report_brought_to(reports[1], ReportStatus.RETURNED, reviewer=district.office, submitted=sent)
    for report in ProgressReport.objects.filter(assignment__unit=district.unit_b):
        report_brought_to(report, ReportStatus.ACCEPTED, reviewer=district.office, submitted=sent)
    for report in ProgressReport.objects.filter(assignment__unit=district.unit_c):
        report_brought_to(report, ReportStatus.RESUBMITTED, reviewer=district.office, submitted=sent)
    messages = run_sweep(DEADLINE)
    assert recipients_of(messages) == ["head-a@example.invalid", "staff-a@example.invalid"]
    body = messages[0].body
    assert "Nhiệm vụ 2" in body and "Nhiệm vụ 1" not in body
    assert "bị trả lại" in body
    assert not ReminderLog.objects.filter(unit__in=[district.unit_b, district.unit_c]).exists()


def test_each_report_is_one_line_with_its_link_and_the_html_escapes_its_label(district, run_sweep, settings):
    settings.SITE_URL = "https://cchc.example.invalid"
    district.tasks[0].short_label = 'Tuyên truyền <"Dân vận"> & kiểm tra'
    district.tasks[0].save(update_fields=["short_label"])
    first, second = ProgressReport.objects.filter(assignment__unit=district.unit_a).order_by("assignment__task__number")
    report_brought_to(
        second, ReportStatus.RETURNED, reviewer=district.office, submitted=at(DEADLINE - datetime.timedelta(days=5))
    )
    message = next(m for m in run_sweep(DEADLINE) if m.to == ["head-a@example.invalid"])
    first_link, second_link = (f"https://cchc.example.invalid/directives/reports/{report.pk}/" for report in (first, second))
    note = "bị trả lại: đề nghị chỉnh sửa và nộp lại"
    assert f'  - Nhiệm vụ 1. Tuyên truyền <"Dân vận"> & kiểm tra\n    {first_link}\n\n' in message.body
    assert f"  - Nhiệm vụ 2. Nhiệm vụ 2 [{note}]\n    {second_link}\n\n" in message.body  # its own deadline, extended
    html = message.alternatives[0][0]
    assert (
        f'<ul style="margin-top: 0;">\n  <li><a href="{first_link}">'
        "Nhiệm vụ 1. Tuyên truyền &lt;&quot;Dân vận&quot;&gt; &amp; kiểm tra</a></li>\n</ul>"
    ) in html
    assert f'\n  <li><a href="{second_link}">Nhiệm vụ 2. Nhiệm vụ 2</a> <em>({note})</em></li>\n</ul>' in html
    assert html.count("<li>") == 2 and message.body.count("\n    https://") == 2


def test_running_the_sweep_twice_the_same_day_sends_nothing_more(district, run_sweep):
    first = run_sweep(DEADLINE)
    assert len(first) == 3
    assert run_sweep(DEADLINE) == []
    assert ReminderLog.objects.filter(kind=ReminderKind.REMINDER).count() == 5  # 3 e-mails, 1 in-app only, 1 undeliverable


def test_a_second_worker_claiming_the_same_messages_wins_nothing(district):
    day = DEADLINE
    result = reminders_sweep(today=day)
    assert result.claimed_ids
    again = messages_claim(messages=result.messages, day=day)
    assert again == []
    later = [PlannedMessage(m.kind, m.recipient, m.items) for m in result.messages]
    assert messages_claim(messages=later, day=day + datetime.timedelta(days=1)) == []  # same stages: every item taken


def test_after_downtime_the_next_run_sends_the_current_stage_only(district, run_sweep):
    messages = run_sweep(DEADLINE - datetime.timedelta(days=2))
    assert len([m for m in messages if m.to == ["head-a@example.invalid"]]) == 1
    stages = set(ReminderLogItem.objects.filter(recipient_key=f"user:{district.head.pk}").values_list("stage", flat=True))
    assert stages == {"2020-06-15/due-3"}


def test_unit_mailbox_in_app_only_member_and_undeliverable_unit(district, run_sweep):
    run_sweep(DEADLINE)
    logs = {log.recipient_key: log for log in ReminderLog.objects.all()}
    assert logs[f"unit:{district.unit_b.pk}:email"].status == ReminderStatus.SENT
    assert logs[f"user:{district.deputy.pk}"].status == ReminderStatus.IN_APP
    undeliverable = logs[f"unit:{district.unit_c.pk}:none"]
    assert undeliverable.status == ReminderStatus.UNDELIVERABLE
    assert undeliverable.items.count() == 2
    assert f"unit:{district.unit_a.pk}:email" not in logs  # members with e-mail: the unit mailbox is not used
    # The undeliverable unit is recorded once per stage, not every day (overdue-0 covers days 1 to 3).
    run_sweep(DEADLINE + datetime.timedelta(days=1))
    run_sweep(DEADLINE + datetime.timedelta(days=3))
    assert ReminderLog.objects.filter(unit=district.unit_c, status=ReminderStatus.UNDELIVERABLE).count() == 2


def test_in_app_notifications_mirror_the_emails(district, run_sweep):
    messages = run_sweep(DEADLINE - datetime.timedelta(days=1))
    to_head = next(m for m in messages if m.to == ["head-a@example.invalid"])
    for user in (district.head, district.staff, district.deputy):
        notification = Notification.objects.get(recipient=user)
        assert "[CCHC] " + notification.title == to_head.subject
        assert notification.body == to_head.body
        assert notification.url == "/directives/my-reports/"
    run_sweep(DEADLINE - datetime.timedelta(days=1))
    assert Notification.objects.filter(recipient=district.head).count() == 1


def test_escalation_goes_to_leadership_and_office_once(district, run_sweep):
    run_sweep(DEADLINE + datetime.timedelta(days=7))
    escalations = ReminderLog.objects.filter(kind=ReminderKind.ESCALATION)
    assert {log.user_id for log in escalations} == {district.office.pk, district.chairman.pk, district.vice.pk}
    assert escalations.get(user=district.vice).status == ReminderStatus.IN_APP
    message = next(m for m in mail.outbox if m.to == ["ct@example.invalid"])
    assert "3 đơn vị" in message.subject
    for unit in (district.unit_a, district.unit_b, district.unit_c):
        assert unit.name in message.body
    run_sweep(DEADLINE + datetime.timedelta(days=8))
    run_sweep(DEADLINE + datetime.timedelta(days=10))
    assert ReminderLog.objects.filter(kind=ReminderKind.ESCALATION).count() == 3


def test_escalation_gives_one_line_per_unit_in_the_official_order_with_its_reports_and_page(district, run_sweep, settings):
    settings.SITE_URL = "https://cchc.example.invalid"
    Unit.objects.filter(pk=district.unit_a.pk).update(display_order=2)  # after the communes of the same group
    run_sweep(DEADLINE + datetime.timedelta(days=7))
    message = next(m for m in mail.outbox if m.to == ["ct@example.invalid"])
    lines = [f"  - {unit.name}: 2 báo cáo (nhiệm vụ 1, 2)" for unit in (district.unit_b, district.unit_c, district.unit_a)]
    positions = [message.body.index(line) for line in lines]
    assert positions == sorted(positions)
    for unit in (district.unit_a, district.unit_b, district.unit_c):
        assert f"https://cchc.example.invalid/reminders/units/{unit.pk}/" in message.body
        assert f'href="https://cchc.example.invalid/reminders/units/{unit.pk}/"' in message.alternatives[0][0]
    assert "/directives/reports/" not in message.body


def test_escalation_lists_units_only_without_empty_lines(district, run_sweep):
    run_sweep(DEADLINE + datetime.timedelta(days=7))
    message = next(m for m in mail.outbox if m.to == ["ct@example.invalid"])
    html = message.alternatives[0][0]

    assert message.body.count("\n  - ") == 3 and "  - \n" not in message.body
    assert html.count("<li>") == 3 and 'href=""' not in html


def test_recipients_of_the_same_content_share_one_rendering(district, run_sweep, monkeypatch):
    rendered = []
    compose = delivery_module.compose_items_message

    def counting(**kwargs):
        rendered.append(kwargs["log"].kind)
        return compose(**kwargs)

    monkeypatch.setattr(delivery_module, "compose_items_message", counting)
    run_sweep(DEADLINE + datetime.timedelta(days=7))
    # Unit A's three members share one text, unit B's mailbox and unit C's marker have one each (C is
    # undeliverable and never rendered), the three district recipients share the escalation.
    assert sorted(rendered) == [ReminderKind.ESCALATION, ReminderKind.REMINDER, ReminderKind.REMINDER]
    heads = ReminderLog.objects.filter(unit=district.unit_a, kind=ReminderKind.REMINDER)
    assert len({(log.subject, log.body_text, log.body_html) for log in heads}) == 1 and heads.count() == 3


def test_policy_per_directive_lead_days_and_disable(district, run_sweep):
    ReminderPolicy.objects.create(directive=district.directive, lead_days="5", overdue_repeat_days=0, escalate_after_days=None)
    assert run_sweep(DEADLINE - datetime.timedelta(days=7)) == []
    assert len(run_sweep(DEADLINE - datetime.timedelta(days=5))) == 3
    assert run_sweep(DEADLINE) == []
    assert len(run_sweep(DEADLINE + datetime.timedelta(days=1))) == 3
    assert run_sweep(DEADLINE + datetime.timedelta(days=9)) == []  # no repeat, no escalation


def test_missing_policy_is_created_with_the_defaults(district, run_sweep):
    run_sweep(DEADLINE)
    policy = ReminderPolicy.objects.get(directive=district.directive)
    assert (policy.lead_days, policy.overdue_repeat_days, policy.escalate_after_days) == ("7,3,1,0", 3, 7)


def test_an_approved_extension_moves_the_deadline_and_restarts_the_stages(district, run_sweep):
    report = ProgressReport.objects.get(assignment__unit=district.unit_b, assignment__task=district.tasks[0])
    asked_on = at(DEADLINE - datetime.timedelta(days=3))
    extension = extension_asked(report, by=unit_submitter(district.unit_b), when=asked_on, until=datetime.date(2020, 6, 30))
    extension_decided(extension, by=district.office, when=asked_on, approve=True)
    messages = run_sweep(DEADLINE + datetime.timedelta(days=1))
    body = next(m for m in messages if m.to == ["banbo@example.invalid"]).body
    assert "Nhiệm vụ 2" in body and "Nhiệm vụ 1" not in body  # task 1 is no longer overdue
    messages = run_sweep(datetime.date(2020, 6, 23))
    body = next(m for m in messages if m.to == ["banbo@example.invalid"]).body
    assert "30/06/2020" in body and "Nhiệm vụ 1" in body


@pytest.fixture
def eager_retries():
    """Eager tasks run their retries only when errors are not propagated (as on a real worker)."""
    from tamduong_cchc.celery import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before


def test_smtp_failure_is_retried_then_recorded_as_failed_and_others_are_sent(district, run_sweep, settings, eager_retries):
    settings.EMAIL_BACKEND = "reminders.tests.mail_backends.RefusingBackend"
    district.staff.email = "broken@example.invalid"
    district.staff.save()
    messages = run_sweep(DEADLINE)
    assert recipients_of(messages) == ["banbo@example.invalid", "head-a@example.invalid"]
    failed = ReminderLog.objects.get(email="broken@example.invalid")
    assert failed.status == ReminderStatus.FAILED
    assert failed.attempts == 6  # the first try and five retries
    assert "SMTPServerDisconnected" in failed.error
    assert ReminderLog.objects.get(user=district.head).status == ReminderStatus.SENT


def test_smtp_down_then_back_the_retry_sends_once(district, settings, django_capture_on_commit_callbacks):
    from reminders.services import reminders_deliver

    result = reminders_sweep(today=DEADLINE)
    settings.EMAIL_BACKEND = "reminders.tests.mail_backends.RefusingBackend"
    ReminderLog.objects.filter(user=district.head).update(email="broken@example.invalid")
    first = reminders_deliver(log_ids=result.claimed_ids, final_attempt=False)
    assert first.retrying and isinstance(first.last_error, smtplib.SMTPException)
    assert ReminderLog.objects.get(user=district.head).status == ReminderStatus.RETRYING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = len(mail.outbox)
    second = reminders_deliver(log_ids=result.claimed_ids, final_attempt=False)
    assert second.sent == 1 and len(mail.outbox) == before + 1
    assert reminders_deliver(log_ids=result.claimed_ids, final_attempt=False).sent == 0


def _measure_sweep() -> tuple[int, int, int]:
    """(queries other than INSERT, INSERT statements, messages) of one sweep with its delivery.

    Savepoints are left out: inside the test's transaction each ``atomic`` adds two, where a real
    run opens a transaction without any statement of its own.
    """
    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep(today=DEADLINE, deliver_now=True)
    assert result.delivery.sent > 0
    ReminderLog.objects.all().delete()
    statements = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    inserts = sum(1 for sql in statements if sql.startswith("INSERT"))
    return len(statements) - inserts, inserts, len(result.claimed_ids)


def _assign(tasks, units, directive) -> None:
    for task in tasks:
        for unit in units:
            Assignment.objects.get_or_create(task=task, unit=unit)
    directive_sync_reports(directive=directive)


def test_sweep_queries_do_not_grow_with_assignments(district):
    small = _measure_sweep()
    more_tasks = [TaskFactory(directive=district.directive, number=n, short_label=f"Nhiệm vụ {n}") for n in range(3, 13)]
    _assign(more_tasks, [district.unit_a, district.unit_b, district.unit_c], district.directive)
    assert ProgressReport.objects.count() == 12 * 3
    large = _measure_sweep()
    assert large[2] == small[2]  # the same recipients, six times the reports each
    assert large[0] == small[0], (small, large)
    # Only INSERT batches may be added (SQLite takes 999 parameters per statement: 124 item rows).
    assert large[1] <= small[1] + 2, (small, large)


def test_delivery_queries_grow_only_with_the_messages_not_the_reports(district):
    small = _measure_sweep()
    units = []
    for _ in range(10):
        unit = UnitFactory()
        MembershipFactory(user=UserFactory(), unit=unit, role=MemberRole.HEAD)
        units.append(unit)
    more_tasks = [TaskFactory(directive=district.directive, number=n, short_label=f"Nhiệm vụ {n}") for n in range(3, 9)]
    _assign([*district.tasks, *more_tasks], [district.unit_a, district.unit_b, district.unit_c, *units], district.directive)
    large = _measure_sweep()
    extra_messages = large[2] - small[2]
    assert extra_messages == 10
    # Per e-mail: claim it, record it (and its in-app copy in the same transaction); nothing per report.
    assert large[0] - small[0] <= 2 * extra_messages, (small, large)
    assert large[1] - small[1] <= extra_messages + 2, (small, large)


def test_disabled_policy_sends_nothing(district, run_sweep):
    ReminderPolicy.objects.create(directive=district.directive, is_enabled=False)
    assert run_sweep(DEADLINE) == []
    assert run_sweep(DEADLINE + datetime.timedelta(days=7)) == []


def test_a_report_returned_after_its_on_time_submission_is_reminded_of_its_window_not_escalated(district, run_sweep):
    from directives.services import ReportContent, report_return, report_submit

    report = ProgressReport.objects.get(unit=district.unit_a, task=district.tasks[0])
    with time_machine.travel(datetime.datetime(2020, 6, 10, 9, tzinfo=HCM), tick=False):
        report_submit(report_id=report.pk, user=district.head, content=ReportContent(results="Kết quả"))
    # Returned Tuesday 16/06, the day after the deadline: five working days, to Tuesday 23/06.
    with time_machine.travel(datetime.datetime(2020, 6, 16, 9, tzinfo=HCM), tick=False):
        report_return(report_id=report.pk, user=district.office, revision=1, comment="Bổ sung số liệu.")

    run_sweep(DEADLINE + datetime.timedelta(days=7))  # 22/06: a week overdue for the reports never sent

    items = ReminderLogItem.objects.filter(report=report)
    assert {(i.log.kind, i.deadline, i.days_to_deadline, i.stage) for i in items} == {
        (ReminderKind.REMINDER, datetime.date(2020, 6, 23), 1, "2020-06-23/due-1")
    }
    escalated = set(ReminderLogItem.objects.filter(log__kind=ReminderKind.ESCALATION).values_list("report_id", flat=True))
    assert escalated and report.pk not in escalated
