"""Tags other pages include: the low-rated list on linked tasks, and two blocks for the chairman's summary.

Each tag reads its own data (a constant number of queries) and renders an empty state when there is
nothing to show, so it is safe to include on any page:

    {% load satisfaction_tags %}
    {% low_rated_panel task %}            {# or: {% low_rated_panel task unit=report.assignment.unit %} #}
    {% low_rated_summary %}
    {% survey_trend_summary %}
"""

from django import template

from units.models import Unit

from ..charts import trend_chart
from ..selectors import low_rated, survey_figures, task_low_rated_link

register = template.Library()


@register.inclusion_tag("satisfaction/tags/low_rated_panel.html")
def low_rated_panel(task, unit: Unit | None = None) -> dict:
    """On a task's pages: the criteria citizens rated low, if the task is linked; otherwise nothing."""
    link = task_low_rated_link(task=task)
    if link is None:
        return {"link": None}
    return {"link": link, "low": low_rated(unit=unit if isinstance(unit, Unit) else None)}


@register.inclusion_tag("satisfaction/tags/low_rated_summary.html")
def low_rated_summary(limit: int = 8) -> dict:
    """For the chairman's summary: the district's lowest-rated criteria (at most ``limit``)."""
    low = low_rated()
    return {"low": low, "items": low.items[:limit], "more": max(len(low.items) - limit, 0)}


@register.inclusion_tag("satisfaction/tags/survey_trend_summary.html")
def survey_trend_summary() -> dict:
    """For the chairman's summary: % satisfied on the live survey per quarter beside the baseline year."""
    figures = survey_figures(detailed=False)
    baseline = figures.baseline.overall_index if figures.baseline else None
    chart = trend_chart(series=[(q.label, value, n) for q, value, n in figures.trend], baseline=baseline)
    return {"figures": figures, "chart": chart}
