"""Which reminder stage a report is at on a given day (pure functions, no database).

Only the *current* stage counts: after days without a sweep (broker down, server off) the next run
sends the stage the report is at now, never the stale ones it missed.
"""

import datetime
from dataclasses import dataclass

from .models import (
    DEFAULT_ESCALATE_AFTER_DAYS,
    DEFAULT_LEAD_DAYS,
    DEFAULT_OVERDUE_REPEAT_DAYS,
    ReminderPolicy,
    parse_lead_days,
)


@dataclass(frozen=True)
class Policy:
    """The reminder settings of one directive, as plain values."""

    enabled: bool = True
    lead_days: tuple[int, ...] = parse_lead_days(DEFAULT_LEAD_DAYS)
    overdue_repeat_days: int = DEFAULT_OVERDUE_REPEAT_DAYS
    escalate_after_days: int | None = DEFAULT_ESCALATE_AFTER_DAYS

    @classmethod
    def from_model(cls, policy: ReminderPolicy) -> "Policy":
        return cls(
            enabled=policy.is_enabled,
            lead_days=parse_lead_days(policy.lead_days),
            overdue_repeat_days=policy.overdue_repeat_days,
            escalate_after_days=policy.escalate_after_days,
        )

    @property
    def max_lead_days(self) -> int:
        return max(self.lead_days, default=0)


@dataclass(frozen=True)
class Stage:
    key: str
    days_to_deadline: int


def reminder_stage(*, deadline: datetime.date, today: datetime.date, policy: Policy) -> Stage | None:
    """The unit reminder due for a report with ``deadline`` on ``today``, or None.

    Before and on the deadline: the smallest lead time already reached (7, 3, 1, 0 days by default),
    so a report 5 days before its deadline is at the 7-day stage. After it: overdue stage n covers
    days ``1 + n·repeat`` … ``n·repeat + repeat`` overdue (a notice on days 1, 4, 7, … by default).
    """
    days_left = (deadline - today).days
    prefix = deadline.isoformat()
    if days_left >= 0:
        reached = [lead for lead in policy.lead_days if lead >= days_left]
        if not reached:
            return None
        return Stage(key=f"{prefix}/due-{min(reached)}", days_to_deadline=days_left)
    days_overdue = -days_left
    repeat = policy.overdue_repeat_days
    index = (days_overdue - 1) // repeat if repeat else 0
    return Stage(key=f"{prefix}/overdue-{index}", days_to_deadline=days_left)


def escalation_stage(*, deadline: datetime.date, today: datetime.date, policy: Policy) -> Stage | None:
    """Leadership and the office hear once about a report overdue for ``escalate_after_days`` or more."""
    days_left = (deadline - today).days
    if policy.escalate_after_days is None or -days_left < policy.escalate_after_days:
        return None
    return Stage(key=f"{deadline.isoformat()}/escalation", days_to_deadline=days_left)
