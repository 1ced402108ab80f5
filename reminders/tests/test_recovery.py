"""A worker killed mid-send: the lease on "sending", the recovery that sends the message again, and
the stable Message-ID that lets mailboxes drop the second copy."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification
from reminders import tasks
from reminders.models import ReminderLog, ReminderStatus
from reminders.services import delivery as delivery_module
from reminders.services import reminders_deliver, reminders_recover_abandoned_sending, reminders_sweep, sending_lease

from .conftest import DEADLINE, WorkerKilled

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(district) -> dict[str, ReminderLog]:
    """Today's reminders claimed (queued), not delivered: head, staff and the unit B mailbox by e-mail."""
    reminders_sweep(today=DEADLINE)
    return {log.email: log for log in ReminderLog.objects.exclude(email="")}


def _past_lease() -> dict:
    return {"status": ReminderStatus.SENDING, "sending_since": timezone.now() - sending_lease() - datetime.timedelta(seconds=1)}


def _deliver_killed_after_smtp(log: ReminderLog, monkeypatch) -> None:
    """Worker #1 sends ``log`` (the server accepts it) and is killed before it records the outcome."""

    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(delivery_module, "_finish", killed)
        with pytest.raises(WorkerKilled):
            reminders_deliver(log_ids=[log.pk], final_attempt=False)


def test_only_rows_sending_past_the_lease_are_taken_back(claimed, django_capture_on_commit_callbacks):
    head, staff, mailbox = claimed["head-a@example.invalid"], claimed["staff-a@example.invalid"], claimed["banbo@example.invalid"]
    ReminderLog.objects.filter(pk=head.pk).update(**_past_lease())
    ReminderLog.objects.filter(pk=staff.pk).update(status=ReminderStatus.SENDING, sending_since=timezone.now())  # live worker
    ReminderLog.objects.filter(pk=mailbox.pk).update(status=ReminderStatus.SENT, sending_since=_past_lease()["sending_since"])
    failed = ReminderLog.objects.filter(email="").exclude(status=ReminderStatus.UNDELIVERABLE).get()
    ReminderLog.objects.filter(pk=failed.pk).update(status=ReminderStatus.FAILED, sending_since=_past_lease()["sending_since"])

    with django_capture_on_commit_callbacks() as queued:
        result = reminders_recover_abandoned_sending(now=timezone.now())

    assert result.requeued == [head.pk] and result.failed == []
    assert len(queued) == 1
    statuses = dict(ReminderLog.objects.values_list("pk", "status"))
    assert statuses[head.pk] == ReminderStatus.RETRYING
    assert (statuses[staff.pk], statuses[mailbox.pk], statuses[failed.pk]) == (
        ReminderStatus.SENDING,
        ReminderStatus.SENT,
        ReminderStatus.FAILED,
    )
    assert "gián đoạn" in ReminderLog.objects.get(pk=head.pk).error


def test_recovery_run_twice_queues_the_message_once(claimed, django_capture_on_commit_callbacks):
    ReminderLog.objects.filter(email__in=list(claimed)).update(**_past_lease())

    with django_capture_on_commit_callbacks() as first:
        assert len(reminders_recover_abandoned_sending(now=timezone.now()).requeued) == 3
    with django_capture_on_commit_callbacks() as second:
        assert reminders_recover_abandoned_sending(now=timezone.now()).requeued == []

    assert len(first) == 1 and second == []  # one delivery task for the three, none the second time


def test_the_lease_is_a_setting(claimed, settings):
    settings.REMINDERS_SENDING_LEASE_SECONDS = 5
    head = claimed["head-a@example.invalid"]
    ReminderLog.objects.filter(pk=head.pk).update(status=ReminderStatus.SENDING, sending_since=timezone.now())

    assert reminders_recover_abandoned_sending(now=timezone.now() + datetime.timedelta(seconds=4)).requeued == []
    assert reminders_recover_abandoned_sending(now=timezone.now() + datetime.timedelta(seconds=6)).requeued == [head.pk]


def test_a_message_interrupted_again_and_again_is_failed_for_the_office_not_resent(claimed, django_capture_on_commit_callbacks):
    head = claimed["head-a@example.invalid"]
    ReminderLog.objects.filter(pk=head.pk).update(attempts=6, **_past_lease())

    with django_capture_on_commit_callbacks() as queued:
        result = reminders_recover_abandoned_sending(now=timezone.now())

    assert result.failed == [head.pk] and result.requeued == [] and queued == []
    head.refresh_from_db()
    assert head.status == ReminderStatus.FAILED and "6" in head.error


def test_killed_after_the_server_accepted_it_the_message_goes_again_with_the_same_message_id(
    claimed, district, monkeypatch, django_capture_on_commit_callbacks
):
    head = claimed["head-a@example.invalid"]
    _deliver_killed_after_smtp(head, monkeypatch)
    head.refresh_from_db()
    assert head.status == ReminderStatus.SENDING and head.sending_since is not None
    assert len(mail.outbox) == 1

    # The beat task, once the lease has run out; its delivery task runs after commit (eagerly here).
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_recover_abandoned_sending(now=timezone.now() + sending_lease() + datetime.timedelta(seconds=1))
    assert result.requeued == [head.pk]

    first, second = mail.outbox
    assert first.to == second.to == ["head-a@example.invalid"]
    assert (
        first.message()["Message-ID"]
        == second.message()["Message-ID"]
        == f"<reminder-{head.pk}.{head.claim_token}@tamduong.laichau.gov.vn>"
    )
    head.refresh_from_db()
    assert (head.status, head.attempts, head.error) == (ReminderStatus.SENT, 2, "")
    assert Notification.objects.filter(recipient=district.head).count() == 1


