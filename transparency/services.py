"""The office publishes a directive's progress for citizens, or withdraws it."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from directives.models import Directive
from units.permissions import actor_for

from .models import Publication
from .permissions import can_publish


def _require_office(user: AbstractBaseUser) -> None:
    if not can_publish(actor_for(user)):
        raise PermissionDenied


@transaction.atomic
def directive_publish(*, user: AbstractBaseUser, directive: Directive) -> Publication:
    """Publish the directive's progress on the public pages (office only; idempotent)."""
    _require_office(user)
    publication, _created = Publication.objects.get_or_create(directive=directive, defaults={"published_by": user})
    return publication


@transaction.atomic
def directive_unpublish(*, user: AbstractBaseUser, directive: Directive) -> None:
    """Withdraw the directive from the public pages (office only; idempotent)."""
    _require_office(user)
    for publication in Publication.objects.filter(directive=directive):
        publication.delete()  # one by one, so the audit trail records it
