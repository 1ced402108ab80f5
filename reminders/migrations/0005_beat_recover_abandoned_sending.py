"""Every 5 minutes, send again the messages a dead worker left in "sending" (see services.recovery);
a django-celery-beat row like the two schedules of 0002, so the office can see or change it in the admin."""

from django.db import migrations
from django.utils import timezone

NAME = "reminders.recover_abandoned"
TASK = "reminders.tasks.reminders_recover_abandoned_sending"
EVERY_MINUTES = 5
DESCRIPTION = (
    "Mỗi 5 phút: gửi lại thư bị gián đoạn khi worker dừng giữa chừng "
    "(thư ở trạng thái “Đang gửi” quá thời hạn giữ chỗ, mặc định 10 phút)."
)


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": interval, "description": DESCRIPTION, "enabled": True}
    )
    # Tell a running beat (DatabaseScheduler) that its schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def delete_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()
    IntervalSchedule.objects.filter(every=EVERY_MINUTES, period="minutes", periodictask__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0004_reminder_log_sending_lease"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
