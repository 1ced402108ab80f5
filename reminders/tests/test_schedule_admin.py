"""The office changes the times of the app's own schedules in the admin, and nothing else of them."""

import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from tests.factories import DistrictRoleFactory, UserFactory
from units.models import DistrictRoleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    office = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="vanphong", is_staff=True)).user
    client.force_login(office)
    return client


def test_the_office_moves_the_daily_sweep_to_another_time(office_client):
    sweep = PeriodicTask.objects.get(name="reminders.daily_sweep")
    url = reverse("admin:django_celery_beat_periodictask_change", args=[sweep.pk])
    page = office_client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    response = office_client.post(
        url,
        {"minute": "15", "hour": "6", "day_of_week": "1-5", "day_of_month": "*", "month_of_year": "*",
         "task": "os.system", "args": '["rm -rf /"]', "kwargs": "{}", "name": "khác", "enabled": ""},
    )  # fmt: skip

    assert all(f'name="{field}"' not in page for field in ("task", "regtask", "args", "kwargs", "name", "queue"))
    assert response.status_code == 302
    sweep.refresh_from_db()
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.crontab.day_of_week) == ("15", "6", "1-5")
    assert (sweep.task, sweep.args, sweep.name, sweep.enabled) == (
        "reminders.tasks.reminders_sweep",
        "[]",
        "reminders.daily_sweep",
        True,
    )
    assert str(sweep.crontab.timezone) == "Asia/Ho_Chi_Minh"


def test_the_office_neither_creates_nor_deletes_tasks_nor_sees_foreign_ones_or_the_schedule_tables(office_client):
    foreign = PeriodicTask.objects.create(name="ngoai", task="os.system", crontab=CrontabSchedule.objects.first())

    add = office_client.get(reverse("admin:django_celery_beat_periodictask_add"))
    listed = office_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    delete = office_client.post(
        reverse("admin:django_celery_beat_periodictask_delete", args=[PeriodicTask.objects.get(name="reminders.daily_sweep").pk]),
        {"post": "yes"},
    )
    crontabs = office_client.get(reverse("admin:django_celery_beat_crontabschedule_changelist"))

    assert add.status_code == delete.status_code == crontabs.status_code == 403
    assert "reminders.daily_sweep" in listed and "ngoai" not in listed
    assert (
        PeriodicTask.objects.filter(name="reminders.daily_sweep").exists() and PeriodicTask.objects.filter(pk=foreign.pk).exists()
    )


def test_a_time_that_is_not_a_crontab_value_is_refused(office_client):
    sweep = PeriodicTask.objects.get(name="reminders.daily_sweep")
    url = reverse("admin:django_celery_beat_periodictask_change", args=[sweep.pk])

    response = office_client.post(
        url, {"minute": "75", "hour": "7", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
    )

    assert response.status_code == 200 and response.context["adminform"].form.errors["minute"]
    sweep.refresh_from_db()
    assert sweep.crontab.minute == "30"
