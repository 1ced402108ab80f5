"""The Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamduong_cchc.settings.local")

app = Celery("tamduong_cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def worker_warm_up() -> None:
    """Load every view, then keep all that is loaded out of the garbage collector's full passes.

    As ops/gunicorn.conf.py does for web workers: a reminder batch resolves URLs (the URLconf is then
    loaded in the middle of the first batch) and allocates enough to trigger full passes, each of
    which would otherwise walk every object of the loaded app.
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view it names)
    gc.freeze()


@worker_process_init.connect
def _warm_up_worker_process(**_kwargs) -> None:
    worker_warm_up()
