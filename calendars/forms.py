"""The calendar address page's buttons."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedAction(models.TextChoices):
    ISSUE = "issue", _("Create my calendar address")
    REVOKE = "revoke", _("Stop my calendar address")


class FeedActionForm(forms.Form):
    """Create (or renew) the address, or stop it."""

    action = forms.ChoiceField(choices=FeedAction.choices)
