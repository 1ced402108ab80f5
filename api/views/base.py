"""What every endpoint shares: the actor behind the request, the ``as_of`` date, conditional GET."""

import datetime
import hashlib

from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, viewsets
from rest_framework.views import APIView

from ..permissions import request_actor

# Both the site's own way of writing a date and ISO 8601 are accepted.
AS_OF_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

# An id in a filter or a path: a positive 64-bit whole number.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


def id_filter(name: str, description) -> OpenApiParameter:
    return OpenApiParameter(name, ID_SCHEMA, description=description)


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description=gettext_lazy("Compute the state as it stood on this date (yyyy-mm-dd or dd/mm/yyyy); today by default."),
)


def parse_as_of(value: str | None) -> datetime.date | None:
    """The ``as_of`` query parameter as a date (None when absent); 400 with the field when unreadable."""
    if value is None:
        return None
    for date_format in AS_OF_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise exceptions.ValidationError({"as_of": [_("Write the date as yyyy-mm-dd or dd/mm/yyyy.")]})


def parse_id(request, name: str) -> int | None:
    """An optional id filter from the query string; 400 with the field when it is not a positive number."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and 0 < int(value) < 2**63):
        raise exceptions.ValidationError({name: [_("Give the id as a positive whole number.")]})
    return int(value)


def path_id(value) -> int:
    """A URL id; anything that is not one is a missing object (404), as on the pages."""
    if not str(value).isdigit() or int(value) >= 2**63:
        raise Http404
    return int(value)


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files; its start-up script is a separate file (the CSP allows no inline script)."""

    template_name = "api/swagger_ui.html"
    throttle_classes = ()  # static documentation, like the schema: no token to count against


class ApiNotFound(APIView):
    """Any other address under /api/: the API's JSON 404 (the same body as a missing object), not the site's page."""

    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound


class ApiViewSet(viewsets.GenericViewSet):
    """A read endpoint with strong ETags (a hash of the body) and, where known, Last-Modified.

    A conditional GET (If-None-Match, or If-Modified-Since alone) is answered 304 when nothing changed.
    The ETag is exact; Last-Modified is the newest change this app records for the list.
    """

    lookup_value_regex = "[0-9]+"

    @property
    def actor(self):
        return request_actor(self.request)

    def as_of(self) -> datetime.date:
        return parse_as_of(self.request.query_params.get("as_of")) or timezone.localdate()

    def last_modified(self) -> datetime.datetime | None:
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        modified = self.last_modified() if self.action == "list" else None
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        response["Cache-Control"] = "private, no-cache"
        response["Vary"] = "Authorization, Cookie, Accept-Language"
        return get_conditional_response(
            request, etag=etag, last_modified=int(modified.timestamp()) if modified else None, response=response
        )
