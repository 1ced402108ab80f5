"""Under the real Content-Security-Policy, Bootstrap's bundle and the admin work in Chromium, with
django-axes switched on (sign-in through the real form)."""

import pytest

from tests.factories import MembershipFactory, UserFactory


def _watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bootstrap_bundle_works_under_the_policy_on_a_phone(page_factory, settings, live_server):
    settings.AXES_ENABLED = True
    MembershipFactory(user=UserFactory(username="truong-xa"))
    page = page_factory(width=375, height=740)
    problems = _watch_csp(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "truong-xa")
    page.fill("input[name=password]", "test-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    menu = page.locator("#mainnav")
    assert not menu.is_visible()
    page.click("button.navbar-toggler")  # Bootstrap's JavaScript opens the collapsed menu
    page.wait_for_selector("#mainnav.show")
    assert menu.is_visible()
    # The toggler icon is a data: SVG from Bootstrap's CSS: allowed by img-src.
    assert "data:image/svg+xml" in page.evaluate(
        "getComputedStyle(document.querySelector('.navbar-toggler-icon')).backgroundImage"
    )
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_and_audit_pages_raise_no_policy_violation(page_factory, live_server):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    page = page_factory(username="quantri")
    problems = _watch_csp(page)
    for path in ["/admin/", "/admin/units/unit/add/", "/admin/directives/directive/add/", "/audit/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    assert problems == []
