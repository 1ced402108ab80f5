"""Two real Celery workers, Redis, PostgreSQL and an SMTP server on loopback: the sweep sent twice at
once delivers each reminder exactly once.

Needs PostgreSQL (so the workers share the test database: DATABASE_URL=postgres://...) and Redis
(CELERY_BROKER_URL=redis://..., else redis://127.0.0.1:6379/13); skips with the reason otherwise.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Notification
from reminders.models import DELIVERABLE, ReminderKind, ReminderLog, ReminderStatus

from .conftest import DEADLINE, build_district

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

DAY = DEADLINE.replace(day=DEADLINE.day + 7)  # overdue for 7 days: unit reminders and escalations
STARTUP_TIMEOUT = 60
DELIVERY_TIMEOUT = 90


def _redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("redis://") else "redis://127.0.0.1:6379/13"


@pytest.fixture
def services():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL so that the worker processes share the test database (set DATABASE_URL=postgres://...)")
    import redis

    url = _redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"needs a Redis server at {url} ({exc})")
    return url


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(name: str, env: dict, log_path: Path) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    log = log_path.open("wb")
    return subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
        [
            str(celery),
            "-A",
            "tamduong_cchc",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-n",
            f"{name}@%h",
            "-Q",
            env["CCHC_TEST_QUEUE"],
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the cleanup ends it and only it
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _wait_for(condition, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    tails = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in logs)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")


def test_two_workers_running_the_sweep_at_once_send_each_reminder_exactly_once(services, smtp_server, tmp_path):
    from celery import Celery

    controller, collector = smtp_server
    district = build_district()
    queue = f"cchc-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reminders.tests.worker_settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": services,
        "CCHC_TEST_QUEUE": queue,
        "EMAIL_URL": f"smtp://{controller.hostname}:{controller.port}",
        "SITE_URL": "https://cchc.example.invalid",
    }
    logs = [tmp_path / "worker1.log", tmp_path / "worker2.log"]
    workers = [_start_worker(f"w{n}-{queue}", env, path) for n, path in enumerate(logs, start=1)]
    producer = Celery(broker=services)
    try:
        _wait_for(lambda: all(" ready." in path.read_text(errors="replace") for path in logs), STARTUP_TIMEOUT, "workers", logs)
        for _ in range(2):
            producer.send_task("reminders.tasks.reminders_sweep", kwargs={"day": DAY.isoformat()}, queue=queue)
        expected = {
            "head-a@example.invalid",
            "staff-a@example.invalid",
            "banbo@example.invalid",
            "vp@example.invalid",
            "ct@example.invalid",
        }

        def delivered() -> bool:
            logs_done = (
                ReminderLog.objects.exists() and not ReminderLog.objects.filter(status__in=[*DELIVERABLE, "sending"]).exists()
            )
            return logs_done and len(collector.snapshot()) >= len(expected)

        _wait_for(delivered, DELIVERY_TIMEOUT, "the deliveries", logs)
        # Both sweeps have finished (each logs its result); then give a late duplicate the chance to show up.
        _wait_for(
            lambda: sum(p.read_text(errors="replace").count("reminders_sweep[") for p in logs) >= 4, 30, "both sweeps", logs
        )
        time.sleep(2)
    finally:
        for worker in workers:
            _stop(worker)
        producer.close()
        import redis

        client = redis.Redis.from_url(services)
        for key in client.scan_iter(f"*{queue}*"):
            client.delete(key)

    received = Counter(address for recipients, _content in collector.snapshot() for address in recipients)
    assert received == Counter(expected), received
    subjects = {}
    for recipients, content in collector.snapshot():
        message = message_from_bytes(content, policy=policy.default)
        subjects[recipients[0]] = str(message["Subject"]).strip()
        assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    assert subjects["head-a@example.invalid"] == "[CCHC] Báo cáo quá hạn Quý II/2020 – Công văn số 345/UBND-NV"
    assert subjects["ct@example.invalid"] == "[CCHC] Báo cáo quá hạn của 3 đơn vị – Quý II/2020 – Công văn số 345/UBND-NV"
    statuses = Counter(ReminderLog.objects.values_list("kind", "status"))
    assert statuses == Counter(
        {
            (ReminderKind.REMINDER, ReminderStatus.SENT): 3,
            (ReminderKind.REMINDER, ReminderStatus.IN_APP): 1,
            (ReminderKind.REMINDER, ReminderStatus.UNDELIVERABLE): 1,
            (ReminderKind.ESCALATION, ReminderStatus.SENT): 2,
            (ReminderKind.ESCALATION, ReminderStatus.IN_APP): 1,
        }
    )
    for user in (district.head, district.staff, district.deputy, district.office, district.chairman, district.vice):
        assert Notification.objects.filter(recipient=user).count() == 1
