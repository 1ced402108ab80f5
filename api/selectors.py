"""Reading API tokens: the one valid token for a secret, and the lists on the tokens page."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from .models import ApiToken, ApiTokenKind
from .services import secret_digest


def _valid() -> Q:
    """The one definition of a token that opens the API: not revoked, not expired, its person active."""
    return Q(revoked_at__isnull=True, expires_at__gt=timezone.now()) & (Q(user__isnull=True) | Q(user__is_active=True))


def _with_validity(tokens: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    return tokens.annotate(is_valid=Case(When(_valid(), then=Value(True)), default=Value(False), output_field=BooleanField()))


def token_for_secret(*, secret: str) -> ApiToken | None:
    """The valid token ``secret`` belongs to, with its person (one query), or None."""
    return ApiToken.objects.select_related("user").filter(_valid(), digest=secret_digest(secret)).order_by().first()


def personal_tokens(*, user) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first, each with ``is_valid`` (revoked and expired ones kept for the record)."""
    return _with_validity(ApiToken.objects.filter(kind=ApiTokenKind.PERSONAL, user=user)).order_by("-created_at", "-pk")


def integration_tokens() -> QuerySet[ApiToken]:
    """Every integration token, newest first, with who issued it and ``is_valid``."""
    return (
        _with_validity(ApiToken.objects.filter(kind=ApiTokenKind.INTEGRATION))
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
