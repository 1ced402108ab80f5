"""The dashboard matrix's cells as ready HTML: ``{% matrix_cells row.cells %}``.

Why not a template loop: one matrix page shows 30 units × every task (1,800 cells for the 60 tasks
of the province benchmark), and a loop with a tag or filter per cell renders many times slower
than joining these per-state fragments, escaped once per page. The measurement is
bench/matrix_cells.py (one page rendered both ways); the page's own time is the dashboard line of
bench/dashboard_province.py.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from directives.links import report_url_parts
from directives.models import AWAITING_REVIEW
from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER, TaskState, state_label

register = template.Library()

# A sign besides the colour, so the matrix reads in black-and-white print and for colour-blind readers.
STATE_SYMBOLS = {
    TaskState.DONE_ON_TIME: "✓",
    TaskState.DONE_LATE: "✓!",
    TaskState.IN_PROGRESS: "…",
    TaskState.OVERDUE: "!",
    TaskState.NOT_DUE: "–",
}
# In progress, sent on time and waiting for the office's review.
AWAITING_SYMBOL = "↑"
_EMPTY = '<td class="text-center text-body-tertiary">·</td>'


def _fragments() -> tuple[dict, str, str]:
    """Per (state, awaiting review): the cell's HTML before and after its report id; the URL around the id."""
    fragments = {}
    for state in TASK_STATE_ORDER:
        for awaiting in (False, True):
            label = escape(state_label(state, AWAITING_REVIEW[0] if awaiting else None))
            symbol = AWAITING_SYMBOL if awaiting and state == TaskState.IN_PROGRESS else STATE_SYMBOLS[state]
            fragments[state.value, awaiting] = (
                f'<td class="p-0 text-center"><a class="matrix-cell text-bg-{TASK_STATE_COLOURS[state]}" href="',
                f'" data-state="{state.value}" title="{label}">{escape(symbol)}'
                f'<span class="visually-hidden"> {label}</span></a></td>',
            )
    url_prefix, url_suffix = (escape(part) for part in report_url_parts())
    return fragments, url_prefix, url_suffix


@register.simple_tag(takes_context=True)
def matrix_cells(context, cells) -> SafeString:
    """One matrix row's cells: a coloured link to each report, a dot where the unit has no report."""
    cache = context.render_context
    if "matrix_fragments" not in cache:  # once per page rendering
        cache["matrix_fragments"] = _fragments()
    fragments, url_prefix, url_suffix = cache["matrix_fragments"]
    html = []
    for cell in cells:
        if cell is None:
            html.append(_EMPTY)
            continue
        head, tail = fragments[cell.state, cell.status in AWAITING_REVIEW]
        html.append(f'{head}{url_prefix}{cell.report_id}{url_suffix}" data-report="{cell.report_id}{tail}')
    return mark_safe("".join(html))  # noqa: S308 (every value above is escaped or an integer)
