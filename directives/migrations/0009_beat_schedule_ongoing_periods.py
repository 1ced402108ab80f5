"""The daily job that gives ongoing directives their next periods, as a django-celery-beat row the office can re-time."""

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Ho_Chi_Minh"
NAME = "directives.periods_extend_ongoing"
CRONTAB = {"minute": "15", "hour": "0", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(timezone=TIME_ZONE, **CRONTAB)
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "directives.tasks.periods_extend_ongoing",
            "crontab": crontab,
            "description": "Tạo các kỳ báo cáo tiếp theo của văn bản có nhiệm vụ thường xuyên, hằng ngày lúc 00:15.",
            "enabled": True,
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def delete_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()
    CrontabSchedule.objects.filter(timezone=TIME_ZONE, periodictask__isnull=True, **CRONTAB).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0008_backfill_granted_dates_and_resubmission_windows"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
