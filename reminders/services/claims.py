"""Claiming messages before sending: the step that makes every reminder go out exactly once."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction

from ..models import ReminderKind, ReminderLog, ReminderLogItem, ReminderStatus, Urge
from ..selectors import Recipient

CLAIM_BATCH = 500
ITEM_BATCH = 1000


class PlannedItem(NamedTuple):
    """One report a planned message lists, at one stage (a plain tuple: a province sweep plans tens of thousands)."""

    report_id: int
    stage: str
    deadline: datetime.date
    days_to_deadline: int
    report_status: str


@dataclass
class PlannedMessage:
    """A message the sweep (or an urge, or the digest) wants to send; nothing is written yet."""

    kind: str
    recipient: Recipient
    items: list[PlannedItem] = field(default_factory=list)
    subject: str = ""
    body_text: str = ""
    body_html: str = ""


def messages_claim(*, messages: list[PlannedMessage], day: datetime.date, urge: Urge | None = None) -> list[int]:
    """Insert the messages' log rows and items unless they exist; return the ids of the rows this call won."""
    # The unique constraints decide: a concurrent or repeated run inserts nothing for a (kind, recipient, day) already
    # claimed, nor an item for a (kind, report, stage, recipient) already covered. Rows are recognised by a token
    # written with them, so the claim takes a constant number of queries per batch, on SQLite and PostgreSQL alike.
    if not messages:
        return []
    token = uuid.uuid4().hex
    with transaction.atomic():
        ReminderLog.objects.bulk_create(
            [
                ReminderLog(
                    kind=message.kind,
                    day=day,
                    recipient_key=message.recipient.key,
                    user_id=message.recipient.user_id,
                    email=message.recipient.email,
                    unit_id=message.recipient.unit_id,
                    urge=urge,
                    status=ReminderStatus.UNDELIVERABLE if message.recipient.undeliverable else ReminderStatus.PENDING,
                    subject=message.subject,
                    body_text=message.body_text,
                    body_html=message.body_html,
                    claim_token=token,
                )
                for message in messages
            ],
            batch_size=CLAIM_BATCH,
            ignore_conflicts=True,
        )
        won = {
            (kind, key): pk
            for pk, kind, key in ReminderLog.objects.filter(claim_token=token).values_list("pk", "kind", "recipient_key")
        }
        items = [
            ReminderLogItem(
                log_id=won[(message.kind, message.recipient.key)],
                report_id=item.report_id,
                kind=message.kind,
                recipient_key=message.recipient.key,
                stage=item.stage,
                deadline=item.deadline,
                days_to_deadline=item.days_to_deadline,
                report_status=item.report_status,
            )
            for message in messages
            if (message.kind, message.recipient.key) in won
            for item in message.items
        ]
        ReminderLogItem.objects.bulk_create(items, batch_size=ITEM_BATCH, ignore_conflicts=True)
        # A message whose every item another run already covered has nothing left to say.
        ReminderLog.objects.filter(claim_token=token, items__isnull=True).exclude(kind=ReminderKind.DIGEST).delete()
        return list(ReminderLog.objects.filter(claim_token=token, status=ReminderStatus.PENDING).values_list("pk", flat=True))
