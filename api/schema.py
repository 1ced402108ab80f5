"""The OpenAPI description of the API's refusals, added to every operation (drf-spectacular hook)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error_component() -> dict:
    item = {
        "type": "object",
        "properties": {
            "field": {
                "type": "string",
                "nullable": True,
                "description": _("Path of the input concerned; null for the whole request."),
            },
            "message": build_basic_type(OpenApiTypes.STR),
            "code": build_basic_type(OpenApiTypes.STR),
        },
        "required": ["field", "message", "code"],
    }
    return {
        "type": "object",
        "description": _("A refusal: the first message, a code, and every message with the input it concerns."),
        "properties": {
            "detail": build_basic_type(OpenApiTypes.STR),
            "code": build_basic_type(OpenApiTypes.STR),
            "errors": {"type": "array", "items": item},
        },
        "required": ["detail", "code", "errors"],
    }


def add_error_responses(result, generator, request, public):
    """Document the refusals every operation may give, in the one JSON shape of ``api.errors``."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _error_component()
    common = {
        "400": _("The input is not valid (each message names its field)."),
        "401": _("No valid access token (missing, expired or revoked)."),
        "404": _("Not found, or not for this caller: the same answer for both."),
        "429": _("Too many requests for this token; retry after the number of seconds in Retry-After."),
    }
    writes = {
        "403": _("This token may only read."),
        "409": _("The data moved on (a newer version, a decision already taken); read it again."),
        "413": _("The request body is too large."),
        "415": _("Send JSON (or multipart/form-data for a file)."),
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            codes = {**common, **(writes if method in ("post", "put", "patch", "delete") else {})}
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}})
    return result


def describe_api(result, generator, request, public):
    """The API's title and description, in the language of the request (Vietnamese by default)."""
    # The product's name, not the organisation's: the schema is also built by `check --deploy`, with no database.
    result["info"]["title"] = _("Administrative-reform tracker API")
    result["info"]["description"] = _(
        "Directives, units, periods and every unit's reports with their five-state status, as of any date; "
        "the unit's report (draft, evidence, submission) and extension requests; the office's review and "
        "extension decisions; setting up a directive with its tasks and recipients. Send a token in the "
        "header Authorization: Bearer <token> (create one on the API tokens page). Dates are ISO 8601; "
        "as_of also accepts dd/mm/yyyy. Every refusal is JSON with a message and the path of the field."
    )
    return result


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": _("A personal or integration token from the API tokens page.")}


class SessionReadScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionReadAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": _("Signed in on the site (reads only).")}
