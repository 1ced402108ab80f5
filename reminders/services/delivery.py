"""Delivering claimed messages: in-app notification first, then the e-mail; each at most once."""

import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

from ..composition import compose_items_message
from ..models import DELIVERABLE, ReminderKind, ReminderLog, ReminderLogItem, ReminderStatus

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server refused, was unreachable or timed out.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


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


def _notify(logs: list[ReminderLog]) -> None:
    """Mirror each message in the recipient's bell, once (``notified_at`` is set in the same transaction).

    One INSERT for the whole batch: ``notification_create_many`` takes one text for all its
    recipients, whereas every unit's message differs, so calling it per unit would add a query per unit.
    """
    pending = [log for log in logs if log.user_id and log.notified_at is None]
    if not pending:
        return
    rows = [
        Notification(
            recipient_id=log.user_id,
            title=log.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX)[:300],
            body=log.body_text,
            url=_notification_path(log),
        )
        for log in pending
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=500)
        ReminderLog.objects.filter(pk__in=[log.pk for log in pending]).update(notified_at=timezone.now())


def _notification_path(log: ReminderLog) -> str:
    """Units open their report list; office and leadership the unit's reminder page or the overview."""
    if log.kind in (ReminderKind.REMINDER, ReminderKind.URGE):
        return reverse("directives:my_reports")
    if log.kind == ReminderKind.DIGEST:
        return reverse("reminders:overview")
    return reverse("home")


def reminder_deliver(*, log_ids: list[int], final_attempt: bool, connection=None) -> DeliveryResult:
    """Send the claimed messages among ``log_ids`` that are still queued; safe to call twice.

    Each row moves queued → sending with one conditional UPDATE, so two workers never send the
    same row. A transient SMTP error leaves the row "failed, will retry" (or "failed" on the
    final attempt) with the error text; the caller retries with back-off.
    """
    result = DeliveryResult()
    token = uuid.uuid4().hex
    ReminderLog.objects.filter(pk__in=log_ids, status__in=DELIVERABLE).update(
        status=ReminderStatus.SENDING, claim_token=token, attempts=F("attempts") + 1
    )
    logs = list(
        ReminderLog.objects.filter(claim_token=token, status=ReminderStatus.SENDING).select_related(
            "user", "unit", "urge__urged_by"
        )
    )
    if not logs:
        return result
    _compose_missing(logs)
    _notify(logs)

    sent_ids: list[int] = []
    to_mail = [log for log in logs if log.email]
    in_app_ids = [log.pk for log in logs if not log.email]
    if to_mail:
        own_connection = connection is None
        connection = connection or get_connection()
        try:
            connection.open()
        except TRANSIENT_ERRORS as exc:
            result.last_error = exc
            for log in to_mail:
                _record_failure(log, exc, final_attempt, result)
            to_mail = []
        for log in to_mail:
            message = EmailMultiAlternatives(log.subject, log.body_text, None, [log.email], connection=connection)
            message.attach_alternative(log.body_html, "text/html")
            try:
                message.send()
            except TRANSIENT_ERRORS as exc:
                result.last_error = exc
                _record_failure(log, exc, final_attempt, result)
            except Exception as exc:  # a message that can never be built or sent is failed at once, never dropped
                logger.exception("reminder %s cannot be sent", log.pk)
                _record_failure(log, exc, True, result)
            else:
                sent_ids.append(log.pk)
        if own_connection:
            connection.close()
    now = timezone.now()
    ReminderLog.objects.filter(pk__in=sent_ids).update(status=ReminderStatus.SENT, sent_at=now, error="")
    ReminderLog.objects.filter(pk__in=in_app_ids).update(status=ReminderStatus.IN_APP, sent_at=now)
    result.sent, result.in_app = len(sent_ids), len(in_app_ids)
    return result


def _record_failure(log: ReminderLog, exc: Exception, final: bool, result: DeliveryResult) -> None:
    status = ReminderStatus.FAILED if final else ReminderStatus.RETRYING
    ReminderLog.objects.filter(pk=log.pk).update(status=status, error=f"{type(exc).__name__}: {exc}"[:2000])
    if final:
        result.failed += 1
        logger.warning("reminder %s to %s failed for good: %s", log.pk, log.email, exc)
    else:
        result.retrying.append(log.pk)
