"""Celery tasks of reminders: they take ids or a date, call the service of the same name, and are safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services
from .services.delivery import MAX_RETRIES, TRANSIENT_ERRORS


def _day(value: str | None) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


@shared_task
def reminders_sweep(day: str | None = None) -> int:
    """The daily sweep (django-celery-beat runs it at 07:30 by default); returns how many messages it claimed."""
    return len(services.reminders_sweep(today=_day(day)).claimed_ids)


@shared_task
def reminders_weekly_digest(day: str | None = None) -> int:
    """The office's weekly digest (Monday 08:00 by default); returns how many messages it claimed."""
    return len(services.reminders_weekly_digest(today=_day(day)).claimed_ids)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def reminders_deliver(self, log_ids: list[int]) -> int:
    """Send claimed messages; a transient SMTP error is retried with back-off, then recorded as failed."""
    result = services.reminders_deliver(log_ids=log_ids, final_attempt=self.request.retries >= self.max_retries)
    if result.retrying:
        # Only the rows still marked "will retry" are picked up again; those sent stay sent.
        raise result.last_error
    return result.sent


@shared_task
def reminders_recover_abandoned_sending() -> int:
    """Send again the messages a dead worker left in "sending", or whose task was lost (beat, every 5 minutes)."""
    # Returns how many were queued.
    result = services.reminders_recover_abandoned_sending(now=timezone.now())
    return len(result.requeued) + len(result.requeued_queued)
