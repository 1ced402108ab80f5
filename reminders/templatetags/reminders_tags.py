"""Template filters of reminders: the urge button asks the one rule in reminders.permissions."""

from django import template

from .. import permissions

register = template.Library()


@register.filter
def can_urge(actor) -> bool:
    """``{% if actor|can_urge %}``: whether ``actor`` may urge units."""
    return permissions.can_urge(actor)
