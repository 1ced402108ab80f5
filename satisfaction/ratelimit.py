"""Per-client rate limit of the public survey: django-ratelimit, counted in Django's cache.

The client is ``security.clients.client_network`` (the app's one client-address rule: behind the
trusted proxies, an IPv6 client grouped by its /64), hashed with a salt by
``security.clients.ratelimit_key``: nothing personal is written anywhere. With the default
``LocMemCache`` each server process counts on its own; production points ``CACHES`` at Redis so that
every process shares one count.

Settings (optional): ``SATISFACTION_SURVEY_RATE_LIMIT`` (posts per window, default 10) and
``SATISFACTION_SURVEY_RATE_WINDOW`` (seconds, default 600). The limit is generous because the
citizens at one commune office may share one public address.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def survey_rate_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "SATISFACTION_SURVEY_RATE_LIMIT", 10)),
        int(getattr(settings, "SATISFACTION_SURVEY_RATE_WINDOW", 600)),
    )


def survey_rate_limit_exceeded(request: HttpRequest) -> bool:
    """Count one post from this client; True once it has posted more than the limit in the current window."""
    limit, window = survey_rate_limit()
    return is_ratelimited(
        request, group="satisfaction.survey", key="security.clients.ratelimit_key", rate=f"{limit}/{window}s", increment=True
    )
