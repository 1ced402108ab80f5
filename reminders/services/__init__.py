"""Write-side rules of reminders; import them from here."""

from .claims import PlannedItem, PlannedMessage, messages_claim
from .delivery import DeliveryResult, reminder_message_id, reminders_deliver
from .dispatch import reminders_requeue_failed
from .policies import policy_ensure_all
from .recovery import RecoveryResult, reminders_recover_abandoned_sending, sending_lease, sending_lease_minutes
from .sweep import SweepResult, reminders_sweep, reminders_weekly_digest
from .urge import UrgeResult, urge_create

__all__ = [
    "DeliveryResult",
    "PlannedItem",
    "PlannedMessage",
    "RecoveryResult",
    "SweepResult",
    "UrgeResult",
    "messages_claim",
    "policy_ensure_all",
    "reminder_message_id",
    "reminders_deliver",
    "reminders_recover_abandoned_sending",
    "reminders_requeue_failed",
    "reminders_sweep",
    "reminders_weekly_digest",
    "sending_lease",
    "sending_lease_minutes",
    "urge_create",
]
