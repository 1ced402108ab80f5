"""Access tokens of the REST API: a person's own (their rights, read-only or read-write) or an
integration's (issued by the office for another system, read-only across every unit).

Only a SHA-256 digest of each secret is stored: the secret (256 random bits) is shown once, when
the token is created, and cannot be read back from the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiTokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    INTEGRATION = "integration", _("Integration")


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ApiTokenKind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it."))
    # A personal token acts as this person; an integration token belongs to no person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    scope = models.CharField(_("rights"), max_length=5, choices=ApiTokenScope.choices, default=ApiTokenScope.READ)
    # The first characters of the secret, shown in lists so that a person can tell their tokens apart.
    prefix = models.CharField(_("begins with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="personal") & Q(user__isnull=False))
                | (Q(kind="integration") & Q(user__isnull=True) & Q(scope="read")),
                name="api_token_kind_owner_scope",
                violation_error_message=_(
                    "A personal token acts as a person; an integration token is read-only and acts as no one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == ApiTokenScope.WRITE
