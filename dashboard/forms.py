"""The dashboard's filter bar: period, unit kind, state and sort order (GET parameters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.models import ReportingPeriod
from directives.selectors import TASK_STATE_ORDER
from units.models import UnitKind

from .selectors import MatrixSort

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class PeriodForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Reporting period"), coerce=int, required=False, empty_value=None, widget=SELECT)

    def __init__(self, *args, periods: list[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the periods the view has already read: no query here.
        self.fields["period"].choices = [(period.pk, period.label) for period in periods]


class MatrixFilterForm(PeriodForm):
    kind = forms.ChoiceField(
        label=_("Unit kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices], widget=SELECT
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *[(s.value, s.label) for s in TASK_STATE_ORDER]],
        widget=SELECT,
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=MatrixSort.CHOICES, widget=SELECT)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
