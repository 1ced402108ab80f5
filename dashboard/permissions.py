"""Who may read the district-wide dashboard, summary and exports: office staff and leadership.

Everyone else who is signed in (unit members, users without a role) gets 404, the same answer as
for a page that does not exist, so the district-wide pages cannot be probed (see STYLE.md).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from directives.models import Directive
from units.permissions import Actor, actor_for


def dashboard_actor_get(*, user: AbstractBaseUser) -> Actor:
    """Return the user's actor if they see all units (office, leadership), else raise Http404."""
    actor = actor_for(user)
    if not actor.sees_all_units:
        raise Http404
    return actor


def directive_get_for_dashboard(*, user: AbstractBaseUser, directive_id: int) -> Directive:
    """The directive for a district-wide reader; Http404 for a missing directive and a forbidden reader alike."""
    dashboard_actor_get(user=user)
    return get_object_or_404(Directive, pk=directive_id)
