from django import template

from ..models import Publication
from ..permissions import can_publish

register = template.Library()


@register.inclusion_tag("transparency/_publication_box.html", takes_context=True)
def publication_box(context, directive):
    """On the office's directive page: whether its progress is public, and (office) the button to change it."""
    actor = context["actor"]
    return {
        "directive": directive,
        "published": Publication.objects.filter(directive=directive).exists(),
        "can_publish": can_publish(actor),
        "csrf_token": context.get("csrf_token"),
    }
