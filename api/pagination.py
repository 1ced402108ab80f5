"""Pages of every list: 100 items by default, at most 500, in a stable order set by each endpoint.

A ``page`` or ``page_size`` that is not a whole number in range is refused (400 naming it) rather
than silently replaced, so a client's mistake does not read as the first page.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def _whole_number(self, request, name: str, *, maximum: int) -> None:
        value = request.query_params.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and 1 <= int(value) <= maximum):
            raise exceptions.ValidationError({name: [_("Give a whole number from 1 to %(max)d.") % {"max": maximum}]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: 10**9, self.page_size_query_param: self.max_page_size}
        for parameter in parameters:
            parameter["schema"].update({"minimum": 1, "maximum": bounds[parameter["name"]]})
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self._whole_number(request, self.page_query_param, maximum=10**9)
        self._whole_number(request, self.page_size_query_param, maximum=self.max_page_size)
        return super().paginate_queryset(queryset, request, view)
