"""A ``<select>`` that writes the HTML of Django's own widget templates in Python.

Django renders each option through two template includes; the dashboard's filter bar has five
selects (twenty periods at national scale) and took about 4 ms of each page that way. The output
is byte-identical to ``forms.Select`` (dashboard/tests/test_widgets.py compares them).
"""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value) -> str:
    """A value as a template shows it: localized, then escaped."""
    return conditional_escape(localize(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """``forms.Select`` with the same HTML, written without the per-option template includes."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{_text(group_name)}">')
            html.extend(
                f'\n  <option value="{_text(str(option["value"]))}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'
                for option in options
            )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 (every value above is escaped)
