"""Delivering a batch over a real SMTP server on loopback: one connection for the batch, and what a
refused recipient, a dropped connection or a killed worker leaves behind."""

import datetime
from collections import Counter
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from organisation.selectors import organisation_mail_sender
from reminders.models import ReminderLog, ReminderStatus
from reminders.services import delivery as delivery_module
from reminders.services import reminder_message_id, reminders_deliver, reminders_sweep

from .conftest import DEADLINE, WorkerKilled, build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch() -> list[ReminderLog]:
    """Today's reminders claimed, not delivered: seven e-mails (unit A's head and staff, unit B's mailbox and four
    units' heads), unit A's deputy in the app only, unit C undeliverable. Returns the e-mails in delivery order."""
    build_district(extra_units=4)
    reminders_sweep(today=DEADLINE)
    return list(ReminderLog.objects.exclude(email="").order_by("pk"))


def _ids() -> list[int]:
    return list(ReminderLog.objects.order_by("pk").values_list("pk", flat=True))


def _statuses(logs: list[ReminderLog]) -> list[str]:
    return [ReminderLog.objects.get(pk=log.pk).status for log in logs]


def _received(smtp) -> Counter:
    """Accepted messages per Message-ID."""
    return Counter(
        str(message_from_bytes(content, policy=policy.default)["Message-ID"]).strip() for _r, content in smtp.snapshot()
    )


def test_a_batch_sends_every_message_over_one_smtp_connection(batch, smtp):
    result = reminders_deliver(log_ids=_ids(), final_attempt=False)

    assert (result.sent, result.in_app, result.failed, result.retrying) == (7, 1, 0, [])
    assert smtp.connections() == 1
    assert _received(smtp) == Counter(reminder_message_id(log) for log in batch)
    assert _statuses(batch) == [ReminderStatus.SENT] * 7


def test_a_refused_recipient_fails_alone_and_the_others_are_sent(batch, smtp):
    refused = batch[1]
    smtp.refuse = {refused.email}

    result = reminders_deliver(log_ids=_ids(), final_attempt=True)

    assert (result.sent, result.failed) == (6, 1)
    statuses = _statuses(batch)
    assert statuses.pop(1) == ReminderStatus.FAILED and statuses == [ReminderStatus.SENT] * 6
    assert "SMTPRecipientsRefused" in ReminderLog.objects.get(pk=refused.pk).error
    assert _received(smtp) == Counter(reminder_message_id(log) for log in batch if log != refused)


def test_a_connection_dropped_mid_batch_fails_that_message_only_and_the_rest_go_over_a_new_one(batch, smtp):
    smtp.hang_up_on = {3}
    dropped = batch[2]

    first = reminders_deliver(log_ids=_ids(), final_attempt=False)

    assert (first.sent, first.retrying) == (6, [dropped.pk])
    statuses = _statuses(batch)
    assert statuses.pop(2) == ReminderStatus.RETRYING and statuses == [ReminderStatus.SENT] * 6
    assert smtp.connections() == 2
    # The retry sends only the message that did not go through.
    second = reminders_deliver(log_ids=_ids(), final_attempt=False)
    assert (second.sent, second.retrying) == (1, [])
    assert _received(smtp) == Counter(reminder_message_id(log) for log in batch)
    assert ReminderLog.objects.get(pk=dropped.pk).attempts == 2


