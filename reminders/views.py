"""Reminder pages: the office's overview, a unit's reminder log, and the "Đôn đốc" action."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.permissions import actor_for, district_reader_get

from .forms import UrgeForm
from .models import ReminderStatus
from .permissions import can_urge, unit_get_for_log, unit_get_for_urge
from .selectors import logs_for_unit, problem_logs, undeliverable_units, urges_for_unit
from .services import sending_lease_minutes, urge_create

PAGE_SIZE = 50


@login_required
def overview(request):
    district_reader_get(user=request.user)
    since = timezone.localdate() - datetime.timedelta(days=30)
    page = Paginator(problem_logs(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "undeliverable": undeliverable_units(since=since),
        "since": since,
        "page": page,
        "statuses": ReminderStatus,
        "lease_minutes": sending_lease_minutes(),
    }
    return render(request, "reminders/overview.html", context)


@login_required
def unit_log(request, unit_id: int):
    actor = actor_for(request.user)
    unit = unit_get_for_log(actor=actor, unit_id=unit_id)
    page = Paginator(logs_for_unit(unit_id=unit.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "urges": urges_for_unit(unit_id=unit.pk)[:20],
        "can_urge": can_urge(actor),
        "statuses": ReminderStatus,
        "lease_minutes": sending_lease_minutes(),
    }
    return render(request, "reminders/unit_log.html", context)


@require_POST
@login_required
def urge(request):
    actor = actor_for(request.user)
    form = UrgeForm(request.POST)
    if not form.is_valid():
        raise Http404
    unit, report = unit_get_for_urge(actor=actor, unit_id=form.cleaned_data["unit"], report_id=form.cleaned_data["report"])
    try:
        result = urge_create(actor=actor, urged_by=request.user, unit=unit, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.undeliverable:
            messages.warning(
                request,
                _(
                    "%(unit)s was urged, but neither the unit nor its members have an e-mail address; "
                    "only members with an account see it in the app. Please add an address."
                )
                % {"unit": unit.name},
            )
        else:
            messages.success(request, _("%(unit)s has been urged; the reminder is on its way.") % {"unit": unit.name})
    target = form.cleaned_data["next"]
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("reminders:unit_log", unit_id=unit.pk)
