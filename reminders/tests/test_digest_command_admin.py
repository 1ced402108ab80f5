"""The weekly digest, the send_reminders command, the beat schedules and the admin."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from directives.models import ProgressReport, ReportStatus
from reminders.models import ReminderKind, ReminderLog, ReminderPolicy, ReminderStatus
from reminders.tasks import reminders_weekly_digest
from tests.factories import UserFactory
from tests.workflow import at, report_brought_to

from .conftest import DEADLINE, at_0730

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2020, 6, 22)  # seven days after the deadline


def run_digest(day, capture):
    before = len(mail.outbox)
    with time_machine.travel(at_0730(day), tick=False), capture(execute=True):
        reminders_weekly_digest.delay()
    return mail.outbox[before:]


def test_weekly_digest_goes_to_office_staff_with_counts_and_overdue_units(district, django_capture_on_commit_callbacks):
    report = ProgressReport.objects.filter(assignment__unit=district.unit_a).first()
    report_brought_to(report, ReportStatus.ACCEPTED, reviewer=district.office, submitted=at(datetime.date(2020, 6, 10), 16))
    ReminderLog.objects.create(
        kind=ReminderKind.REMINDER, day=MONDAY, recipient_key="unit:x", unit=district.unit_c, status=ReminderStatus.UNDELIVERABLE
    )
    messages = run_digest(MONDAY, django_capture_on_commit_callbacks)
    assert [m.to for m in messages] == [["vp@example.invalid"]]  # office only, not leadership
    body = messages[0].body
    assert messages[0].subject == "[CCHC] Tổng hợp tuần tình hình báo cáo, 22/06/2020"
    assert "Quý II/2020" in body and "6 báo cáo" in body
    assert "Quá hạn: 5" in body and "Hoàn thành đúng hạn: 1" in body
    assert "Phòng Nội vụ: 1 lượt báo cáo quá hạn (hạn báo cáo 15/06/2020)" in body
    assert "UBND xã Bản Bo: 2 lượt báo cáo quá hạn" in body
    assert "Đơn vị không nhận được e-mail trong 7 ngày qua" in body and "UBND xã Giang Ma" in body
    assert "<table" in messages[0].alternatives[0][0]
    assert run_digest(MONDAY, django_capture_on_commit_callbacks) == []  # once a day


def test_send_reminders_dry_run_prints_and_records_nothing(district):
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", DEADLINE.isoformat(), stdout=out)
    output = out.getvalue()
    assert "head-a@example.invalid" in output and "banbo@example.invalid" in output
    assert "NO ADDRESS" in output and "stages=due-0" in output
    assert "5 message(s) would send" in output
    assert not ReminderLog.objects.exists() and mail.outbox == []


def test_send_reminders_sends_synchronously_then_nothing_twice(district):
    out = StringIO()
    call_command("send_reminders", "--date", DEADLINE.isoformat(), "--digest", stdout=out)
    assert "4 message(s) claimed; sent 3, in-app only 1" in out.getvalue()
    assert "1 message(s) claimed; sent 1" in out.getvalue()  # the digest
    assert len(mail.outbox) == 4
    out = StringIO()
    call_command("send_reminders", "--date", DEADLINE.isoformat(), stdout=out)
    assert "0 message(s) claimed" in out.getvalue()
    assert len(mail.outbox) == 4


def test_send_reminders_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "15/06/2020")


def test_beat_schedules_exist_as_editable_rows_in_local_time(db):
    sweep = PeriodicTask.objects.get(name="reminders.daily_sweep")
    assert sweep.task == "reminders.tasks.reminders_sweep" and sweep.enabled
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.crontab.day_of_week) == ("30", "7", "*")
    assert str(sweep.crontab.timezone) == "Asia/Ho_Chi_Minh"
    digest = PeriodicTask.objects.get(name="reminders.weekly_digest")
    assert (digest.crontab.minute, digest.crontab.hour, digest.crontab.day_of_week) == ("0", "8", "1")


def test_office_staff_see_the_log_and_edit_policies_in_the_admin(district, client, run_sweep):
    run_sweep(DEADLINE)
    district.office.is_staff = True
    district.office.save()
    client.force_login(district.office)
    page = client.get(reverse("admin:reminders_reminderlog_changelist"))
    assert page.status_code == 200 and "head-a@example.invalid" in page.content.decode()
    log = ReminderLog.objects.get(user=district.head)
    detail = client.get(reverse("admin:reminders_reminderlog_change", args=[log.pk]))
    assert detail.status_code == 200 and "2020-06-15/due-0" in detail.content.decode()
    policy = ReminderPolicy.objects.get(directive=district.directive)
    response = client.post(
        reverse("admin:reminders_reminderpolicy_change", args=[policy.pk]),
        {"directive": district.directive.pk, "is_enabled": "on", "lead_days": "10, 5,ba", "overdue_repeat_days": 2},
    )
    assert "Nhập số ngày là số nguyên" in response.content.decode()
    response = client.post(
        reverse("admin:reminders_reminderpolicy_change", args=[policy.pk]),
        {
            "directive": district.directive.pk,
            "is_enabled": "on",
            "lead_days": "10,5",
            "overdue_repeat_days": 2,
            "escalate_after_days": "",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.lead_days, policy.overdue_repeat_days, policy.escalate_after_days) == ("10,5", 2, None)


def test_staff_without_the_office_role_cannot_open_the_reminder_admin(db, client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:reminders_reminderlog_changelist")).status_code == 403


def test_office_sends_failed_messages_again_from_the_admin(district, client, run_sweep, django_capture_on_commit_callbacks):
    run_sweep(DEADLINE)
    log = ReminderLog.objects.get(user=district.head)
    ReminderLog.objects.filter(pk=log.pk).update(status=ReminderStatus.FAILED, error="SMTPServerDisconnected")
    sent_log = ReminderLog.objects.get(user=district.staff)
    district.office.is_staff = True
    district.office.save()
    client.force_login(district.office)
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reminders_reminderlog_changelist"),
            {"action": "send_failed_again", "_selected_action": [log.pk, sent_log.pk]},
            follow=True,
        )
    assert "1 thư được xếp hàng gửi lại" in response.content.decode()
    log.refresh_from_db()
    assert log.status == ReminderStatus.SENT and log.error == ""
    assert [m.to for m in mail.outbox[before:]] == [["head-a@example.invalid"]]
