"""Who may do what through the API, in the terms of units.permissions.

A personal token acts with exactly its person's rights (``actor_for``); an integration token reads
as the district leadership does (every unit, every figure) and never writes. Objects go through the
same ``*_get_for_actor`` functions as the pages, so "missing" and "forbidden" are the same 404.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from units.permissions import Actor, actor_for

from .models import ApiToken, ApiTokenKind

# What an integration token may see: everything leadership reads, nothing it may change.
INTEGRATION_ACTOR = Actor(user_id=None, is_leadership=True, district_role=None, unit=None, unit_role=None)


class IntegrationClient(AnonymousUser):
    """``request.user`` for an integration token: another system, not a person of the district."""

    def __init__(self, token: ApiToken):
        self.token = token

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_authenticated(self) -> bool:
        return True

    def __str__(self) -> str:
        return self.token.name


def request_actor(request) -> Actor:
    """The district roles behind an API request (its token's person, or the integration's read-all)."""
    if isinstance(request.auth, ApiToken) and request.auth.kind == ApiTokenKind.INTEGRATION:
        return INTEGRATION_ACTOR
    return actor_for(request.user)


def district_read_check(*, actor: Actor) -> None:
    """District-wide reads are for the office and leadership (and integrations); Http404 otherwise."""
    if not actor.sees_all_units:
        raise Http404


def office_read_check(*, actor: Actor) -> None:
    """The office's queues (reports to review, extensions to decide); Http404 for anyone else."""
    if not actor.is_office:
        raise Http404


def token_get_for_actor(*, actor: Actor, token_id: int) -> ApiToken:
    """A token the actor may revoke: their own personal token, or (office) any integration token."""
    token = ApiToken.objects.filter(pk=token_id).order_by().first()
    if token is None:
        raise Http404
    own = token.kind == ApiTokenKind.PERSONAL and token.user_id == actor.user_id and actor.user_id is not None
    office_issued = token.kind == ApiTokenKind.INTEGRATION and actor.is_office
    if not (own or office_issued):
        raise Http404
    return token


class TokenScope(BasePermission):
    """Reads need a token or a signed-in session; writes need a read-write personal token."""

    message = _("This access token may only read; create a read-write token to change data.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.auth, ApiToken) and request.auth.can_write
