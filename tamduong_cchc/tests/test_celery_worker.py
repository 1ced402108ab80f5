"""A Celery worker process is warmed at start, as the web workers are (ops/gunicorn.conf.py)."""

import gc

from celery.signals import worker_process_init
from django.urls import clear_url_caches, get_resolver


def test_a_worker_process_loads_the_urlconf_and_freezes_it_out_of_the_collectors_full_passes():
    clear_url_caches()
    gc.unfreeze()
    try:
        worker_process_init.send(sender=None)
        assert gc.get_freeze_count() > 10_000
        assert "url_patterns" in get_resolver().__dict__  # loaded before the freeze, not in the first batch
    finally:
        gc.unfreeze()
