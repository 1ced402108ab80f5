"""``{% organisation as org %}``: the organisation that runs the tracker, in pages and e-mails alike."""

from django import template

from ..models import Organisation
from ..selectors import organisation_current

register = template.Library()


@register.simple_tag
def organisation() -> Organisation:
    return organisation_current()
