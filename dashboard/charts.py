"""Geometry of the dashboard's trend chart, drawn on the server as inline SVG: no JavaScript, no network, prints as vectors.

The template ``dashboard/includes/trend_chart.html`` draws what ``trend_chart`` computes, as
``satisfaction.charts`` and its template do for the survey. Colours are presentation attributes,
refined by classes in ``dashboard/static/dashboard/dashboard.css``: no style attribute, so the
Content-Security-Policy needs no 'unsafe-inline'.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directives.formatting import percent
from directives.selectors import TASK_STATE_ORDER

from .selectors import LabelledTally

BAR_WIDTH = 56
GAP = 28
CHART_HEIGHT = 180
TOP = 24
LEFT = 40
BOTTOM = 44
# The badges' colours (static/css/bootstrap-cchc.css), for pages that do not load dashboard.css.
STATE_FILLS = {
    "done_on_time": "#146c43",
    "done_late": "#fd7e14",
    "in_progress": "#0a58ca",
    "overdue": "#b02a37",
    "not_due": "#adb5bd",
}


@dataclass(frozen=True)
class Segment:
    state: str
    label: str
    count: int
    fill: str
    y: str
    height: str


@dataclass(frozen=True)
class Bar:
    x: int
    centre: float
    label: str
    rate: str
    segments: list[Segment]


@dataclass
class TrendChart:
    width: int
    height: int
    bars: list[Bar]
    description: str
    grid: list[tuple[float, float, int]] = field(default_factory=list)  # (y of the line, y of its text, per cent)
    bar_width: int = BAR_WIDTH
    axis_x: int = LEFT - 6
    grid_left: int = LEFT
    grid_right: float = 0
    value_y: int = TOP - 8
    label_y: int = TOP + CHART_HEIGHT + 18


def trend_chart(trend: list[LabelledTally]) -> TrendChart:
    """A stacked 100% bar per period (the five states), with the on-time rate above each bar."""
    width = LEFT + len(trend) * (BAR_WIDTH + GAP) + GAP
    bars = []
    for index, item in enumerate(trend):
        x = LEFT + GAP + index * (BAR_WIDTH + GAP)
        total = item.tally.total
        y = TOP + CHART_HEIGHT
        segments = []
        for state in TASK_STATE_ORDER:
            count = item.tally.counts[state]
            if not total or not count:
                continue
            h = CHART_HEIGHT * count / total
            y -= h
            segments.append(Segment(state.value, state.label, count, STATE_FILLS[state.value], f"{y:.2f}", f"{h:.2f}"))
        bars.append(Bar(x, x + BAR_WIDTH / 2, item.label, percent(item.tally.on_time_rate), segments))
    return TrendChart(
        width=width,
        height=TOP + CHART_HEIGHT + BOTTOM,
        bars=bars,
        description="; ".join(_("%(period)s: on time %(rate)s") % {"period": bar.label, "rate": bar.rate} for bar in bars),
        grid=[(y, y + 4, level) for y, level in ((TOP + CHART_HEIGHT * (1 - level / 100), level) for level in (0, 50, 100))],
        grid_right=width - GAP / 2,
    )
