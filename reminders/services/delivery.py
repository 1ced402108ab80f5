"""Delivering claimed messages one by one: the e-mail, then its in-app copy with the outcome.

The in-app copy is created exactly once. The e-mail goes out exactly once, except the single message
a worker was sending when it died: that one is sent again after the lease (see ``recovery``), with
the same Message-ID, so it may reach the server twice if the first attempt got through.
"""

import logging
import smtplib
from contextlib import nullcontext
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import punycode

from notifications.services import notification_create_many
from organisation.selectors import organisation_mail_sender
from security.text import text_clean, text_line

from ..composition import Composed, compose_items_message
from ..models import DELIVERABLE, ReminderKind, ReminderLog, ReminderStatus
from ..selectors import message_items

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server refused, was unreachable or timed out.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
# Retries of a delivery task after its first try; a message is attempted at most MAX_RETRIES + 1 times.
MAX_RETRIES = 5


@dataclass
class DeliveryResult:
    sent: int = 0
    in_app: int = 0
    failed: int = 0
    retrying: list[int] = field(default_factory=list)
    last_error: Exception | None = None


def _compose_missing(logs: list[ReminderLog]) -> set[int]:
    """Render the logs claimed without a text (all but the digest), from their recorded items; return their ids.

    Messages with the same content (the members of one unit, the district's recipients of one
    escalation) are rendered once and share the text, which is stored when each one is claimed.
    """
    missing = [log for log in logs if not log.subject]
    if not missing:
        return set()
    items_by_log = message_items(log_ids=[log.pk for log in missing])
    rendered: dict[tuple, Composed] = {}
    for log in missing:
        items = items_by_log[log.pk]
        content = (log.kind, log.unit_id, log.urge_id, tuple(items))
        composed = rendered.get(content)
        if composed is None:
            composed = rendered[content] = compose_items_message(log=log, items=items)
        log.subject, log.body_text, log.body_html = composed.subject[:300], composed.text, composed.html
    return {log.pk for log in missing}


def _notification_path(log: ReminderLog) -> str:
    """Units open their report list; office and leadership the unit's reminder page or the overview."""
    if log.kind in (ReminderKind.REMINDER, ReminderKind.URGE):
        return reverse("directives:my_reports")
    if log.kind == ReminderKind.DIGEST:
        return reverse("reminders:overview")
    return reverse("home")


def reminder_message_id(log: ReminderLog) -> str:
    """The Message-ID of a log row's e-mail: the same on every attempt, so a resent copy can be recognised."""
    # The claim token (random, written with the row) keeps ids unique even if row numbers are reused, e.g. after a
    # database is restored from an older backup.
    domain = parseaddr(organisation_mail_sender() or settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<reminder-{log.pk}.{log.claim_token}@{punycode(domain)}>"


def _claim(log: ReminderLog, *, with_text: bool) -> bool:
    """Move one row from queued to sending and start its lease; False if another worker has it or it is done.

    ``with_text``: the text was rendered by this attempt and is stored with the claim (no query of its own).
    """
    since = timezone.now()
    changes = {"status": ReminderStatus.SENDING, "attempts": F("attempts") + 1, "sending_since": since}
    if with_text:
        changes.update(subject=log.subject, body_text=log.body_text, body_html=log.body_html)
    if not ReminderLog.objects.filter(pk=log.pk, status__in=DELIVERABLE).update(**changes):
        return False
    log.sending_since = since  # _finish records the outcome only while the row still carries it
    return True


def _finish(log: ReminderLog, *, status: str, error: str = "") -> bool:
    """Record the outcome and, the first time, mirror the message in the recipient's bell (one transaction).

    Only the attempt that still holds the row records it: if the lease ran out and the row was
    handed to another worker (``sending_since`` changed), that worker records its own outcome.
    """
    now = timezone.now()
    changes = {"status": status, "error": error[:2000]}
    if status == ReminderStatus.SENT:
        changes["sent_at"] = now
    notify = _needs_notification(log)
    if notify:
        changes["notified_at"] = now
    # A message without a bell copy (a unit's mailbox) is recorded by one statement, no transaction.
    with transaction.atomic() if notify else nullcontext():
        held = ReminderLog.objects.filter(pk=log.pk, status=ReminderStatus.SENDING, sending_since=log.sending_since).update(
            **changes
        )
        if not held:
            logger.warning("reminder %s was taken over after its lease ran out; %s not recorded by this attempt", log.pk, status)
            return False
        if notify:
            _notify([log])
    return True


def _needs_notification(log: ReminderLog) -> bool:
    return bool(log.user_id) and log.notified_at is None


def _notify(logs: list[ReminderLog]) -> None:
    """The in-app copies of these messages: one insert per distinct text (the members of a unit share one)."""
    recipients: dict[tuple[str, str, str], list] = {}
    for log in logs:
        content = (log.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX), log.body_text, _notification_path(log))
        recipients.setdefault(content, []).append(log.user)
    for (title, body, url), users in recipients.items():
        notification_create_many(recipients=users, title=title, body=body, url=url)


