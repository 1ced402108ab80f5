"""Sending again the messages a dead worker left in "sending" (the lease on a delivery attempt), and
the queued ones whose delivery task never reached a worker (``QUEUED_GRACE``).

A worker claims a row (queued → sending) just before it talks to the mail server and records the
outcome just after (see ``delivery``). If it is killed in between, nothing else would ever touch
the row. So "sending" is a lease: a row still there after ``sending_lease()`` was abandoned, and
goes back to "failed, will retry" and into the delivery queue.

The lease must be far longer than any live attempt (the SMTP socket timeout, EMAIL_TIMEOUT, is
20 seconds), else a slow but live worker's message would be sent twice. Ten minutes by default;
the django-celery-beat row "reminders.recover_abandoned" checks every five minutes, so an
abandoned message goes out 10–15 minutes after the crash. A worker does not run it when it
starts: it cannot tell a dead worker's row from one a live worker on another node is sending
until the lease runs out, and after a restart of the whole stack beat runs the overdue check at
once.

What cannot be known is whether the mail server had accepted the message just before the worker
died. The copy sent again carries the same Message-ID (``reminder_message_id``), which mail
servers and clients use to drop duplicates: delivery is at least once for the one message in
flight per dead worker process, exactly once for all the others; the in-app copy is exactly once.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ReminderLog, ReminderStatus
from .delivery import MAX_RETRIES
from .dispatch import deliveries_queue


def sending_lease() -> datetime.timedelta:
    """How long a delivery attempt may hold a row in "sending" (setting REMINDERS_SENDING_LEASE_SECONDS)."""
    return datetime.timedelta(seconds=settings.REMINDERS_SENDING_LEASE_SECONDS)


def sending_lease_minutes() -> int:
    """The lease in whole minutes (at least 1), as the reminder pages state it."""
    return max(1, round(sending_lease().total_seconds() / 60))


# A queued row reaches a worker within the broker's visibility timeout (an hour by default), even when
# a worker dies holding its task. A row still queued well after that has lost its task (the broker was
# down when the claim committed, say) and is queued again; a second task for a row that was in fact
# delivered finds it no longer queued and skips it, so this never sends twice.
QUEUED_GRACE = datetime.timedelta(hours=2)


@dataclass
class RecoveryResult:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    requeued_queued: list[int] = field(default_factory=list)


def reminders_recover_abandoned_sending(*, now: datetime.datetime) -> RecoveryResult:
    """Queue again the messages left in "sending" past the lease, and those queued whose task was lost."""
    # Safe to run twice, or on two workers.
    #
    # Each row moves with its own conditional UPDATE (still "sending" with the same lease start, so not a row another
    # worker has claimed since), so of two concurrent runs only one takes it; there is at most one such row per dead
    # worker process. A row already attempted as often as a delivery task may try (a message that kills its worker every
    # time, say) is marked failed instead, for the office to send again from the admin.
    result = RecoveryResult()
    result.requeued_queued = list(
        ReminderLog.objects.filter(status=ReminderStatus.PENDING, created_at__lt=now - QUEUED_GRACE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    deliveries_queue(log_ids=result.requeued_queued)
    abandoned = list(
        ReminderLog.objects.filter(status=ReminderStatus.SENDING, sending_since__lt=now - sending_lease())
        .order_by("pk")
        .values_list("pk", "sending_since", "attempts")
    )
    if not abandoned:
        return result
    with transaction.atomic():
        for pk, since, attempts in abandoned:
            give_up = attempts > MAX_RETRIES
            if give_up:
                error = _("Interrupted while sending, after %(count)d attempts (the background worker stopped).") % {
                    "count": attempts
                }
            else:
                error = _("Interrupted while sending (the background worker stopped); sent again automatically.")
            moved = ReminderLog.objects.filter(pk=pk, status=ReminderStatus.SENDING, sending_since=since).update(
                status=ReminderStatus.FAILED if give_up else ReminderStatus.RETRYING, error=error
            )
            if moved:
                (result.failed if give_up else result.requeued).append(pk)
        deliveries_queue(log_ids=result.requeued)  # after commit, like every other delivery
    return result
