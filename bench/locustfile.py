"""A working day on the tracker, for locust: unit heads, office staff and the chairman at once.

Run through bench/load_run.py (which prepares PostgreSQL, gunicorn and the accounts), or by hand:
    .venv-bench/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8101 --headless -u 50 -r 10 -t 60s

The accounts are seed_demo's: each unit's head signs in with the unit's code, the office as
"vanphong", the chairman as "chutich", all with DEMO_PASSWORD (env CCHC_PASSWORD, default TamDuong@2020).
In a 60-second window of a working day most people are already signed in: CCHC_SESSIONS names a JSON
file {username: session key} made by load_run.py, and only CCHC_LOGIN_SHARE of the users (10 %) sign
in through the form when they start, and 0.5 % of unit heads' home visits sign in again (password
hashing is deliberately slow, so logins are measured on their own line).
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PASSWORD = os.environ.get("CCHC_PASSWORD", "TamDuong@2020")
# The 26 recipient units of Công văn 345 (their codes are the demo heads' user names).
UNIT_CODES = os.environ.get("CCHC_UNIT_CODES", "").split(",") if os.environ.get("CCHC_UNIT_CODES") else []
DIRECTIVE_ID = os.environ.get("CCHC_DIRECTIVE_ID", "1")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_LINK = re.compile(r'href="/directives/reports/(\d+)/"')
_unit_cycle = itertools.cycle(UNIT_CODES or ["xa-ban-bo"])
SESSIONS = json.loads(Path(os.environ["CCHC_SESSIONS"]).read_text()) if os.environ.get("CCHC_SESSIONS") else {}
LOGIN_SHARE = float(os.environ.get("CCHC_LOGIN_SHARE", "0.1"))
# Share of a unit head's home-page visits that start with signing in again (one or two sign-ins a minute
# for 50 users: each signs in about once per working session), so that sign-ins also fall inside the
# measured window (see load_run.py).
RESIGN_SHARE = float(os.environ.get("CCHC_RESIGN_SHARE", "0.005"))


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # people read a page before the next click
    username = ""

    def csrf_from(self, html: str) -> str:
        match = CSRF.search(html)
        return match.group(1) if match else ""

    def on_start(self):
        if self.username in SESSIONS and random.random() >= LOGIN_SHARE:
            self.client.cookies.set("sessionid", SESSIONS[self.username])
            return
        self.sign_in()

    def sign_in(self):
        self.client.cookies.clear()
        page = self.client.get("/accounts/login/", name="login form")
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf_from(page.text)},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.username} answered {response.status_code}")


class UnitHead(SignedIn):
    """Opens the unit's page and its reports, saves drafts, submits one now and then."""

    weight = 6

    def on_start(self):
        self.username = next(_unit_cycle)
        super().on_start()
        self.report_ids: list[int] = []

    @task(3)
    def home(self):
        if random.random() < RESIGN_SHARE:
            self.sign_in()  # people also sign in during the day, not only when the test starts
        self.client.get("/", name="unit home")

    @task(3)
    def my_reports(self):
        page = self.client.get("/directives/my-reports/", name="my reports")
        self.report_ids = [int(pk) for pk in REPORT_LINK.findall(page.text)] or self.report_ids

    @task(4)
    def open_and_save_report(self):
        if not self.report_ids:
            self.my_reports()
        if not self.report_ids:
            return
        pk = random.choice(self.report_ids)
        page = self.client.get(f"/directives/reports/{pk}/", name="report page")
        if 'name="results"' not in page.text:
            return  # submitted or accepted: read-only for the unit
        action = "submit" if random.random() < 0.2 else "draft"
        with self.client.post(
            f"/directives/reports/{pk}/",
            {
                "csrfmiddlewaretoken": self.csrf_from(page.text),
                "results": "Đã rà soát, niêm yết công khai thủ tục hành chính tại bộ phận một cửa (số liệu thử tải).",
                "shortcomings": "Một số hồ sơ còn trễ hạn.",
                "solutions": "Tăng cường kiểm tra, đôn đốc.",
                "action": action,
            },
            name=f"report {action}",
            catch_response=True,
        ) as response:
            if response.status_code >= 500:
                response.failure(f"{response.status_code}")
            else:
                response.success()  # a refusal (e.g. a required field missing) is a page, not an error


class Office(SignedIn):
    """Văn phòng: the dashboard, the review queue and the list of reports."""

    weight = 3
    username = "vanphong"

    @task(3)
    def dashboard(self):
        self.client.get(f"/dashboard/{DIRECTIVE_ID}/", name="office dashboard")

    @task(3)
    def review_queue(self):
        self.client.get("/directives/review/", name="review queue")

    @task(1)
    def report_list(self):
        self.client.get("/directives/reports/", name="report list")

    @task(1)
    def home(self):
        self.client.get("/", name="office home")


class Chairman(SignedIn):
    """Chủ tịch: the one-page summary and the home page."""

    weight = 1
    username = "chutich"

    @task(3)
    def summary(self):
        self.client.get(f"/dashboard/{DIRECTIVE_ID}/summary/", name="chairman summary")

    @task(1)
    def home(self):
        self.client.get("/", name="leadership home")
