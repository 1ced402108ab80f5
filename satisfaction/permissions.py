"""Who may do what with the satisfaction figures (on top of ``units.permissions.actor_for``).

- The satisfaction page: office staff and leadership (every unit), and unit members (their own
  unit's survey figures and the district's SIPAS results, which their reports must address).
- Importing SIPAS results and hiding survey responses: office staff only.
- A unit's poster: office staff (any unit) and the unit's own members.
- The survey itself is public and needs no account.

Refusals are 404, the same as "does not exist", so nobody can probe what exists.
"""

from django.http import Http404

from units.models import Unit
from units.permissions import Actor

from .models import SurveyResponse


def can_view_satisfaction(actor: Actor) -> bool:
    return actor.sees_all_units or actor.unit is not None


def can_manage_satisfaction(actor: Actor) -> bool:
    """Import results, hide survey responses: the office's work."""
    return actor.is_office


def satisfaction_check_access(*, actor: Actor, manage: bool = False) -> None:
    """Raise 404 unless ``actor`` may read (or, with ``manage``, manage) the satisfaction figures."""
    allowed = can_manage_satisfaction(actor) if manage else can_view_satisfaction(actor)
    if not allowed:
        raise Http404


def poster_unit_get_for_actor(*, actor: Actor, code: str) -> Unit:
    """The unit whose poster ``actor`` may print; 404 when it is missing, inactive or not theirs."""
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None or not (actor.is_office or actor.can_edit_unit(unit.pk)):
        raise Http404
    return unit


def survey_response_get_for_actor(*, actor: Actor, pk: int) -> SurveyResponse:
    """A survey response the office may hide or show again; 404 for anyone else or a missing one."""
    response = SurveyResponse.objects.filter(pk=pk).first() if can_manage_satisfaction(actor) else None
    if response is None:
        raise Http404
    return response