def test_every_message_carries_its_own_message_id(claimed):
    reminders_deliver(log_ids=[log.pk for log in claimed.values()], final_attempt=False)

    ids = {message.to[0]: message.message()["Message-ID"] for message in mail.outbox}
    assert ids == {address: f"<reminder-{log.pk}.{log.claim_token}@tamduong.laichau.gov.vn>" for address, log in claimed.items()}


def test_a_worker_slower_than_the_lease_does_not_record_or_notify_twice(claimed, district, monkeypatch):
    """Worker #1 is still talking to the server when the lease runs out; worker #2 sends it too.

    Two copies reach the server (same Message-ID): that is why the lease is far longer than the SMTP
    timeout. The row and the bell are still written once, by the attempt that holds the row.
    """
    head = claimed["head-a@example.invalid"]
    send = EmailBackend.send_messages
    taken_over = []

    def slow_send(backend, messages):
        if not taken_over:
            taken_over.append(True)
            later = timezone.now() + sending_lease() + datetime.timedelta(seconds=1)
            requeued = reminders_recover_abandoned_sending(now=later).requeued
            assert reminders_deliver(log_ids=requeued, final_attempt=False).sent == 1  # worker #2
        return send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    reminders_deliver(log_ids=[head.pk], final_attempt=False)  # worker #1

    assert [message.to for message in mail.outbox] == [["head-a@example.invalid"]] * 2
    assert len({message.message()["Message-ID"] for message in mail.outbox}) == 1
    head.refresh_from_db()
    assert (head.status, head.attempts) == (ReminderStatus.SENT, 2)
    assert Notification.objects.filter(recipient=district.head).count() == 1


def test_a_late_failure_of_the_first_attempt_does_not_overwrite_the_attempt_that_took_over(claimed, monkeypatch):
    head = claimed["head-a@example.invalid"]
    taken_over_at = timezone.now() + sending_lease() + datetime.timedelta(seconds=1)

    def fails_after_the_lease(backend, messages):
        # Meanwhile the lease ran out, the row was queued again and worker #2 is sending it.
        assert reminders_recover_abandoned_sending(now=taken_over_at).requeued == [head.pk]
        ReminderLog.objects.filter(pk=head.pk).update(status=ReminderStatus.SENDING, sending_since=taken_over_at)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", fails_after_the_lease)
    result = reminders_deliver(log_ids=[head.pk], final_attempt=True)  # worker #1

    assert result.failed == 0 and result.retrying == []
    head.refresh_from_db()
    assert (head.status, head.sending_since) == (ReminderStatus.SENDING, taken_over_at)  # still worker #2's


def test_the_beat_task_recovers_and_returns_how_many_it_queued(claimed, django_capture_on_commit_callbacks):
    ReminderLog.objects.filter(email="head-a@example.invalid").update(**_past_lease())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminders_recover_abandoned_sending.delay().get() == 1
    assert [message.to for message in mail.outbox] == [["head-a@example.invalid"]]


def test_the_recovery_runs_every_five_minutes_as_an_editable_beat_row(db):
    from tamduong_cchc.celery import app

    task = PeriodicTask.objects.get(name="reminders.recover_abandoned")
    assert task.enabled and task.task == "reminders.tasks.reminders_recover_abandoned_sending"
    assert (task.interval.every, task.interval.period) == (5, "minutes")
    assert task.task in app.tasks


def test_the_overview_says_a_message_stuck_in_sending_is_sent_again_automatically(claimed, district, client):
    ReminderLog.objects.filter(email="head-a@example.invalid").update(**_past_lease())
    client.force_login(district.office)

    page = client.get(reverse("reminders:overview")).content.decode()

    assert "Đang gửi" in page
    assert "Nếu sau 10 phút chưa gửi xong (tiến trình chạy nền đã dừng), hệ thống tự động gửi lại." in page
    assert "sau 10 phút là thư bị gián đoạn" in page


def test_a_message_whose_task_was_lost_is_queued_again_and_sent_once(claimed, django_capture_on_commit_callbacks):
    head, staff = claimed["head-a@example.invalid"], claimed["staff-a@example.invalid"]
    # The broker lost the delivery task of the head's message (claimed three hours ago); the staff's is recent.
    ReminderLog.objects.filter(pk=head.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))

    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_recover_abandoned_sending(now=timezone.now())

    assert result.requeued_queued == [head.pk]
    assert ReminderLog.objects.get(pk=head.pk).status == ReminderStatus.SENT
    assert ReminderLog.objects.get(pk=staff.pk).status == ReminderStatus.PENDING  # its task may still be on its way
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_recover_abandoned_sending(now=timezone.now()).requeued_queued == []
    assert [m.to for m in mail.outbox] == [["head-a@example.invalid"]]
