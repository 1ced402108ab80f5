"""Issuing and revoking a person's calendar address; the secret leaves the server once, in the return value."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import CalendarFeed


def feed_digest(secret: str) -> str:
    """The stored form of a calendar secret (SHA-256, hex)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, user: AbstractBaseUser) -> str:
    """A new secret address for ``user``'s calendar; any previous address stops working (returns the secret)."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed(user=user, digest=feed_digest(secret))
    feed.full_clean()
    feed.save()
    return secret


def calendar_feed_revoke(*, user: AbstractBaseUser) -> None:
    """Stop ``user``'s calendar address (idempotent): calendars that poll it get 404 from now on."""
    for feed in CalendarFeed.objects.filter(user=user):
        feed.delete()  # one by one, so the audit trail records the deletion
