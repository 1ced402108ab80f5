"""With DATABASE_URL and CELERY_BROKER_URL set, the suite runs on PostgreSQL and Redis (no code change)."""

import datetime
import os

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.db import connection

from directives.models import ProgressReport
from directives.seeding import seed_cv345
from directives.selectors import TaskState
from tamduong_cchc.celery import app as celery_app
from tests.states import state_counts


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql_when_database_url_points_there(time_machine):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not point at PostgreSQL (CI sets postgres://postgres@127.0.0.1:5432/tamduong_cchc)")

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")
    # The seed and the five-state expression run there too (seeded as it stood in 2020).
    time_machine.move_to(datetime.datetime(2020, 8, 1, 10, tzinfo=datetime.UTC), tick=False)
    seed_cv345()
    counts = state_counts(ProgressReport.objects.all())
    assert counts[TaskState.OVERDUE] == counts[TaskState.IN_PROGRESS] == 156
    assert counts[TaskState.NOT_DUE] == 156


@pytest.mark.redis
def test_celery_uses_redis_when_celery_broker_url_points_there():
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
        pytest.skip("CELERY_BROKER_URL does not point at Redis (CI sets redis://127.0.0.1:6379/14)")

    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport_cls == "redis" or conn.transport.driver_type == "redis"


def test_embedded_default_needs_no_server(monkeypatch):
    """Without the variables, base settings fall back to SQLite and kombu's filesystem broker."""
    import importlib

    monkeypatch.setattr("environ.Env.read_env", lambda *args, **kwargs: None)  # ignore a developer's .env
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("EMAIL_URL", raising=False)
    import tamduong_cchc.settings.base as base

    fresh = importlib.reload(base)
    try:
        assert fresh.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        assert fresh.CELERY_BROKER_URL == "filesystem://"
        assert fresh.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
        assert str(fresh.EMAIL_FILE_PATH).endswith("var/mail")
    finally:
        importlib.reload(base)


def test_the_suite_runs_with_the_test_settings():
    """`make test` exports local settings for `make run`; the suite must still use its own: mail stays in
    memory, passwords hash cheaply, and the Celery app runs a task where it is called."""
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tamduong_cchc.settings.test"
    mail.send_mail("Thử", "Nội dung", None, ["head@example.invalid"])
    assert [message.to for message in mail.outbox] == [["head@example.invalid"]]
    assert make_password("mật khẩu").startswith("md5$")
    assert celery_app.conf.task_always_eager
