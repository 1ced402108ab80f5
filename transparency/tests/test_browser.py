"""The public page in a real Chromium, on a phone's width: it renders under the site's CSP with no
error, its tables scroll inside the page, and a keyboard reaches the open data."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_page_renders_on_a_phone_without_error_and_the_keyboard_reaches_the_open_data(
    page_factory, live_server, published, artefacts_dir
):
    page = page_factory(width=390, height=844)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/public/{published.directive.pk}/")
    assert page.locator("h1").inner_text() == published.directive.title
    assert page.locator("table.public-matrix tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways page scroll
    page.screenshot(path=str(artefacts_dir / "public-phone.png"), full_page=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Dữ liệu mở (CSV)":
            break
    else:
        pytest.fail("the open-data link is not reachable with the keyboard")
    assert problems == []
