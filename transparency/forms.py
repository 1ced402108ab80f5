"""The office's publish / withdraw button."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationAction(models.TextChoices):
    PUBLISH = "publish", _("Publish its progress")
    UNPUBLISH = "unpublish", _("Withdraw from the public pages")


class PublicationForm(forms.Form):
    action = forms.ChoiceField(choices=PublicationAction.choices)
