"""The public progress pages and their open data: anonymous, cacheable, answered 304 when unchanged.

Each page first reads a cheap validator (``selectors.page_fingerprint``, two queries); a conditional
GET that still matches ends there. Otherwise the page is built in a constant number of queries.
"""

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard.charts import trend_chart
from directives.permissions import directive_get_for_actor
from directives.selectors import TASK_STATE_ORDER, TaskState
from units.permissions import actor_for

from .forms import PublicationAction, PublicationForm
from .permissions import can_publish, published_directive_get
from .selectors import open_data_rows, page_fingerprint, public_progress, published_overview
from .services import directive_publish, directive_unpublish

# Shared caches (a proxy in front of the district website) may keep an anonymous page this long.
PUBLIC_MAX_AGE = 300


def _conditional(request, *, directive, build):
    """Answer 304 if the visitor's copy is current, else build the page; with ETag, Last-Modified, Cache-Control."""
    variant = f"{translation.get_language()}|{request.user.pk or ''}|{request.path}"
    etag, modified = page_fingerprint(directive=directive, variant=variant)
    etag = quote_etag(etag)
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))
    response = not_modified or build()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    # A signed-in visitor's page shows their name in the menu: never in a shared cache.
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if not request.user.is_authenticated else "private, no-cache"
    return response


@require_GET
def index(request):
    """Every published directive with where it stood at the end of its latest ended period."""
    return _conditional(
        request, directive=None, build=lambda: render(request, "transparency/index.html", {"directives": published_overview()})
    )


@require_GET
def directive(request, pk: int):
    """A published directive: its text and tasks, each unit's state per task in the latest ended period, the trend."""
    published = published_directive_get(directive_id=pk)

    def build():
        progress = public_progress(directive=published)
        return render(
            request,
            "transparency/directive.html",
            {"progress": progress, "states": TASK_STATE_ORDER, "chart": trend_chart(progress.trend) if progress.trend else ""},
        )

    return _conditional(request, directive=published, build=build)


CSV_COLUMNS = [
    "directive_number", "period", "period_start", "period_end", "due_date", "unit_code", "unit_name",
    "task_number", "task_label", "state", "state_label",
]  # fmt: skip


@require_GET
def directive_csv(request, pk: int):
    """Open data: one row per unit × task × ended period with its state (UTF-8 with BOM, for Excel)."""
    published = published_directive_get(directive_id=pk)

    def build():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in open_data_rows(directive=published):
            writer.writerow(
                [
                    published.number, row.period_label, row.period_start.isoformat(), row.period_end.isoformat(),
                    row.due_date.isoformat(), row.unit_code, row.unit_name, row.task_number, row.task_label, row.state,
                    TaskState(row.state).label,
                ]
            )  # fmt: skip
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tien-do-{published.pk}.csv"'
        return response

    return _conditional(request, directive=published, build=build)


def _tally(tally) -> dict:
    return {
        "counts": dict(tally.ordered),
        "total": tally.total,
        "due": tally.due,
        "completion_rate": tally.completion_rate,
        "on_time_rate": tally.on_time_rate,
    }


@require_GET
def directive_json(request, pk: int):
    """Open data: the directive, its tasks, each ended period's rates and every unit × task state."""
    published = published_directive_get(directive_id=pk)

    def build():
        progress = public_progress(directive=published)
        rows = open_data_rows(directive=published, periods=progress.periods)
        periods = {}
        for row in rows:
            period = periods.setdefault(row.period_label, {"units": {}})
            unit = period["units"].setdefault(row.unit_code, {"code": row.unit_code, "name": row.unit_name, "tasks": {}})
            unit["tasks"][str(row.task_number)] = row.state
        data = {
            "directive": {
                "number": published.number,
                "title": published.title,
                "issue_date": published.issue_date,
                "issuing_body": published.issuing_body,
                "subject": published.subject,
                "url": request.build_absolute_uri(reverse("transparency:directive", args=[published.pk])),
            },
            "tasks": [{"number": task.number, "label": task.short_label} for task in progress.tasks],
            "states": {state.value: str(state.label) for state in TASK_STATE_ORDER},
            "periods": [
                {
                    "label": item.key.label,
                    "start": item.key.start_date,
                    "end": item.key.end_date,
                    "due_date": item.key.due_date,
                    "figures": _tally(item.tally),
                    "units": list(periods.get(item.key.label, {"units": {}})["units"].values()),
                }
                for item in progress.trend
            ],
        }
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    return _conditional(request, directive=published, build=build)


@require_POST
@login_required
def publication_set(request, pk: int):
    """The office publishes a directive's progress, or withdraws it (from the directive's page)."""
    actor = actor_for(request.user)
    target = directive_get_for_actor(actor=actor, directive_id=pk)
    form = PublicationForm(request.POST)
    if not (can_publish(actor) and form.is_valid()):
        raise Http404
    if form.cleaned_data["action"] == PublicationAction.UNPUBLISH:
        directive_unpublish(user=request.user, directive=target)
        messages.success(request, _("Withdrawn from the public progress pages."))
    else:
        directive_publish(user=request.user, directive=target)
        messages.success(request, _("Published: citizens now see this directive's progress on the public pages."))
    return redirect("directives:directive", pk=target.pk)
