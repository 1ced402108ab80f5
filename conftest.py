"""Project-wide test set-up.

Tests that need a real service (PostgreSQL, Redis, Chromium) skip with a stated reason when it is
absent. CI sets CCHC_REQUIRE_SERVICES=1, which turns every such skip into a failure, so a green CI
run proves the real parts were exercised.
"""

import os

import pytest

REQUIRE_SERVICES = os.environ.get("CCHC_REQUIRE_SERVICES") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"CCHC_REQUIRE_SERVICES=1 forbids skipping: {reason}"


@pytest.fixture(autouse=True)
def _organisation_remembered():
    """Start every test with the seeded organisation remembered, as a running process has it once warm: pages
    name it without a query, so their query counts do not depend on which test ran first."""
    from organisation.models import Organisation
    from organisation.seeding import organisation_seed_values
    from organisation.selectors import organisation_remember

    organisation_remember(Organisation(**organisation_seed_values()))
    yield
    organisation_remember(None)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that keep Chromium off the network (the machine has none) and fast in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def chromium(monkeypatch):
    """A real headless Chromium driven by Playwright (Debian's package; skips if absent).

    Started per test: Playwright's sync API keeps an event loop running in this thread, which
    Django's async-safety guard rejects, so DJANGO_ALLOW_ASYNC_UNSAFE is set only while the browser
    lives and is removed afterwards (a session-wide value leaked into every later subprocess).
    While that loop runs, Django keeps this thread's database connections apart from its usual
    ones (asgiref's context storage), so they are closed before the loop ends; left open, one
    stayed connected after the tests and PostgreSQL refused to drop the test database.
    """
    if not os.path.exists(CHROMIUM_PATH):
        pytest.skip(f"Chromium not found at {CHROMIUM_PATH} (install Debian's chromium; .ci/run does)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from django.db import connections

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def artefacts_dir(request):
    """Folder for screenshots and downloads of browser tests (test-artefacts/, not committed)."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-artefacts" / request.node.name.replace("/", "_")[:100]
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page_factory(chromium, live_server):
    """Open pages at a given viewport; ``login(username)`` signs in through the real form."""
    contexts = []

    def make(*, width: int = 1280, height: int = 900, username: str | None = None, password: str = "test-pass-123"):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield make
    for context in contexts:
        context.close()
