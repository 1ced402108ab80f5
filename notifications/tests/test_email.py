"""Notification e-mails go out after commit, once, through a Celery task that takes an id."""

import smtplib

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_emails_paused, notification_notify
from notifications.tasks import notification_send_email
from tests.factories import UserFactory


@pytest.fixture
def note(db):
    user = UserFactory(username="truong-ban-bo", email="truong@example.invalid")
    return Notification.objects.create(
        recipient=user, title="Báo cáo bị trả lại", body="Bổ sung số liệu.", url="/directives/reports/1/"
    )


def test_the_email_carries_title_body_and_an_absolute_link(note, settings):
    settings.SITE_URL = "https://cchc.tamduong.example"

    assert notification_send_email.delay(note.pk).get() is True

    message = mail.outbox[0]
    assert message.to == ["truong@example.invalid"]
    assert message.subject == "[CCHC] Báo cáo bị trả lại"
    assert "Bổ sung số liệu." in message.body
    assert "https://cchc.tamduong.example/directives/reports/1/" in message.body


def test_running_the_task_twice_sends_once(note):
    notification_send_email(note.pk)
    notification_send_email(note.pk)

    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.email_sent_at is not None


def test_a_failed_send_releases_the_claim_so_a_retry_can_send(note, monkeypatch):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("notifications.services.send_mail", broken)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_send_email.run(note.pk)
    note.refresh_from_db()
    assert note.email_sent_at is None

    monkeypatch.undo()
    notification_send_email(note.pk)
    assert len(mail.outbox) == 1


def test_notify_queues_emails_only_after_commit_and_skips_users_without_address(db, django_capture_on_commit_callbacks):
    with_address = UserFactory(username="a", email="a@example.invalid")
    without = UserFactory(username="b", email="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification_notify(recipients=[with_address, without, with_address], title="Có báo cáo mới")
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert Notification.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["a@example.invalid"]]


def test_while_emails_are_paused_notifications_are_recorded_but_not_mailed(db, django_capture_on_commit_callbacks):
    user = UserFactory(username="a", email="a@example.invalid")

    with django_capture_on_commit_callbacks(execute=True) as paused, notification_emails_paused():
        notification_notify(recipients=[user], title="Lịch sử minh họa")
    with django_capture_on_commit_callbacks(execute=True) as afterwards:
        notification_notify(recipients=[user], title="Có báo cáo mới")

    assert (len(paused), len(afterwards)) == (0, 1)
    assert Notification.objects.filter(recipient=user).count() == 2
    assert [m.subject for m in mail.outbox] == ["[CCHC] Có báo cáo mới"]


def test_missing_notification_is_a_no_op(db):
    assert notification_send_email(987654) is False
    assert mail.outbox == []
