"""Two web instances and two Celery workers on one PostgreSQL and one Redis behave as one system.

    .venv/bin/python ops/scale_out.py

It starts gunicorn A (:8111) and gunicorn B (:8112) with the production settings, two Celery
workers, and a local SMTP server, all on a fresh PostgreSQL database (seed_cv345 + seed_demo) and
one Redis db, then checks:
  * sessions: sign in on A, then on B the same cookie opens the home page and a POST (CSRF) works;
    signing out on B ends the session on A too (sessions live in the shared Redis cache, written
    through to the database);
  * reminders: the same day's sweep is queued four times at once (as if two beat schedulers and a
    retry fired together); both workers take them, and every claimed reminder reaches the SMTP
    server exactly once.
Exit status 0 when every check holds.
"""

import collections
import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_run import production_env, wait_until_up
from ops.scratch import BIN, REPO, Sink, manage, pg_fresh_database, redis_flush, start, stop

PG = "postgres://postgres@127.0.0.1:5432"
DATABASE = "cchc_ops_scaleout"
REDIS = "redis://127.0.0.1:6379/13"
WEB_PORTS = {"A": 8111, "B": 8112}
SMTP_PORT = 2527
DAY = "2020-06-16"
PASSWORD = os.environ.get("CCHC_PASSWORD", "TamDuong@2020")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGS = REPO / "var" / "ops-scaleout"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookie jar, used against either web instance."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, node: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        url = f"http://127.0.0.1:{WEB_PORTS[node]}{path}"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx/4xx arrive here without redirect-following
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")

    def csrf(self, node: str, path: str) -> str:
        match = CSRF.search(self.request(node, path)[2])
        return match.group(1) if match else ""


def check(label: str, ok: bool, results: list[bool]) -> None:
    print(f"{'OK  ' if ok else 'FAIL'} {label}")
    results.append(ok)


def sessions_check(results: list[bool]) -> None:
    browser = Browser()
    token = browser.csrf("A", "/accounts/login/")
    credentials = {"username": "vanphong", "password": PASSWORD, "csrfmiddlewaretoken": token}
    status, location, _ = browser.request("A", "/accounts/login/", credentials)
    check(f"sign in on A ({status} → {location})", status == 302, results)
    status, _, page = browser.request("B", "/")
    signed_in = 'action="/accounts/logout/"' in page
    check(f"the same session opens the home page on B ({status}, signed in: {signed_in})", status == 200 and signed_in, results)
    token = browser.csrf("B", "/notifications/")
    status, location, _ = browser.request("B", "/notifications/read-all/", {"csrfmiddlewaretoken": token})
    check(f"a POST with its CSRF token works on B ({status} → {location})", status == 302 and "login" not in location, results)
    status, _, _ = browser.request("B", "/accounts/logout/", {"csrfmiddlewaretoken": browser.csrf("A", "/")})
    status, location, _ = browser.request("A", "/")
    check(f"signed out on B, A asks to sign in again ({status} → {location})", status == 302 and "login" in location, results)


def main() -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    env = production_env(database_url=f"{PG}/{DATABASE}", redis_url=REDIS)
    env.update(
        {
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "LOG_LEVEL": "INFO",
        }
    )
    pg_fresh_database(server_url=PG, name=DATABASE, env=env)
    redis_flush(REDIS)
    manage("collectstatic", "--noinput", env=env)

    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from reminders.models import ReminderLog, ReminderStatus
    from reminders.tasks import reminders_sweep

    for user in get_user_model().objects.filter(email=""):  # every reminder goes through SMTP
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])

    sink = Sink(SMTP_PORT, 0.05)
    sink.controller.start()
    processes = [
        start(
            [str(BIN / "gunicorn"), "-c", "ops/gunicorn.conf.py", "tamduong_cchc.wsgi"],
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
            log=LOGS / f"web-{node}.log",
        )
        for node, port in WEB_PORTS.items()
    ] + [
        start(
            [str(BIN / "celery"), "-A", "tamduong_cchc", "worker", "--loglevel=INFO", "--concurrency=2", "-n", f"worker{n}@%h"],
            env=env,
            log=LOGS / f"worker-{n}.log",
        )
        for n in (1, 2)
    ]
    results: list[bool] = []
    try:
        for port in WEB_PORTS.values():
            wait_until_up(f"http://127.0.0.1:{port}/accounts/login/")
        sessions_check(results)

        time.sleep(3)  # both workers connected
        for _ in range(4):
            reminders_sweep.delay(DAY)
        open_states = [ReminderStatus.PENDING, ReminderStatus.SENDING, ReminderStatus.RETRYING]
        deadline, quiet_since, last = time.monotonic() + 120, time.monotonic(), 0
        while time.monotonic() < deadline:
            time.sleep(1)
            if sink.count() != last:
                last, quiet_since = sink.count(), time.monotonic()
            settled = ReminderLog.objects.exists() and not ReminderLog.objects.filter(status__in=open_states).exists()
            if settled and time.monotonic() - quiet_since > 5:
                break
        claimed = list(ReminderLog.objects.values_list("email", flat=True))
        statuses = dict(collections.Counter(ReminderLog.objects.values_list("status", flat=True)))
    finally:
        for process in processes:
            stop(process)
        sink.controller.stop()

    workers_used = sum(
        1 for n in (1, 2) if "reminders.tasks.reminders_" in (LOGS / f"worker-{n}.log").read_text(errors="replace")
    )
    expected = collections.Counter(address.lower() for address in claimed if address)
    received = collections.Counter(address for address, _message_id in sink.received)
    lost = sum(max(0, expected[a] - received[a]) for a in expected)
    doubled = sum(max(0, received[a] - expected[a]) for a in received)
    print(f"reminders: {len(claimed)} claimed, rows by status {statuses}, {len(sink.received)} e-mails received")
    check(f"both workers ran reminder tasks ({workers_used} of 2)", workers_used == 2, results)
    check(
        f"every reminder went out exactly once (lost={lost}, doubled={doubled})", bool(claimed) and lost == doubled == 0, results
    )
    print(f"RESULT {sum(results)}/{len(results)} checks passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