def _record_in_app(logs: list[ReminderLog], *, composed: set[int]) -> int:
    """Record the messages without an e-mail address, whose in-app copy is the whole delivery; return how many.

    Nothing is sent, so no row waits in "sending": each goes from queued to done together with its
    bell copy, in one transaction for them all, or is skipped if another worker recorded it first.
    """
    if not logs:
        return 0
    now = timezone.now()
    done = []
    with transaction.atomic():
        for log in logs:
            changes = {"status": ReminderStatus.IN_APP, "attempts": F("attempts") + 1, "error": "", "sent_at": now}
            if log.pk in composed:
                changes.update(subject=log.subject, body_text=log.body_text, body_html=log.body_html)
            if _needs_notification(log):
                changes["notified_at"] = now
            if ReminderLog.objects.filter(pk=log.pk, status__in=DELIVERABLE).update(**changes):
                done.append(log)
        _notify([log for log in done if _needs_notification(log)])
    return len(done)


def reminders_deliver(*, log_ids: list[int], final_attempt: bool, connection=None) -> DeliveryResult:
    """Send the messages among ``log_ids`` that are still queued; safe to run twice, or on two workers."""
    # Each message is claimed (queued → sending, one conditional UPDATE) just before it is sent and recorded just after,
    # so a worker that dies mid-batch leaves the rest of the batch queued for the redelivered task, and at most the one
    # message it was sending in "sending"; that one is sent again once its lease runs out
    # (``reminders_recover_abandoned_sending``), with the same Message-ID. A transient SMTP error leaves the row "failed, will
    # retry" (or "failed" on the final attempt) with the error text; the caller retries with back-off. Messages without
    # an e-mail address have nothing to send and are recorded first, all in one transaction. Messages of the same
    # content are rendered once, and the batch uses one SMTP connection.
    result = DeliveryResult()
    logs = list(
        ReminderLog.objects.filter(pk__in=log_ids, status__in=DELIVERABLE)
        .select_related("user", "unit", "urge__urged_by")
        .order_by("pk")
    )
    if not logs:
        return result
    composed = _compose_missing(logs)
    result.in_app = _record_in_app([log for log in logs if not log.email], composed=composed)
    own_connection = connection is None
    connection = connection or get_connection()
    smtp_down: Exception | None = None
    opened = False
    try:
        for log in logs:
            if not log.email or not _claim(log, with_text=log.pk in composed):
                continue
            try:
                if smtp_down:
                    raise smtp_down
                if not opened:
                    connection.open()
                    opened = True
                message = EmailMultiAlternatives(
                    text_line(log.subject),
                    text_clean(log.body_text),
                    organisation_mail_sender(),
                    [log.email],
                    connection=connection,
                    headers={"Message-ID": reminder_message_id(log)},
                )
                message.attach_alternative(text_clean(log.body_html), "text/html")
                message.send()
            except TRANSIENT_ERRORS as exc:
                if not opened:
                    smtp_down = exc  # the server is unreachable: do not wait for it again for every message
                result.last_error = exc
                _record_failure(log, exc, final_attempt, result)
            except Exception as exc:  # a message that can never be built or sent is failed at once, never dropped
                logger.exception("reminder %s cannot be sent", log.pk)
                _record_failure(log, exc, True, result)
            else:
                _finish(log, status=ReminderStatus.SENT)
                result.sent += 1
    finally:
        if own_connection and opened:
            connection.close()
    return result


def _record_failure(log: ReminderLog, exc: Exception, final: bool, result: DeliveryResult) -> None:
    status = ReminderStatus.FAILED if final else ReminderStatus.RETRYING
    if not _finish(log, status=status, error=f"{type(exc).__name__}: {exc}"):
        return  # another worker holds the row now and records its own outcome
    if final:
        result.failed += 1
        logger.warning("reminder %s to %s failed for good: %s", log.pk, log.email, exc)
    else:
        result.retrying.append(log.pk)