def test_an_unreachable_server_leaves_every_e_mail_for_the_retry_and_the_in_app_copies_are_made(batch, smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens there

    result = reminders_deliver(log_ids=_ids(), final_attempt=False)

    assert (result.sent, result.in_app) == (0, 1)
    assert sorted(result.retrying) == [log.pk for log in batch]
    assert _statuses(batch) == [ReminderStatus.RETRYING] * 7
    assert Notification.objects.count() == 7  # unit A's three members and the four heads


def test_a_worker_killed_mid_batch_has_recorded_every_message_before_the_one_in_flight(batch, monkeypatch):
    send = EmailBackend.send_messages

    def killed_after_the_third(backend, messages):
        sent = send(backend, messages)
        if len(mail.outbox) == 3:  # the server has the third message; the worker dies before it hears so
            raise WorkerKilled
        return sent

    monkeypatch.setattr(EmailBackend, "send_messages", killed_after_the_third)
    with pytest.raises(WorkerKilled):
        reminders_deliver(log_ids=_ids(), final_attempt=False)

    # Sent and recorded, in flight (sent again after the lease, with the same Message-ID), still queued.
    assert _statuses(batch) == [ReminderStatus.SENT] * 2 + [ReminderStatus.SENDING] + [ReminderStatus.PENDING] * 4
    assert Notification.objects.count() == 7  # every in-app copy was made when the batch was taken up
    monkeypatch.undo()
    assert reminders_deliver(log_ids=_ids(), final_attempt=False).sent == 4  # the redelivered task
    assert Notification.objects.count() == 7


def test_a_batch_costs_two_statements_per_e__mail_and_a_fixed_few_besides(batch):
    # Given seven e-mails of five contents and a message in the app only, when the batch is delivered:
    log_ids = _ids()
    with CaptureQueriesContext(connection) as queries:
        assert reminders_deliver(log_ids=log_ids, final_attempt=False).sent == 7

    statements = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    # then it reads its rows (1) and their items (5), locks the rows still queued (1), marks the in-app copies (1),
    # records the message in the app only (1) and its text (1), inserts every in-app copy in one statement (1), and
    # claims and records each e-mail (2 × 7).
    assert len(statements) == 11 + 2 * 7
    assert [sql.split()[0] for sql in statements[6:11]] == ["SELECT", "UPDATE", "UPDATE", "UPDATE", "INSERT"]
    assert Notification.objects.count() == 7


def _as_django_builds_it(log: ReminderLog, received: bytes) -> bytes:
    """The e-mail of ``log`` as Django's EmailMultiAlternatives serialises it, with the received boundary and Date."""
    parsed = message_from_bytes(received, policy=policy.compat32)
    email = EmailMultiAlternatives(
        log.subject,
        log.body_text,
        organisation_mail_sender(),
        [log.email],
        headers={"Date": parsed["Date"], "Message-ID": reminder_message_id(log)},
    )
    email.attach_alternative(log.body_html, "text/html")
    message = email.message()
    message.set_boundary(parsed.get_boundary())
    return message.as_bytes(linesep="\r\n")


def test_recipients_of_one_content_share_its_body_and_each_gets_what_django_would_send(batch, smtp):
    # Unit A's head and staff get the same text: its body is serialised once, under one boundary.
    reminders_deliver(log_ids=_ids(), final_attempt=False)

    received = {tuple(rcpt): content for rcpt, content in smtp.snapshot()}
    head, staff = (ReminderLog.objects.get(pk=log.pk) for log in batch[:2])
    assert (head.subject, head.body_text, head.body_html) == (staff.subject, staff.body_text, staff.body_html)
    assert "Nhiệm vụ 1" in head.body_text and head.subject.startswith("[CCHC] ")
    mine = [received[(log.email,)] for log in (head, staff)]
    boundaries = {message_from_bytes(content).get_boundary() for content in mine}
    assert len(boundaries) == 1
    for log, content in zip((head, staff), mine, strict=True):
        assert content == _as_django_builds_it(log, content)
        assert message_from_bytes(content, policy=policy.default)["To"] == log.email
    for log in batch[2:]:  # every other message too, each of its own content
        log.refresh_from_db()
        assert received[(log.email,)] == _as_django_builds_it(log, received[(log.email,)])


def _after_sending(monkeypatch, first: ReminderLog, then) -> None:
    """Run ``then`` once ``first`` has been sent, before anything is recorded of it."""
    send = delivery_module._Mailer.send

    def send_then(mailer, log):
        send(mailer, log)
        if log.pk == first.pk:
            then()

    monkeypatch.setattr(delivery_module._Mailer, "send", send_then)


def test_an_e_mail_taken_over_after_it_was_sent_is_left_to_the_worker_that_holds_it_now(batch, smtp, monkeypatch):
    # The lease of the first ran out meanwhile and another worker holds it now: that worker records its outcome.
    other_lease = timezone.now() + datetime.timedelta(minutes=11)
    first = batch[0]
    _after_sending(monkeypatch, first, lambda: ReminderLog.objects.filter(pk=first.pk).update(sending_since=other_lease))

    assert reminders_deliver(log_ids=_ids(), final_attempt=False).sent == 7

    first.refresh_from_db()
    assert (first.status, first.sending_since, first.sent_at) == (ReminderStatus.SENDING, other_lease, None)
    assert _statuses(batch[1:]) == [ReminderStatus.SENT] * 6


def test_an_e_mail_another_worker_claimed_first_is_left_to_it_and_the_one_before_is_still_recorded(batch, smtp, monkeypatch):
    first, second = batch[:2]
    other_lease = timezone.now()
    _after_sending(
        monkeypatch,
        first,
        lambda: ReminderLog.objects.filter(pk=second.pk).update(status=ReminderStatus.SENDING, sending_since=other_lease),
    )

    assert reminders_deliver(log_ids=_ids(), final_attempt=False).sent == 6

    assert _statuses(batch) == [ReminderStatus.SENT, ReminderStatus.SENDING] + [ReminderStatus.SENT] * 5
    second.refresh_from_db()
    assert (second.sending_since, second.attempts) == (other_lease, 0)
    assert reminder_message_id(second) not in _received(smtp)


@pytest.mark.parametrize("linesep", ["\r\n", "\n"])
def test_a_shared_body_is_what_django_builds_for_each_recipient_with_long_lines_and_an_idn_address(linesep):
    # A line over 998 characters makes Django quote the part (quoted-printable); a long subject is folded.
    subject = "[CCHC] Nhắc hạn báo cáo Quý II/2020 – Công văn số 345/UBND-NV" + " rất dài" * 20
    text, html = "Kính gửi\n" + "ư" * 2000 + "\nFrom here\n.\n", "<p>" + "đ" * 1500 + "</p>"
    sender, bodies = "CCHC Tam Đường <cchc@tamduong.example.invalid>", {}
    for address in ("a@example.invalid", "b@exämple.invalid", "c@example.invalid"):
        shared = delivery_module._Email(subject, text, sender, [address], headers={"Message-ID": f"<r.{address}>"}, bodies=bodies)
        shared.attach_alternative(html, "text/html")
        received = shared.message().as_bytes(linesep=linesep)
        parsed = message_from_bytes(received, policy=policy.compat32)
        plain = EmailMultiAlternatives(
            subject, text, sender, [address], headers={"Date": parsed["Date"], "Message-ID": f"<r.{address}>"}
        )
        plain.attach_alternative(html, "text/html")
        expected = plain.message()
        expected.set_boundary(parsed.get_boundary())
        assert received == expected.as_bytes(linesep=linesep)
    assert len(bodies) == 1
