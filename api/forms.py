"""Forms of the tokens page: they bind and check input; api.services issues the tokens."""

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from security.text import CleanTextFormMixin

from .models import ApiTokenScope

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DEFAULT_LIFETIME = datetime.timedelta(days=90)


def _default_expiry() -> datetime.date:
    return timezone.localdate() + DEFAULT_LIFETIME


class TokenAction(models.TextChoices):
    PERSONAL = "personal", _("Create a personal token")
    INTEGRATION = "integration", _("Issue an integration token")


class TokenActionForm(forms.Form):
    """Which of the page's two forms was sent."""

    action = forms.ChoiceField(choices=TokenAction.choices)


class PersonalTokenForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label=_("What is it for?"), max_length=100, help_text=_("For example: the commune's e-office system."))
    scope = forms.ChoiceField(label=_("Rights"), choices=ApiTokenScope.choices, initial=ApiTokenScope.READ)
    expires_on = forms.DateField(label=_("Valid until"), widget=DATE_INPUT, initial=_default_expiry)


class IntegrationTokenForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label=_("Which system?"), max_length=100, help_text=_("For example: the province's reporting system."))
    expires_on = forms.DateField(label=_("Valid until"), widget=DATE_INPUT, initial=_default_expiry)
