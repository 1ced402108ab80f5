"""Fill the new fields for data recorded before them.

- An approved extension's granted date is the date it holds (the decision used to overwrite the
  requested date with the granted one).
- A version returned before resubmission windows existed gets the window the rule now gives (five
  working days after the return, Vietnamese public holidays excluded, or the report's deadline if
  later); the version that answered it carries it as its due date, and the report keeps its latest.

Frozen here (no import of the app's code): the working-day count as it was written for this migration.
"""

import datetime
import zoneinfo

import holidays
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

DEFAULT_WORKING_DAYS = 5


def _working_days_after(day, count):
    calendar = holidays.country_holidays("VN", years=range(day.year, day.year + 2))
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in calendar:
            count -= 1
    return day


def forwards(apps, schema_editor):
    ExtensionRequest = apps.get_model("directives", "ExtensionRequest")
    ProgressReport = apps.get_model("directives", "ProgressReport")
    ReportVersion = apps.get_model("directives", "ReportVersion")
    ExtensionRequest.objects.filter(status="approved", granted_date__isnull=True).update(
        granted_date=F("requested_date")
    )
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    returned = ReportVersion.objects.filter(decision="returned", reviewed_at__isnull=False).select_related("report")
    latest = {}
    for version in returned.order_by("report_id", "number"):
        window = max(
            _working_days_after(version.reviewed_at.astimezone(tz).date(), DEFAULT_WORKING_DAYS), version.report.deadline
        )
        version.resubmit_by = window
        version.save(update_fields=["resubmit_by"])
        ReportVersion.objects.filter(report_id=version.report_id, number=version.number + 1).update(resubmission_due=window)
        latest[version.report_id] = window
    for report_id, window in latest.items():
        ProgressReport.objects.filter(pk=report_id).update(resubmit_by=window)


class Migration(migrations.Migration):
    dependencies = [("directives", "0007_fair_status_rule_inputs_and_ongoing_directives")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='extensionrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), ('granted_date__isnull', False), _connector='OR'), name='extension_approved_has_granted_date', violation_error_message='An approved extension needs the new deadline granted.'),
        ),
    ]
