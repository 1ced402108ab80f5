"""Security headers on every page, and templates that keep the Content-Security-Policy possible."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import MembershipFactory

REPO = Path(settings.BASE_DIR)


def _csp(response) -> dict[str, list[str]]:
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["login-page", "home-page"])
def test_pages_carry_a_strict_content_security_policy_and_the_other_security_headers(client, signed_in):
    if signed_in:
        client.force_login(MembershipFactory().user)
    response = client.get("/" if signed_in else "/accounts/login/")
    assert response.status_code == 200
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client):
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def _is_email_template(path: Path) -> bool:
    # E-mail clients ignore linked style sheets and the CSP does not apply to a message, so HTML
    # e-mails may carry style= attributes (never scripts or event handlers).
    return any(part in ("email", "emails") for part in path.parts)


def _template_files() -> list[Path]:
    roots = [REPO / "templates", *sorted(path for path in REPO.glob("*/templates") if ".venv" not in path.parts)]
    return sorted(path for root in roots for path in root.rglob("*.html"))


TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
EVENT_OR_STYLE_ATTR = re.compile(r"(?:^|\s)(?P<attr>on[a-z]+|style)\s*=", re.IGNORECASE)


def _violations(text: str, *, email: bool = False) -> list[str]:
    found = []
    for script in INLINE_SCRIPT.finditer(text):
        if "src=" not in script["attrs"] or script["body"].strip():
            found.append(f"inline <script>: {script.group(0)[:80]!r}")
    if re.search(r"<style\b", text, re.IGNORECASE):
        found.append("<style> element")
    for tag in TAG.finditer(text):
        for attr in EVENT_OR_STYLE_ATTR.finditer(tag["attrs"]):
            if email and attr["attr"].lower() == "style":
                continue
            found.append(f"{attr['attr']}= attribute in <{tag['name']}>")
    found.extend(f"javascript: URL {m.group(0)!r}" for m in re.finditer(r"javascript:", text, re.IGNORECASE))
    return found


def test_the_scanner_catches_every_kind_of_inline_code():
    assert _violations('<script>alert(1)</script><script src="/a.js"></script>') == [
        "inline <script>: '<script>alert(1)</script>'"
    ]
    assert _violations('<div style="color: red">') == ["style= attribute in <div>"]
    assert _violations('<button type="button" onclick="go()">') == ["onclick= attribute in <button>"]
    assert _violations("<style>p {}</style>") == ["<style> element"]
    assert _violations('<a href="javascript:void(0)">') == ["javascript: URL 'javascript:'"]
    assert _violations('<td style="color: red" onclick="x()">', email=True) == ["onclick= attribute in <td>"]
    assert _violations('<a class="btn" data-bs-toggle="collapse" title="once=1">x</a><p>style="prose"</p>') == []


def test_no_template_in_the_repository_has_inline_scripts_styles_or_event_handlers():
    files = _template_files()
    assert len(files) >= 5, "the scan found no templates: check the paths"
    problems = [
        f"{path.relative_to(REPO)}: {problem}"
        for path in files
        for problem in _violations(path.read_text(encoding="utf-8"), email=_is_email_template(path))
    ]
    assert problems == [], "The Content-Security-Policy forbids inline code:\n" + "\n".join(problems)


def test_check_deploy_is_clean_with_the_production_settings_and_dummy_secrets():
    # As .ci/run calls it: without the test process's own switches (the browser fixture sets
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the deployment check rightly refuses).
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "tamduong_cchc.settings.production",
        "DJANGO_SECRET_KEY": "test-dummy-" + "x7Kq9" * 12,
        "DJANGO_ALLOWED_HOSTS": "cchc.example.invalid",
        "DATABASE_URL": "postgres://cchc@127.0.0.1:5432/cchc",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
