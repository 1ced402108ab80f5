"""Office dashboard, chairman's summary and the Excel / Word exports (office and leadership only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.models import Directive, DirectiveStatus
from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER
from security.text import text_line

from . import charts, selectors
from .exports import docx_export, xlsx_export
from .forms import MatrixFilterForm, PeriodForm
from .links import report_url_builder, report_url_parts, urge_button_available
from .permissions import dashboard_actor_get, directive_get_for_dashboard
from .templatetags.dashboard_tags import STATE_SYMBOLS

# Matrix rows per page: a province-size directive (hundreds of units) stays light on slow links.
MATRIX_PAGE_SIZE = 30


@login_required
@require_GET
def dashboard_index(request):
    dashboard_actor_get(user=request.user)
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


def _directive_choices():
    return list(Directive.objects.only("number", "doc_type", "status").order_by("status", "-issue_date", "number"))


def _prepare_matrix(data: selectors.DashboardData, extensions, activity) -> None:
    """Give every matrix row its cells as ready HTML, and side-panel items their report URL.

    A province-size page has thousands of cells: building them here with per-state fragments
    escaped once is many times faster than a template loop with filters per cell.
    """
    url_for = report_url_builder()
    fragments = {}
    for state in TASK_STATE_ORDER:
        label = escape(state.label)
        fragments[state.value] = (
            f'" data-state="{state.value}" title="{label}">{escape(STATE_SYMBOLS[state])}'
            f'<span class="visually-hidden"> {label}</span></a></td>',
            f'<td class="p-0 text-center"><a class="matrix-cell text-bg-{TASK_STATE_COLOURS[state]}" href="',
        )
    empty = '<td class="text-center text-body-tertiary">·</td>'
    # Cell links differ only by the report id (an integer): escape the rest of the URL once.
    url_prefix, url_suffix = (escape(part) for part in report_url_parts())
    for group in data.groups:
        for row in group.rows:
            html = []
            for cell in row.cells:
                if cell is None:
                    html.append(empty)
                    continue
                tail, head = fragments[cell.state]
                html.append(f'{head}{url_prefix}{cell.report_id}{url_suffix}" data-report="{cell.report_id}{tail}')
            row.cells_html = mark_safe("".join(html))  # noqa: S308 (every value above is escaped or an integer)
    for extension in extensions:
        extension.report_url = url_for(extension.report_id)
    for report in activity:
        report.report_url = url_for(report.pk)


@login_required
@require_GET
def dashboard(request, directive_id: int):
    directive = directive_get_for_dashboard(user=request.user, directive_id=directive_id)
    periods = selectors.directive_periods(directive=directive)
    form, filters = _bound_form(request, MatrixFilterForm, periods=periods)
    period = selectors.period_choose(periods=periods, period_id=filters.get("period"), directive=directive)
    form.initial["period"] = period.pk if period else None
    context = {"directive": directive, "directives": _directive_choices(), "periods": periods, "period": period, "form": form}
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
    )
    paginator = Paginator(range(data.shown_rows), MATRIX_PAGE_SIZE)
    extensions_count, extensions = selectors.pending_extensions(directive=directive)
    activity = selectors.recent_activity(period=period)
    _prepare_matrix(data, extensions, activity)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "data": data,
            "page_obj": paginator.get_page(page_number),
            "page_query": query.urlencode(),
            "state_filter": filters.get("state") or "",
            "state_colours": TASK_STATE_COLOURS,
            "awaiting_review": selectors.awaiting_review_count(directive=directive),
            "extensions_count": extensions_count,
            "extensions": extensions,
            "activity": activity,
            "urge_available": urge_button_available(),
        }
    )
    return render(request, "dashboard/dashboard.html", context)


@login_required
@require_GET
def summary(request, directive_id: int):
    directive = directive_get_for_dashboard(user=request.user, directive_id=directive_id)
    periods = selectors.directive_periods(directive=directive)
    form, filters = _bound_form(request, PeriodForm, periods=periods)
    period = selectors.period_choose(periods=periods, period_id=filters.get("period"), directive=directive)
    form.initial["period"] = period.pk if period else None
    context = {"directive": directive, "directives": _directive_choices(), "periods": periods, "period": period, "form": form}
    if period is not None:
        data = selectors.summary_data(directive=directive, period=period, periods=periods)
        context.update({"data": data, "trend_svg": charts.trend_chart(data.trend), "generated_at": timezone.localtime()})
    return render(request, "dashboard/summary.html", context)


def _export(request, directive_id: int, builder, *, extension: str, content_type: str):
    directive = directive_get_for_dashboard(user=request.user, directive_id=directive_id)
    periods = selectors.directive_periods(directive=directive)
    _form, filters = _bound_form(request, PeriodForm, periods=periods)
    period = selectors.period_choose(periods=periods, period_id=filters.get("period"), directive=directive)
    if period is None:
        messages.error(request, _("This directive has no reporting period yet, so there is nothing to export."))
        return redirect("dashboard:dashboard", directive_id=directive.pk)
    handle = builder(directive=directive, period=period)
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


@login_required
@require_GET
def export_docx(request, directive_id: int):
    return _export(
        request,
        directive_id,
        docx_export.directive_report_document,
        extension="docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
