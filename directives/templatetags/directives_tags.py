import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from directives import formatting
from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER, TaskState, state_label

register = template.Library()


@register.filter
def state_colour(state: str) -> str:
    """Bootstrap colour name of a five-state status (green, orange, blue, red, grey)."""
    return TASK_STATE_COLOURS.get(state, "secondary")


@register.filter(name="state_label")
def state_label_filter(state: str, status: str | None = None) -> str:
    """``{{ state|state_label:status }}``: the label ``directives.selectors.state_label`` gives."""
    return state_label(state, status) if state in TaskState.values else state


@register.filter
def percent(value, places: int = 0) -> str:
    """``{{ rate|percent }}`` "85%", ``{{ value|percent:2 }}`` "84,45%": ``directives.formatting.percent``."""
    return formatting.percent(value, places)


@register.simple_tag
def task_states() -> list[TaskState]:
    return list(TASK_STATE_ORDER)


@register.filter
def person(user) -> str:
    """A user's full name, else username; "–" when nobody is recorded (e.g. imported or demo rows)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.simple_tag
def unit_options(units, selected: int | None) -> str:
    """The ``<option>`` of each (pk, short name) in ``units``, the one of ``selected`` marked.

    A national list has 3,321 units: a template loop (or ``format_html`` per option) cost the list
    of every report a tenth of a second, the standard library's ``html.escape`` a few milliseconds.
    """
    return mark_safe(  # noqa: S308 - every name is escaped, every key is an integer
        "".join(
            f'<option value="{int(pk)}"{" selected" if pk == selected else ""}>{html.escape(name)}</option>' for pk, name in units
        )
    )


@register.simple_tag
def state_badge(state: str, status: str | None = None) -> str:
    """The badge of a five-state status, "sent, awaiting review" if ``status`` says so (``includes/state_badge.html``)."""
    return format_html(
        '<span class="badge state-badge text-bg-{}">{}</span>', state_colour(state), state_label_filter(state, status or "")
    )
