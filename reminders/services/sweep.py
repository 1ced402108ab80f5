"""The daily sweep: unit reminders at each stage, escalations, and the weekly digest."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from directives.selectors import review_backlog

from ..composition import compose_digest
from ..models import ReminderKind
from ..selectors import (
    claimed_on,
    digest_overdue_units,
    digest_recipients,
    digest_state_counts,
    escalation_recipients,
    open_report_rows,
    open_reports_queryset,
    policies_by_directive,
    sent_stage_keys,
    undeliverable_units,
    unit_recipients,
)
from ..stages import escalation_stage, reminder_stage
from .claims import PlannedItem, PlannedMessage, messages_claim
from .delivery import DeliveryResult
from .dispatch import deliveries_queue, deliveries_run_now
from .policies import policy_ensure_all


@dataclass
class SweepResult:
    day: datetime.date
    messages: list[PlannedMessage] = field(default_factory=list)
    claimed_ids: list[int] = field(default_factory=list)
    delivery: DeliveryResult | None = None


def _fresh(items: list[PlannedItem], *, kind: str, key: str, sent: set) -> list[PlannedItem]:
    return [item for item in items if (kind, item.report_id, item.stage, key) not in sent]


def reminders_sweep(*, today: datetime.date, dry_run: bool = False, deliver_now: bool = False) -> SweepResult:
    """Plan, claim and send today's unit reminders and escalations; safe to run twice or concurrently."""
    # Each open report is at most one reminder stage (see ``stages``); a recipient gets one message a day listing every
    # report whose current stage it has not had yet. The number of queries does not depend on the number of reports,
    # beyond batching.
    result = SweepResult(day=today)
    if not dry_run:
        policy_ensure_all()
    policies = {pk: policy for pk, policy in policies_by_directive().items() if policy.enabled}
    if not policies:
        return result
    unit_items: dict[int, list[PlannedItem]] = defaultdict(list)
    escalated: list[PlannedItem] = []
    for row in open_report_rows(
        open_reports_queryset(
            today=today, directive_ids=list(policies), max_days_ahead=max(policy.max_lead_days for policy in policies.values())
        )
    ):
        policy = policies[row.directive_id]
        stage = reminder_stage(deadline=row.deadline, today=today, policy=policy)
        if stage:
            unit_items[row.unit_id].append(
                PlannedItem(row.report_id, stage.key, row.deadline, stage.days_to_deadline, row.status)
            )
        stage = escalation_stage(deadline=row.deadline, today=today, policy=policy)
        if stage:
            escalated.append(PlannedItem(row.report_id, stage.key, row.deadline, stage.days_to_deadline, row.status))
    if not unit_items and not escalated:
        return result
    kinds = [ReminderKind.REMINDER, ReminderKind.ESCALATION]
    today_claimed = claimed_on(day=today, kinds=kinds)
    recipients = unit_recipients(unit_ids=sorted(unit_items))
    unit_targets = [
        (unit_id, recipient)
        for unit_id in sorted(unit_items)
        for recipient in recipients[unit_id]
        if (ReminderKind.REMINDER, recipient.key) not in today_claimed
    ]
    district_targets = [
        recipient
        for recipient in (escalation_recipients() if escalated else [])
        if (ReminderKind.ESCALATION, recipient.key) not in today_claimed
    ]
    stages = {item.stage for items in unit_items.values() for item in items} | {item.stage for item in escalated}
    keys = {recipient.key for _unit_id, recipient in unit_targets} | {recipient.key for recipient in district_targets}
    sent = sent_stage_keys(kinds=kinds, stages=stages, recipient_keys=keys)
    for unit_id, recipient in unit_targets:
        fresh = _fresh(unit_items[unit_id], kind=ReminderKind.REMINDER, key=recipient.key, sent=sent)
        if fresh:
            result.messages.append(PlannedMessage(ReminderKind.REMINDER, recipient, fresh))
    for recipient in district_targets:
        fresh = _fresh(escalated, kind=ReminderKind.ESCALATION, key=recipient.key, sent=sent)
        if fresh:
            result.messages.append(PlannedMessage(ReminderKind.ESCALATION, recipient, fresh))
    return _claim_and_deliver(result, dry_run=dry_run, deliver_now=deliver_now)


def reminders_weekly_digest(*, today: datetime.date, dry_run: bool = False, deliver_now: bool = False) -> SweepResult:
    """The weekly digest to every office user: state counts per directive and period, overdue and unreachable units."""
    result = SweepResult(day=today)
    recipients = digest_recipients()
    if not recipients:
        return result
    composed = compose_digest(
        today=today,
        counts=digest_state_counts(today=today),
        overdue=digest_overdue_units(today=today),
        undeliverable=undeliverable_units(since=today - datetime.timedelta(days=7)),
        backlog=review_backlog(as_of=today),
    )
    today_claimed = claimed_on(day=today, kinds=[ReminderKind.DIGEST])
    result.messages = [
        PlannedMessage(
            ReminderKind.DIGEST, recipient, subject=composed.subject[:300], body_text=composed.text, body_html=composed.html
        )
        for recipient in recipients
        if (ReminderKind.DIGEST, recipient.key) not in today_claimed
    ]
    return _claim_and_deliver(result, dry_run=dry_run, deliver_now=deliver_now)


def _claim_and_deliver(result: SweepResult, *, dry_run: bool, deliver_now: bool) -> SweepResult:
    if dry_run or not result.messages:
        return result
    result.claimed_ids = messages_claim(messages=result.messages, day=result.day)
    if deliver_now:
        result.delivery = deliveries_run_now(log_ids=result.claimed_ids)
    else:
        deliveries_queue(log_ids=result.claimed_ids)
    return result
