"""Handing claimed messages to delivery: queued to Celery after commit, or sent now (command, bench)."""

from contextlib import suppress
from functools import partial

from django.core.mail import get_connection
from django.db import transaction

from .delivery import TRANSIENT_ERRORS, DeliveryResult, reminders_deliver

DELIVERY_CHUNK = 50


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + DELIVERY_CHUNK] for start in range(0, len(ids), DELIVERY_CHUNK)]


def deliveries_queue(*, log_ids: list[int]) -> None:
    """Queue one delivery task per chunk of messages, once the claim has committed."""
    from .. import tasks  # the task module imports this one

    for chunk in _chunks(log_ids):
        transaction.on_commit(partial(tasks.reminders_deliver.delay, chunk))


def deliveries_run_now(*, log_ids: list[int]) -> DeliveryResult:
    """Deliver in this process, every chunk over one SMTP connection; messages that fail are queued for a retry."""
    total = DeliveryResult()
    connection = get_connection()  # opened by the first message that is e-mailed
    try:
        for chunk in _chunks(log_ids):
            result = reminders_deliver(log_ids=chunk, final_attempt=False, connection=connection)
            total.sent += result.sent
            total.in_app += result.in_app
            total.failed += result.failed
            total.retrying += result.retrying
            total.last_error = result.last_error or total.last_error
    finally:
        with suppress(TRANSIENT_ERRORS):  # the server may have gone away since the last message
            connection.close()
    if total.retrying:
        deliveries_queue(log_ids=total.retrying)
    return total


def reminders_requeue_failed(*, log_ids: list[int]) -> int:
    """Queue failed messages again (an office decision, e.g. after the mail server was fixed); return how many."""
    from ..models import ReminderLog, ReminderStatus

    failed = list(ReminderLog.objects.filter(pk__in=log_ids, status=ReminderStatus.FAILED).values_list("pk", flat=True))
    ReminderLog.objects.filter(pk__in=failed, status=ReminderStatus.FAILED).update(status=ReminderStatus.RETRYING)
    deliveries_queue(log_ids=failed)
    return len(failed)
