"""Guards that sit in front of every request (see MIDDLEWARE in settings/base.py)."""

from django.contrib import messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


def _is_admin_list(request) -> bool:
    match = request.resolver_match
    return match is not None and match.namespace == "admin" and (match.url_name or "").endswith("_changelist")


class AdminListFilterGuard:
    """An admin list asked with a filter value it cannot use shows the whole list with a message.

    Django's own date drill-down raises OverflowError (a 500) for a year past what a date holds, some
    packages' filters raise ValueError for a non-number, and Django answers the other unusable values
    with its "database error" page (``?e=1``). None of these says anything useful to the office.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_admin_list(request) and response.status_code == 302 and response["Location"].endswith(f"?{ERROR_FLAG}=1"):
            return self._unfiltered(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | ValueError | ValidationError) and request.GET and _is_admin_list(request):
            return self._unfiltered(request)
        return None

    @staticmethod
    def _unfiltered(request):
        messages.warning(request, _("A filter of this list had a value that cannot be used, so the whole list is shown."))
        return HttpResponseRedirect(request.path)
