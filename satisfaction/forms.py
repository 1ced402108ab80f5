from django import forms
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextFormMixin

from .models import SipasElement
from .selectors import Quarter

SCALE = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neither")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]
HONEYPOT = "website"


class SurveyForm(CleanTextFormMixin, forms.Form):
    """The five SIPAS elements on the five-point scale, an optional comment, and a honeypot field."""

    comment = forms.CharField(
        label=_("Your comment (optional, do not write your name or phone number)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, elements: list[SipasElement], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            self.fields[self.field_name(element)] = forms.TypedChoiceField(
                label=element.survey_question,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a level from 1 to 5.")},
            )

    @staticmethod
    def field_name(element: SipasElement) -> str:
        return f"e_{element.pk}"

    @property
    def is_bot(self) -> bool:
        """People never see the honeypot field; anything typed into it comes from a bot."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def questions(self):
        return [(element, self[self.field_name(element)]) for element in self.elements]

    def scores(self) -> dict[int, int]:
        return {element.pk: self.cleaned_data[self.field_name(element)] for element in self.elements}


class OverviewFilterForm(forms.Form):
    """The satisfaction page's query string: the year of the SIPAS results and the survey's quarter (2020-2)."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = forms.RegexField(required=False, regex=r"^[0-9]{4}-[1-4]$")

    def clean_quarter(self) -> Quarter | None:
        return Quarter.parse(self.cleaned_data["quarter"])

    def filters(self) -> dict:
        """The valid filters; a value the page cannot use is left out (the page shows its default)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled SIPAS template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ResponseHiddenForm(forms.Form):
    """Hide a survey response from the figures, or count it again."""

    hidden = forms.TypedChoiceField(
        choices=[("1", _("Hide")), ("0", _("Count again"))], coerce=lambda value: value == "1", required=False, empty_value=False
    )
