"""Write-side rules of reminders; import them from here."""

from .claims import PlannedItem, PlannedMessage, messages_claim
from .delivery import DeliveryResult, reminder_deliver
from .dispatch import reminders_requeue_failed
from .policies import policy_ensure_all
from .sweep import SweepResult, reminder_digest, reminder_sweep
from .urge import UrgeResult, actor_can_urge, urge_create

__all__ = [
    "DeliveryResult",
    "PlannedItem",
    "PlannedMessage",
    "SweepResult",
    "UrgeResult",
    "actor_can_urge",
    "messages_claim",
    "policy_ensure_all",
    "reminder_deliver",
    "reminder_digest",
    "reminder_sweep",
    "reminders_requeue_failed",
    "urge_create",
]
