"""Every refusal of the API as one JSON shape, in the request's language (Vietnamese by default):

    {"detail": "<the first message>", "code": "<machine code>",
     "errors": [{"field": "tasks.0.text", "message": "...", "code": "..."}]}

``field`` is the path of the input the message is about (dots between levels, list positions as
numbers), or null when it is about the request as a whole. A service's refusal keeps its code:
a stale review or an already-submitted report is 409, everything else the service refuses is 400,
and a service's PermissionDenied is the site's one refusal, 404 (units/permissions.py).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

# Service error codes that mean "the data moved on while you were looking": retrying later with
# fresh data may succeed, so they are 409 Conflict rather than 400.
CONFLICT_CODES = frozenset({"conflict", "not_editable", "pending"})


def _flatten(detail, path: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list of {field, message, code}."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            inner = None if key in ("non_field_errors", "__all__") else (f"{path}.{key}" if path else str(key))
            errors += _flatten(value, inner if inner is not None else path)
        return errors
    if isinstance(detail, list):
        errors = []
        for position, value in enumerate(detail):
            nested = isinstance(value, dict | list) and not isinstance(value, exceptions.ErrorDetail)
            errors += _flatten(value, (f"{path}.{position}" if path else str(position)) if nested else path)
        return errors
    return [{"field": path, "message": str(detail).strip(), "code": getattr(detail, "code", None) or "invalid"}]


def _django_validation_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {
                "field": None if field == "__all__" else field,
                "message": message,
                "code": getattr(inner, "code", None) or "invalid",
            }
            for field, inner_errors in error.error_dict.items()
            for inner in inner_errors
            for message in inner.messages
        ]
    return [
        {"field": None, "message": message, "code": getattr(inner, "code", None) or getattr(error, "code", None) or "invalid"}
        for inner in error.error_list
        for message in inner.messages
    ]


def _body(errors: list[dict], *, code: str) -> dict:
    return {"detail": errors[0]["message"] if errors else "", "code": code, "errors": errors}


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: the JSON above for every refusal, and the transaction rolled back."""
    if isinstance(exc, Http404 | PermissionDenied):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        errors = _django_validation_errors(exc)
        codes = {error["code"] for error in errors}
        conflict = bool(codes & CONFLICT_CODES)
        return Response(
            _body(errors, code="conflict" if conflict else "invalid"),
            status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        # Two requests raced for the same unique value; the loser's data was not saved.
        set_rollback()
        message = _("Someone saved the same data at the same moment; nothing of this request was saved. Read it again and retry.")
        return Response(_body([{"field": None, "message": message, "code": "conflict"}], code="conflict"), status=409)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let it surface (and the schemathesis tests fail on it)
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return Response(_body(errors, code="invalid"), status=exc.status_code, headers=headers)
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    errors = [{"field": None, "message": str(exc.detail), "code": code}]
    return Response(_body(errors, code=code), status=exc.status_code, headers=headers)
