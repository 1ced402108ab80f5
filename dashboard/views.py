"""Office dashboard, chairman's summary and the Excel export (office and leadership only).

The Word document people send is the district's report to the province (district_reports): the
dashboard's "District report (Word)" link leads to it for the chosen period and day.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.links import report_url_builder
from directives.models import Directive, DirectiveStatus
from directives.permissions import directive_get_for_actor
from directives.selectors import TASK_STATE_COLOURS, review_backlog
from security.text import text_line
from units.permissions import actor_for, district_reader_get

from . import charts, selectors
from .exports import xlsx_export
from .forms import MatrixFilterForm, PeriodForm

# Matrix rows per page: a province-size directive (hundreds of units) stays light on slow links.
MATRIX_PAGE_SIZE = 30


@login_required
@require_GET
def dashboard_index(request):
    district_reader_get(user=request.user)
    directive = Directive.objects.filter(status=DirectiveStatus.ACTIVE).first() or Directive.objects.first()
    if directive is None:
        return render(request, "dashboard/no_directive.html")
    return redirect("dashboard:dashboard", directive_id=directive.pk)


def _bound_form(request, form_class, *, periods):
    """Bind the GET filters; on bad input say so and fall back to the defaults (nothing is lost)."""
    form = form_class(request.GET or None, periods=periods)
    if form.is_bound and not form.is_valid():
        messages.warning(request, _("Some filters were not valid and have been reset: %(fields)s.") % {"fields": ", ".join(
            str(form.fields[name].label or name) for name in form.errors
        )})  # fmt: skip
        return form_class(periods=periods), {}
    return form, form.cleaned_data if form.is_bound else {}


def _period_context(request, form_class, *, directive):
    """The bound filter form, its values, the day the figures stand on and the chosen period, for every page here."""
    periods = selectors.directive_periods(directive=directive)
    form, filters = _bound_form(request, form_class, periods=periods)
    today = timezone.localdate()
    as_of = filters.get("as_of") or today
    period = selectors.period_choose(periods=periods, period_id=filters.get("period"), as_of=as_of)
    form.initial["period"] = period.pk if period else None
    query = {"period": period.pk} if period else {}
    if as_of != today:
        query["as_of"] = as_of.isoformat()
    context = {
        "directive": directive,
        "periods": periods,
        "period": period,
        "form": form,
        "as_of": as_of,
        "as_of_is_past": as_of != today,
        "nav_query": urlencode(query),
    }
    return context, filters


def _directive_choices():
    return list(Directive.objects.only("number", "doc_type", "status").order_by("status", "-issue_date", "number"))


def _report_urls(extensions, activity) -> None:
    """Give the side-panel items their report URL (reversed once)."""
    url_for = report_url_builder()
    for extension in extensions:
        extension.report_url = url_for(extension.report_id)
    for report in activity:
        report.report_url = url_for(report.pk)


@login_required
@require_GET
def dashboard(request, directive_id: int):
    directive = directive_get_for_actor(actor=actor_for(request.user), directive_id=directive_id)
    context, filters = _period_context(request, MatrixFilterForm, directive=directive)
    context["directives"] = _directive_choices()
    period, as_of = context["period"], context["as_of"]
    if period is None:
        return render(request, "dashboard/dashboard.html", context)
    sort = filters.get("sort") or selectors.MatrixSort.UNIT
    page_number = filters.get("page") or 1
    data = selectors.dashboard_data(
        directive=directive,
        period=period,
        unit_kind=filters.get("kind") or None,
        state=filters.get("state") or None,
        sort=sort,
        offset=(page_number - 1) * MATRIX_PAGE_SIZE,
        limit=MATRIX_PAGE_SIZE,
        as_of=as_of,
    )
    paginator = Paginator(range(data.shown_rows), MATRIX_PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    extensions_count, extensions = selectors.pending_extensions(directive=directive, as_of=as_of)
    activity = selectors.recent_activity(period=period, as_of=as_of)
    _report_urls(extensions, activity)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "data": data,
            "page_obj": page_obj,
            # 3,321 units make 111 pages: the first, the last and those around the current one.
            "page_numbers": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
            "page_ellipsis": Paginator.ELLIPSIS,
            "page_query": query.urlencode(),
            "state_filter": filters.get("state") or "",
            "state_colours": TASK_STATE_COLOURS,
            "backlog": review_backlog(directive_id=directive.pk, as_of=as_of),
            "extensions_count": extensions_count,
            "extensions": extensions,
            "activity": activity,
        }
    )
    return render(request, "dashboard/dashboard.html", context)


@login_required
@require_GET
def summary(request, directive_id: int):
    directive = directive_get_for_actor(actor=actor_for(request.user), directive_id=directive_id)
    context, _filters = _period_context(request, PeriodForm, directive=directive)
    context["directives"] = _directive_choices()
    period, as_of = context["period"], context["as_of"]
    if period is not None:
        data = selectors.summary_data(directive=directive, period=period, periods=context["periods"], as_of=as_of)
        context.update({"data": data, "trend_chart": charts.trend_chart(data.trend)})
    return render(request, "dashboard/summary.html", context)


def _export(request, directive_id: int, builder, *, extension: str, content_type: str):
    directive = directive_get_for_actor(actor=actor_for(request.user), directive_id=directive_id)
    context, _filters = _period_context(request, PeriodForm, directive=directive)
    period, as_of = context["period"], context["as_of"]
    if period is None:
        messages.error(request, _("This directive has no reporting period yet, so there is nothing to export."))
        return redirect("dashboard:dashboard", directive_id=directive.pk)
    handle = builder(directive=directive, period=period, as_of=as_of)
    filename = f"{directive.number.replace('/', '-')}_{period.label.replace('/', '-')}.{extension}"
    return FileResponse(handle, as_attachment=True, filename=text_line(filename), content_type=content_type)


@login_required
@require_GET
def export_xlsx(request, directive_id: int):
    return _export(
        request,
        directive_id,
        xlsx_export.directive_workbook,
        extension="xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
