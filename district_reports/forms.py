"""Forms of the district reports: compose a report, its header, a section's text, a leadership comment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextFormMixin

from .models import SignerKind
from .services import HeaderData
from .windows import Window, WindowKind

DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# A section holds the office's own paragraphs; a very long paste is refused with the text kept on the page.
SECTION_MAX_CHARS = 30000


class ComposeForm(forms.Form):
    window_kind = forms.ChoiceField(
        label=_("Reporting window"), choices=WindowKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        empty_value=0,
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        help_text=_("Only for a quarter's report."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    report_date = forms.DateField(
        label=_("Report date"),
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("The figures are those at the end of this day."),
    )

    @classmethod
    def proposed(cls, query, *, today) -> "ComposeForm":
        """An unbound form offering the window and date named in ``query`` (a link's), else this quarter and today."""
        return cls(initial={"window_kind": query.get("window_kind") or WindowKind.QUARTER,
                            "quarter": query.get("quarter") or (today.month - 1) // 3 + 1,
                            "year": query.get("year") or today.year,
                            "report_date": query.get("report_date") or today})  # fmt: skip

    def clean(self):
        data = super().clean()
        kind, quarter = data.get("window_kind"), data.get("quarter") or 0
        if kind == WindowKind.QUARTER and not quarter:
            self.add_error("quarter", forms.ValidationError(_("Choose the quarter."), code="required"))
        elif kind and kind != WindowKind.QUARTER:
            data["quarter"] = 0
        return data

    @property
    def window(self) -> Window:
        data = self.cleaned_data
        return Window(data["window_kind"], data["year"], data["quarter"])


class HeaderForm(CleanTextFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=50,
        help_text=_("For example 125/BC-UBND; leave it empty until the clerk gives the number."),
        widget=forms.TextInput(attrs={"class": "form-control", "data-autosave": ""}),
    )
    report_date = forms.DateField(
        label=_("Report date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={**DATE_INPUT.attrs, "data-autosave": ""}),
        help_text=_("Every figure of the report is as it stood at the end of this day."),
    )
    place_name = forms.CharField(
        label=_("Place name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control", "data-autosave": ""})
    )
    subject = forms.CharField(
        label=_("Subject"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "data-autosave": ""})
    )
    addressees = forms.CharField(
        label=_("Addressed to (Kính gửi)"),
        required=False,
        help_text=_("One addressee per line."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "data-autosave": ""}),
    )
    signer_kind = forms.ChoiceField(
        label=_("Signed by"), choices=SignerKind.choices, widget=forms.Select(attrs={"class": "form-select", "data-autosave": ""})
    )
    signer_name = forms.CharField(
        label=_("Signer's name"),
        required=False,
        max_length=100,
        help_text=_("Needed before the report is marked final."),
        widget=forms.TextInput(attrs={"class": "form-control", "data-autosave": ""}),
    )
    copies_to = forms.CharField(
        label=_("Copies to (Nơi nhận)"),
        required=False,
        help_text=_("One recipient per line; “Như trên” covers the addressees."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5, "data-autosave": ""}),
    )

    def clean_report_date(self):
        day = self.cleaned_data["report_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A report is dated today or an earlier day, not a future one."), code="future")
        return day

    def header_data(self) -> HeaderData:
        return HeaderData(**{name: self.cleaned_data[name] for name in HeaderData.__dataclass_fields__})


class SectionForm(CleanTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Text of the section"),
        required=False,
        max_length=SECTION_MAX_CHARS,
        help_text=_("Plain paragraphs: each line is a paragraph of the document."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 16, "data-autosave": ""}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CommentForm(CleanTextFormMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
