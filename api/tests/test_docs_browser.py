"""The API documentation renders in a real Chromium under the site's Content-Security-Policy (no
inline script, nothing from a CDN): Swagger UI from our own static files lists the operations."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_operations_under_our_csp_with_no_violation(page_factory, live_server):
    page = page_factory()
    problems, outside = [], []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/reports/" in path for path in paths)
    assert page.locator(".info .title").inner_text().startswith("API của hệ thống theo dõi cải cách hành chính")
    assert problems == []
    assert outside == []
