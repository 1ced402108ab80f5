"""The office's audit-trail page and the page shown to a locked-out sign-in."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from units.permissions import office_actor_get

from .forms import AuditFilterForm
from .selectors import audit_entries_for_actor, audit_rows

AUDIT_PAGE_SIZE = 50


@login_required
def audit_log(request):
    actor = office_actor_get(user=request.user)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_for_actor(
        actor=actor,
        content_type_id=filters.get("model"),
        object_pk=filters.get("object_pk", ""),
        username=filters.get("username", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": audit_rows(entries=list(page.object_list), name_superusers=actor.is_superuser),
        "query": query.urlencode(),
    }
    return render(request, "security/audit_log.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) when a sign-in is refused for too many failures."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "security/locked_out.html", context, status=429)
