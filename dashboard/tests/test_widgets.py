"""The Python-written select gives the same HTML as Django's template-rendered one."""

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dashboard.forms import MatrixFilterForm
from dashboard.widgets import Select

CHOICES = [
    ("", _("All kinds")),
    (1, 'Quý I/2020 <b>"&'),
    ("Nhóm <1>", [(2, "a"), (3, "x'y")]),
    (4, 12345),
    (5.5, "số thập phân"),
]
ATTRS = {"class": "form-select", "data-flag": True, "data-off": False, "aria-label": '<"nhãn">'}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("value", [None, "", 1, "3", 4, 5.5, "missing", [1, 3]])
def test_same_html_as_django(language, value):
    with translation.override(language):
        expected = forms.Select(attrs=ATTRS, choices=CHOICES).render("kind<", value, attrs={"id": "id_kind", "required": True})
        written = Select(attrs=ATTRS, choices=CHOICES).render("kind<", value, attrs={"id": "id_kind", "required": True})
    assert written == expected
    assert "<option" in written and "&lt;b&gt;&quot;&amp;" in written


def test_filter_form_fields_unchanged():
    """Every select of the dashboard's filter bar, bound to a choice, renders as Django's own widget would."""
    form = MatrixFilterForm({"kind": "commune", "state": "overdue", "sort": "lateness"}, periods=[])
    for name in ("period", "kind", "state", "sort"):
        field = form[name]
        assert isinstance(field.field.widget, Select)
        django_widget = forms.Select(attrs=field.field.widget.attrs, choices=field.field.choices)
        assert field.as_widget() == field.as_widget(widget=django_widget), name
    assert 'value="overdue" selected' in form["state"].as_widget()
