"""Copy each report's unit and task from its assignment, for per-unit and per-task counts without a join."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_unit_and_task(apps, schema_editor):
    ProgressReport = apps.get_model("directives", "ProgressReport")
    Assignment = apps.get_model("directives", "Assignment")
    assignment = Assignment.objects.filter(pk=OuterRef("assignment_id"))
    ProgressReport.objects.update(
        unit_id=Subquery(assignment.values("unit_id")[:1]), task_id=Subquery(assignment.values("task_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_report_first_submitted_day_and_dashboard_indexes"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="unit",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="unit",
            ),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="task",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directives.task",
                verbose_name="task",
            ),
        ),
        migrations.RunPython(copy_unit_and_task, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressreport",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="unit",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="task",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directives.task",
                verbose_name="task",
            ),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                fields=["period", "unit", "task", "status", "deadline", "first_submitted_on"],
                name="report_period_unit_task_state",
            ),
        ),
    ]
