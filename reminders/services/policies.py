"""Reminder policies: every directive has one, with the defaults until the office edits it."""

from directives.models import Directive

from ..models import ReminderPolicy


def policy_ensure_all() -> int:
    """Create the default policy of every directive that has none; return how many were created."""
    missing = Directive.objects.filter(reminder_policy__isnull=True).values_list("pk", flat=True)
    created = ReminderPolicy.objects.bulk_create(
        [ReminderPolicy(directive_id=directive_id) for directive_id in missing], ignore_conflicts=True
    )
    return len(created)
