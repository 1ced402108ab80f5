"""Per-client rate limit of the public survey, kept in Django's cache.

The client is identified by a salted hash of its IP address, kept only in the cache for the length of
the window: nothing personal is written to the database. With the default ``LocMemCache`` each
server process counts on its own (several gunicorn workers each allow the limit); point ``CACHES``
at Redis in production so that all processes share one count.

Settings (optional): ``SATISFACTION_SURVEY_RATE_LIMIT`` (posts per window, default 10),
``SATISFACTION_SURVEY_RATE_WINDOW`` (seconds, default 600), ``SATISFACTION_CLIENT_IP_HEADER`` (the
``request.META`` key holding the client address when a trusted reverse proxy sets one, for example
``HTTP_X_REAL_IP``; default ``REMOTE_ADDR``). The limit is generous because the citizens at one
commune office may share one public address.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

CACHE_PREFIX = "satisfaction:survey-rate:"


def survey_rate_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "SATISFACTION_SURVEY_RATE_LIMIT", 10)),
        int(getattr(settings, "SATISFACTION_SURVEY_RATE_WINDOW", 600)),
    )


def client_key(request: HttpRequest) -> str:
    """A salted hash of the client's address: enough to count posts, useless to identify anyone."""
    header = getattr(settings, "SATISFACTION_CLIENT_IP_HEADER", "REMOTE_ADDR")
    address = request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown"
    address = address.split(",")[0].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def survey_rate_limit_exceeded(*, key: str) -> bool:
    """Count one post by ``key``; True once it has posted more than the limit in the current window."""
    limit, window = survey_rate_limit()
    cache_key = CACHE_PREFIX + key
    if cache.add(cache_key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        count = 1
    return count > limit
