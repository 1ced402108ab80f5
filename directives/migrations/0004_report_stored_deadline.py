"""Store each report's deadline (the period's due date, or the latest approved extension's date).

The column is added empty, filled from the rule (a frozen copy of
``services.deadlines.report_deadline_expression``, as migrations must not import live code), then
made required.
"""

from django.db import migrations, models
from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_deadlines(apps, schema_editor):
    ProgressReport = apps.get_model("directives", "ProgressReport")
    ExtensionRequest = apps.get_model("directives", "ExtensionRequest")
    ReportingPeriod = apps.get_model("directives", "ReportingPeriod")
    approved = (
        ExtensionRequest.objects.filter(report=OuterRef("pk"), status="approved")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
        .values("requested_date")[:1]
    )
    due = ReportingPeriod.objects.filter(pk=OuterRef("period_id")).values("due_date")[:1]
    ProgressReport.objects.update(
        deadline=Coalesce(Subquery(approved, output_field=DateField()), Subquery(due, output_field=DateField()))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0003_report_demo_rows_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="deadline",
            field=models.DateField(null=True, editable=False, verbose_name="deadline"),
        ),
        migrations.RunPython(fill_deadlines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressreport",
            name="deadline",
            field=models.DateField(
                editable=False,
                help_text="The period's due date, or the date of the latest approved extension.",
                verbose_name="deadline",
            ),
        ),
    ]
