"""Forms of the report workflow: they bind and check input; the services hold the rules."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextFormMixin
from units.models import Unit, UnitKind

from .models import Directive, ProgressReport
from .selectors import TaskState
from .services import ReportContent, TaskDraft
from .validators import EVIDENCE_ACCEPT, evidence_kind_detect

TEXTAREA_ATTRS = {"rows": 6, "class": "form-control report-text", "data-autosave": "1"}
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PressedButton(forms.HiddenInput):
    """The value of the submit button pressed: the page's buttons carry it, so the field renders nothing."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class ReportAction(models.TextChoices):
    SAVE = "save", _("Save draft")
    SUBMIT = "submit", _("Submit to the office")


class ReviewDecision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    RETURN = "return", _("Return to the unit")


class ExtensionDecision(models.TextChoices):
    APPROVE = "approve", _("Approve with this date")
    REFUSE = "reject", _("Refuse")


class ReportActionForm(forms.Form):
    """Which button of the report form was pressed: save the draft (also when none is named) or submit."""

    action = forms.ChoiceField(choices=ReportAction.choices, required=False, widget=PressedButton)

    @property
    def submitting(self) -> bool:
        return self.cleaned_data["action"] == ReportAction.SUBMIT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; each is checked by content (type), size and emptiness."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # refused below with our own message
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": EVIDENCE_ACCEPT, "class": "form-control"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors = []
        for upload in uploads:
            try:
                evidence_kind_detect(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return list(uploads)


def _plain(value: Decimal) -> Decimal:
    """120.00 → 120 and 1.50 → 1.5, so the form shows what the unit typed."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class ReportForm(CleanTextFormMixin, forms.Form):
    results = forms.CharField(label=_("Results achieved"), required=False, widget=forms.Textarea(attrs=TEXTAREA_ATTRS))
    shortcomings = forms.CharField(
        label=_("Shortcomings and their causes"), required=False, widget=forms.Textarea(attrs=TEXTAREA_ATTRS)
    )
    solutions = forms.CharField(label=_("Solutions and proposals"), required=False, widget=forms.Textarea(attrs=TEXTAREA_ATTRS))
    evidence = EvidenceField(
        label=_("Attach evidence"),
        help_text=_("PDF, Word, Excel, JPEG or PNG; several files allowed."),
    )

    def __init__(self, *args, report: ProgressReport, **kwargs):
        self.report = report
        self.indicators = list(report.assignment.task.indicators.all())
        values = {v.indicator_id: _plain(v.value) for v in report.indicator_values.all()}
        kwargs.setdefault(
            "initial",
            {
                "results": report.results,
                "shortcomings": report.shortcomings,
                "solutions": report.solutions,
                **{self.indicator_field(i.pk): values.get(i.pk) for i in self.indicators},
            },
        )
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self.fields[self.indicator_field(indicator.pk)] = forms.DecimalField(
                label=indicator.label,
                help_text=indicator.unit_label,
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control", "data-autosave": "1"}),
            )

    @staticmethod
    def indicator_field(indicator_id: int) -> str:
        return f"indicator_{indicator_id}"

    def indicator_bound_fields(self):
        return [self[self.indicator_field(i.pk)] for i in self.indicators]

    def content(self) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            results=data["results"].strip(),
            shortcomings=data["shortcomings"].strip(),
            solutions=data["solutions"].strip(),
            indicators={i.pk: data.get(self.indicator_field(i.pk)) for i in self.indicators},
        )


# The largest key a PostgreSQL bigint holds: a number past it is no key, not a database error.
MAX_KEY = 2**63 - 1


class ReportListFilterForm(forms.Form):
    """The filters of the list of every report, from its query string; a value it cannot use is ignored."""

    directive = forms.IntegerField(required=False, min_value=1, max_value=MAX_KEY)
    period = forms.IntegerField(required=False, min_value=1, max_value=MAX_KEY)
    unit = forms.IntegerField(required=False, min_value=1, max_value=MAX_KEY)
    state = forms.ChoiceField(required=False, choices=TaskState.choices)

    def filters(self) -> dict:
        """Every filter, None where it is missing or unusable."""
        self.is_valid()
        return {name: None if name in self.errors else self.cleaned_data.get(name) or None for name in self.fields}


class ExtensionRequestForm(CleanTextFormMixin, forms.Form):
    requested_date = forms.DateField(label=_("New deadline requested"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class ReviewForm(CleanTextFormMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=ReviewDecision.choices, widget=PressedButton)
    comment = forms.CharField(
        label=_("Comment to the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning the report."),
    )


class ExtensionDecisionForm(CleanTextFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=ExtensionDecision.choices, widget=PressedButton)
    new_date = forms.DateField(label=_("New deadline granted"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing."),
    )


class DirectiveSetupForm(CleanTextFormMixin, forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("Goes to every unit of these kinds"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("…and/or to these units"),
        queryset=Unit.objects.filter(is_active=True).in_official_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = forms.IntegerField(label=_("Report from year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("to year"), min_value=2000, max_value=2100)

    class Meta:
        model = Directive
        fields = [
            "doc_type",
            "number",
            "issue_date",
            "issuing_body",
            "signer_title",
            "signer_name",
            "subject",
            "report_schedule",
            "report_due_day",
        ]
        widgets = {"issue_date": DATE_INPUT, "subject": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The last year cannot be before the first."))
        elif data.get("year_from") and data.get("year_to") and data["year_to"] - data["year_from"] > 10:
            self.add_error("year_to", _("Set up at most ten years at a time."))
        if not data.get("unit_kinds") and not data.get("units"):
            raise ValidationError(_("Choose the units (or kinds of units) the directive goes to."))
        return data

    def years(self) -> range:
        return range(self.cleaned_data["year_from"], self.cleaned_data["year_to"] + 1)


class TaskSetupForm(CleanTextFormMixin, forms.Form):
    number = forms.IntegerField(label=_("No."), min_value=1, max_value=999)
    short_label = forms.CharField(label=_("Short label"), max_length=200)
    text = forms.CharField(label=_("Full text"), widget=forms.Textarea(attrs={"rows": 3}))


class BaseTaskFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        numbers = [f.cleaned_data["number"] for f in self.forms if f.cleaned_data]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("Two tasks have the same number."))

    def task_drafts(self) -> list[TaskDraft]:
        return [
            TaskDraft(number=f.cleaned_data["number"], short_label=f.cleaned_data["short_label"], text=f.cleaned_data["text"])
            for f in self.forms
            if f.cleaned_data
        ]


TaskFormSet = forms.formset_factory(TaskSetupForm, formset=BaseTaskFormSet, extra=3, min_num=1, validate_min=True)
