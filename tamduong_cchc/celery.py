"""The Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_process_init

from .warm_up import process_warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamduong_cchc.settings.local")

app = Celery("tamduong_cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_worker_process(**_kwargs) -> None:
    process_warm_up()
