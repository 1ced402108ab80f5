"""Charts drawn on the server as inline SVG: no JavaScript, no network, prints as vectors.

Colours come from CSS classes (``dashboard/static/dashboard/dashboard.css``), not style
attributes, so the Content-Security-Policy needs no 'unsafe-inline'.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from directives.selectors import TASK_STATE_ORDER

from .selectors import LabelledTally

BAR_WIDTH = 56
GAP = 28
CHART_HEIGHT = 180
TOP = 24
LEFT = 40
BOTTOM = 44


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def trend_chart(trend: list[LabelledTally]) -> SafeString:
    """A stacked 100% bar per period (the five states), with the on-time rate above each bar."""
    width = LEFT + len(trend) * (BAR_WIDTH + GAP) + GAP
    height = TOP + CHART_HEIGHT + BOTTOM
    parts = []
    for percent in (0, 50, 100):
        y = TOP + CHART_HEIGHT * (1 - percent / 100)
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="chart-axis" x="{}" y="{}">{}%</text>',
                LEFT,
                width - GAP / 2,
                y,
                y,
                LEFT - 6,
                y + 4,
                percent,
            )
        )
    for index, item in enumerate(trend):
        x = LEFT + GAP + index * (BAR_WIDTH + GAP)
        total = item.tally.total
        y = TOP + CHART_HEIGHT
        for state in TASK_STATE_ORDER:
            count = item.tally.counts[state]
            if not total or not count:
                continue
            h = CHART_HEIGHT * count / total
            y -= h
            parts.append(
                format_html(
                    '<rect class="chart-{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} – {}</title></rect>',
                    state.value,
                    x,
                    f"{y:.2f}",
                    BAR_WIDTH,
                    f"{h:.2f}",
                    item.label,
                    state.label,
                    count,
                )
            )
        parts.append(
            format_html(
                '<text class="chart-value" x="{}" y="{}">{}</text><text class="chart-label" x="{}" y="{}">{}</text>',
                x + BAR_WIDTH / 2,
                TOP - 8,
                _pct(item.tally.on_time_rate),
                x + BAR_WIDTH / 2,
                TOP + CHART_HEIGHT + 18,
                item.label,
            )
        )
    description = format_html_join(
        "; ",
        "{}: {}",
        ((item.label, _("on time %(rate)s") % {"rate": _pct(item.tally.on_time_rate)}) for item in trend),
    )
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"'
        ' aria-labelledby="trend-title trend-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="trend-title">{title}</title><desc id="trend-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        title=_("Share of reports in each status per period; the figure above each bar is the on-time rate."),
        desc=description,
        body=SafeString("".join(parts)),
    )
