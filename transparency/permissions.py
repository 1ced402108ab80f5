"""Who may read and change the public progress pages.

Everyone, signed in or not, reads a published directive's page and open data; a directive that is
not published answers 404, the same as a missing one. Only the office publishes and withdraws.
"""

from django.http import Http404

from directives.models import Directive
from units.permissions import Actor

from .selectors import published_directive


def published_directive_get(*, directive_id: int) -> Directive:
    """A directive anyone may read on the public pages (a published one); Http404 otherwise."""
    directive = published_directive(directive_id=directive_id)
    if directive is None:
        raise Http404
    return directive


def can_publish(actor: Actor) -> bool:
    """Publish a directive's progress or withdraw it: the office's decision."""
    return actor.is_office
