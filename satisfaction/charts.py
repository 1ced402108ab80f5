"""Server-side SVG geometry for the trend chart: no JavaScript, no inline style, works offline.

The template ``satisfaction/includes/trend_chart.html`` draws what ``trend_chart`` computes; colours
come from classes in ``satisfaction/static/satisfaction/satisfaction.css``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal | None
    responses: int


@dataclass
class TrendChart:
    width: int
    height: int
    points: list[Point]
    segments: list[str] = field(default_factory=list)  # "x,y x,y …" of each unbroken run of data
    grid: list[tuple[float, int]] = field(default_factory=list)  # (y, percent)
    baseline_y: float | None = None
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_top: int = TOP


def _y(value: Decimal | float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / 100), 1)


def trend_chart(*, series: list[tuple[str, Decimal | None, int]], baseline: Decimal | None) -> TrendChart:
    """Place ``series`` — (label, % satisfied or None, number of responses) — on a 0–100 % scale."""
    count = max(len(series), 1)
    step = (WIDTH - LEFT - RIGHT) / count
    points = [
        Point(round(LEFT + step * (index + 0.5), 1), _y(value) if value is not None else 0.0, label, value, responses)
        for index, (label, value, responses) in enumerate(series)
    ]
    segments, run = [], []
    for point in points:
        if point.value is None:
            if run:
                segments.append(" ".join(run))
            run = []
        else:
            run.append(f"{point.x},{point.y}")
    if run:
        segments.append(" ".join(run))
    return TrendChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        segments=[s for s in segments if " " in s],  # a lone point is drawn as its dot only
        grid=[(_y(p), p) for p in (0, 25, 50, 75, 100)],
        baseline_y=_y(baseline) if baseline is not None else None,
    )
