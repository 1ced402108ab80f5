"""In a real browser the login page and the unit's home read in Vietnamese, and EN switches to English."""

import pytest

from directives.seeding import seed_cv345
from tests.factories import MembershipFactory, UserFactory
from units.models import Unit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_and_unit_home_read_in_vietnamese_and_switch_to_english(page_factory, live_server, artefacts_dir):
    seed_cv345()
    MembershipFactory(user=UserFactory(username="truong-ban-bo"), unit=Unit.objects.get(code="xa-ban-bo"))
    page = page_factory(width=1280, height=900)

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.get_by_label("Tên đăng nhập").is_visible() and page.get_by_label("Mật khẩu").is_visible()
    page.screenshot(path=artefacts_dir / "login-vi.png", full_page=True)

    page.fill("input[name=username]", "truong-ban-bo")
    page.fill("input[name=password]", "test-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "UBND xã Bản Bo"
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert page.get_by_role("link", name="Trang chủ").is_visible()
    page.screenshot(path=artefacts_dir / "unit-home-vi.png", full_page=True)

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "UBND xã Bản Bo"
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_role("link", name="Home").is_visible()
    page.screenshot(path=artefacts_dir / "unit-home-en.png", full_page=True)

    page.get_by_role("button", name="VI").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
