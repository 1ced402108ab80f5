"""The Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamduong_cchc.settings.local")

app = Celery("tamduong_cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
