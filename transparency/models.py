"""Which directives' progress the office publishes for citizens (one row per published directive)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.models import Directive


class Publication(models.Model):
    directive = models.OneToOneField(Directive, on_delete=models.CASCADE, related_name="publication", verbose_name=_("directive"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        verbose_name = _("published directive")
        verbose_name_plural = _("published directives")
        ordering = ["-directive__issue_date", "directive__number"]

    def __str__(self) -> str:
        return str(self.directive)
