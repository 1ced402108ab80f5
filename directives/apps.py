import zoneinfo

from django.apps import AppConfig
from django.db.migrations.serializer import BaseSerializer
from django.db.migrations.writer import MigrationWriter
from django.utils.translation import gettext_lazy as _


class ZoneInfoSerializer(BaseSerializer):
    """Writes a time zone into a migration (the local-date column of reports is computed in one)."""

    def serialize(self):
        return f"zoneinfo.ZoneInfo({self.value.key!r})", {"import zoneinfo"}


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Directives and progress reports")

    def ready(self):
        MigrationWriter.register_serializer(zoneinfo.ZoneInfo, ZoneInfoSerializer)
        # Derived counts, recounted by the services on every write the audit trail already records
        # (auditlog, earlier in INSTALLED_APPS, has registered every model of this app by now).
        from auditlog.registry import auditlog

        from .models import ReportStateTally

        auditlog.unregister(ReportStateTally)
