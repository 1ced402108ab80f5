from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordChangeRequired(models.Model):
    """An account whose password someone else set (the office, in the admin): its owner must choose a
    new one at the next sign-in. The row is the flag; it goes when the owner chooses their password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change_required",
        verbose_name=_("account"),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("password set by"),
    )
    set_at = models.DateTimeField(_("password set at"), auto_now=True)

    class Meta:
        verbose_name = _("password to change at next sign-in")
        verbose_name_plural = _("passwords to change at next sign-in")
        ordering = ["-set_at"]

    def __str__(self) -> str:
        return str(self.user)
