"""The two reminder schedules as django-celery-beat rows, so the office can change their time in the admin."""

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Ho_Chi_Minh"
SCHEDULES = [
    {
        "name": "reminders.daily_sweep",
        "task": "reminders.tasks.reminders_sweep",
        "crontab": {"minute": "30", "hour": "7", "day_of_week": "*"},
        "description": "Nhắc hạn báo cáo hằng ngày lúc 07:30 (nhắc trước hạn, quá hạn, báo cáo lãnh đạo).",
    },
    {
        "name": "reminders.weekly_digest",
        "task": "reminders.tasks.reminders_weekly_digest",
        "crontab": {"minute": "0", "hour": "8", "day_of_week": "1"},
        "description": "Tổng hợp tuần gửi Văn phòng, sáng thứ Hai lúc 08:00.",
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for schedule in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_month="*", month_of_year="*", timezone=TIME_ZONE, **schedule["crontab"]
        )
        PeriodicTask.objects.get_or_create(
            name=schedule["name"],
            defaults={"task": schedule["task"], "crontab": crontab, "description": schedule["description"], "enabled": True},
        )
    # Tell a running beat (DatabaseScheduler) that its schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def delete_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[schedule["name"] for schedule in SCHEDULES]).delete()
    for schedule in SCHEDULES:
        CrontabSchedule.objects.filter(
            day_of_month="*", month_of_year="*", timezone=TIME_ZONE, periodictask__isnull=True, **schedule["crontab"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_reminder_policy_log_urge"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
