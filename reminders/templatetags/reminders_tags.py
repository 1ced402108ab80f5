"""Template tags of reminders: the urge button asks the one rule in reminders.permissions; an e-mail's list lines."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from .. import permissions

register = template.Library()


@register.filter
def can_urge(actor) -> bool:
    """``{% if actor|can_urge %}``: whether ``actor`` may urge units."""
    return permissions.can_urge(actor)


# A province's reminder lists a hundred reports and its escalation hundreds of units: their lines are joined here, in
# one pass, rather than by a template loop per line (which was most of the time spent rendering a sweep). The values
# are plain strings (``composition._groups``), so the standard library's escape() is what Django's would do to them,
# without its check for lazy strings per value.


@register.simple_tag
def group_lines_text(group: dict, returned_note: str) -> str:
    """The plain-text lines of one group of an e-mail (``composition._groups``): its units, or its reports."""
    returned = f" [{returned_note}]"
    return "".join(f"  - {unit['unit']}: {unit['reports']}\n    {unit['url']}\n" for unit in group["units"]) + "".join(
        f"  - {item['task']}{returned if item['returned'] else ''}\n    {item['url']}\n" for item in group["items"]
    )


@register.simple_tag
def group_lines_html(group: dict, returned_note: str) -> str:
    """The ``<li>`` of one group of an e-mail's HTML, escaped: its units, or its reports with their links."""
    returned = f" <em>({escape(returned_note)})</em>"
    units = "".join(
        f'\n  <li><a href="{escape(unit["url"])}"><strong>{escape(unit["unit"])}</strong></a>: {escape(unit["reports"])}</li>'
        for unit in group["units"]
    )
    reports = "".join(
        f'\n  <li><a href="{escape(item["url"])}">{escape(item["task"])}</a>{returned if item["returned"] else ""}</li>'
        for item in group["items"]
    )
    return mark_safe(units + reports)  # noqa: S308 (every value escaped above)
