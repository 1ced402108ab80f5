"""The dashboard's filter bar: period, unit kind, state and sort order (GET parameters)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import ReportingPeriod
from directives.selectors import TASK_STATE_ORDER
from units.models import UnitKind

from .selectors import MatrixSort
from .widgets import Select

SELECT = Select(attrs={"class": "form-select form-select-sm"})


class PeriodForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Reporting period"), coerce=int, required=False, empty_value=None, widget=SELECT)
    as_of = forms.DateField(
        label=_("Figures as of"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        # Typed as dd/mm/yyyy on every device (a native date picker shows the browser's own order).
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10},
        ),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, periods: list[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the periods the view has already read: no query here.
        self.fields["period"].choices = [(period.pk, period.label) for period in periods]

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("Figures can be shown as of today or an earlier day, not a future one."), code="future")
        return as_of


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
