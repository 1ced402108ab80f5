"""Write-side rules of reminders; import them from here."""

from .claims import PlannedItem, PlannedMessage, messages_claim
from .delivery import DeliveryResult, reminder_deliver, reminder_message_id
from .dispatch import reminders_requeue_failed
from .policies import policy_ensure_all
from .recovery import RecoveryResult, reminders_recover_abandoned, sending_lease, sending_lease_minutes
from .sweep import SweepResult, reminder_digest, reminder_sweep
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
    "reminder_deliver",
    "reminder_digest",
    "reminder_message_id",
    "reminder_sweep",
    "reminders_recover_abandoned",
    "reminders_requeue_failed",
    "sending_lease",
    "sending_lease_minutes",
    "urge_create",
]
