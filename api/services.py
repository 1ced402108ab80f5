"""Issuing and revoking API tokens; the secret leaves the server once, in the return value."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.permissions import actor_for

from .models import ApiToken, ApiTokenKind, ApiTokenScope

# "cchc_" tells a leaked secret apart in logs and secret scanners; 32 random bytes follow.
SECRET_PREFIX = "cchc_"  # noqa: S105  (a marker, not a secret)
SHOWN_PREFIX_LENGTH = 12
MAX_LIFETIME_DAYS = 366


def secret_digest(secret: str) -> str:
    """The stored form of a secret (SHA-256, hex): a high-entropy secret needs no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to its owner once; never stored


def _expiry(expires_on: datetime.date, *, today: datetime.date) -> datetime.datetime:
    if expires_on <= today:
        raise ValidationError({"expires_on": ValidationError(_("Choose an expiry date after today."), code="expiry_past")})
    if (expires_on - today).days > MAX_LIFETIME_DAYS:
        message = _("A token lives at most %(days)d days; choose an earlier date.") % {"days": MAX_LIFETIME_DAYS}
        raise ValidationError({"expires_on": ValidationError(message, code="expiry_too_far")})
    # Valid through the whole of the chosen local day.
    end_of_day = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(end_of_day)


def _issue(*, kind: str, name: str, user, created_by, scope: str, expires_on: datetime.date) -> IssuedToken:
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        kind=kind,
        name=name.strip(),
        user=user,
        created_by=created_by,
        scope=scope,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=secret_digest(secret),
        expires_at=_expiry(expires_on, today=timezone.localdate()),
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def personal_token_create(*, user: AbstractBaseUser, name: str, scope: str, expires_on: datetime.date) -> IssuedToken:
    """A token acting with exactly ``user``'s rights (read-only or read-write), until ``expires_on``."""
    return _issue(kind=ApiTokenKind.PERSONAL, name=name, user=user, created_by=user, scope=scope, expires_on=expires_on)


@transaction.atomic
def integration_token_create(*, user: AbstractBaseUser, name: str, expires_on: datetime.date) -> IssuedToken:
    """A read-only token for another system, reading every unit (office only)."""
    if not actor_for(user).is_office:
        raise PermissionDenied
    return _issue(
        kind=ApiTokenKind.INTEGRATION, name=name, user=None, created_by=user, scope=ApiTokenScope.READ, expires_on=expires_on
    )


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token now (idempotent); the caller has checked access (``permissions.token_get_for_actor``)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# A token's "last used" is written at most this often, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def token_mark_used(*, token: ApiToken) -> None:
    """Record that ``token`` was just used (one UPDATE at most every few minutes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
