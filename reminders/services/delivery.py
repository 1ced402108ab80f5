"""Delivering claimed messages one by one: the e-mail, then its in-app copy with the outcome.

The in-app copy is created exactly once. The e-mail goes out exactly once, except the single message
a worker was sending when it died: that one is sent again after the lease (see ``recovery``), with
the same Message-ID, so it may reach the server twice if the first attempt got through.
"""

import logging
import smtplib
from collections import defaultdict
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
from security.text import text_clean, text_line

from ..composition import compose_items_message
from ..models import DELIVERABLE, ReminderKind, ReminderLog, ReminderLogItem, ReminderStatus

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


def _compose_missing(logs: list[ReminderLog]) -> None:
    """Render the logs claimed without a text (all but the digest), from their recorded items."""
    missing = [log for log in logs if not log.subject]
    if not missing:
        return
    items_by_log: dict[int, list[ReminderLogItem]] = defaultdict(list)
    items = ReminderLogItem.objects.filter(log__in=missing).select_related(
        "report__period__directive", "report__assignment__task", "report__assignment__unit"
    )
    for item in items:
        items_by_log[item.log_id].append(item)
    for log in missing:
        composed = compose_items_message(log=log, items=items_by_log[log.pk])
        log.subject, log.body_text, log.body_html = composed.subject[:300], composed.text, composed.html
    ReminderLog.objects.bulk_update(missing, ["subject", "body_text", "body_html"], batch_size=200)


def _notification_path(log: ReminderLog) -> str:
    """Units open their report list; office and leadership the unit's reminder page or the overview."""
    if log.kind in (ReminderKind.REMINDER, ReminderKind.URGE):
        return reverse("directives:my_reports")
    if log.kind == ReminderKind.DIGEST:
        return reverse("reminders:overview")
    return reverse("home")


def reminder_message_id(log: ReminderLog) -> str:
    """The Message-ID of a log row's e-mail: the same on every attempt, so a resent copy can be recognised.

    The claim token (random, written with the row) keeps ids unique even if row numbers are reused,
    e.g. after a database is restored from an older backup.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<reminder-{log.pk}.{log.claim_token}@{punycode(domain)}>"


def _claim(log: ReminderLog) -> bool:
    """Move one row from queued to sending and start its lease; False if another worker has it or it is done."""
    since = timezone.now()
    if not ReminderLog.objects.filter(pk=log.pk, status__in=DELIVERABLE).update(
        status=ReminderStatus.SENDING, attempts=F("attempts") + 1, sending_since=since
    ):
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
    if status in (ReminderStatus.SENT, ReminderStatus.IN_APP):
        changes["sent_at"] = now
    notify = bool(log.user_id) and log.notified_at is None
    if notify:
        changes["notified_at"] = now
    with transaction.atomic():
        held = ReminderLog.objects.filter(pk=log.pk, status=ReminderStatus.SENDING, sending_since=log.sending_since).update(
            **changes
        )
        if not held:
            logger.warning("reminder %s was taken over after its lease ran out; %s not recorded by this attempt", log.pk, status)
            return False
        if notify:
            notification_create_many(
                recipients=[log.user],
                title=log.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX),
                body=log.body_text,
                url=_notification_path(log),
            )
    return True


def reminder_deliver(*, log_ids: list[int], final_attempt: bool, connection=None) -> DeliveryResult:
    """Send the messages among ``log_ids`` that are still queued; safe to run twice, or on two workers.

    Each message is claimed (queued → sending, one conditional UPDATE) just before it is sent and
    recorded just after, so a worker that dies mid-batch leaves the rest of the batch queued for the
    redelivered task, and at most the one message it was sending in "sending"; that one is sent
    again once its lease runs out (``reminders_recover_abandoned``), with the same Message-ID. A
    transient SMTP error leaves the row "failed, will retry" (or "failed" on the final attempt)
    with the error text; the caller retries with back-off.
    """
    result = DeliveryResult()
    logs = list(
        ReminderLog.objects.filter(pk__in=log_ids, status__in=DELIVERABLE)
        .select_related("user", "unit", "urge__urged_by")
        .order_by("pk")
    )
    if not logs:
        return result
    _compose_missing(logs)
    own_connection = connection is None
    connection = connection or get_connection()
    smtp_down: Exception | None = None
    opened = False
    try:
        for log in logs:
            if not _claim(log):
                continue
            if not log.email:
                _finish(log, status=ReminderStatus.IN_APP)
                result.in_app += 1
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
                    None,
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
