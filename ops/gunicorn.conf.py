"""gunicorn settings for production: `gunicorn -c ops/gunicorn.conf.py tamduong_cchc.wsgi`.

Every value can be changed from the environment, so each web node sets only what differs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a request holds one process. Pages are mostly Python work (templates, forms), so a
# few more processes than cores keep the cores busy while some wait on PostgreSQL; more only make
# every request share the CPU. Measured with bench/load_run.py on 2 cores (50 users, p95): 2 → 400 ms,
# 3 → 380–400 ms, 4 → 370 ms, 5 (the usual 2 × cores + 1) → 520 ms.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # exports of a whole province take a few seconds
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Logs to stdout/stderr for the service manager or container runtime.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The TLS proxy in front sets X-Forwarded-Proto/For; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Warm each worker once the app is loaded (tamduong_cchc.warm_up: every view loaded, then gc.freeze())."""
    from tamduong_cchc.warm_up import process_warm_up

    process_warm_up()
