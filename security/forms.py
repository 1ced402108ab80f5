from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import audited_content_types


class AuditFilterForm(forms.Form):
    """Filters of the audit trail page (all optional, read from the query string)."""

    model = forms.TypedChoiceField(label=_("Kind of record"), required=False, coerce=int, empty_value=None)
    object_pk = forms.CharField(label=_("Record number"), required=False, max_length=64)
    username = forms.CharField(label=_("Changed by (user name)"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(ct.pk, ct.model_class()._meta.verbose_name_plural.capitalize()) for ct in audited_content_types()]
        self.fields["model"].choices = [("", _("All kinds")), *sorted(choices, key=lambda choice: str(choice[1]))]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return cleaned
