"""A real browser signs in and lands on its role's home page."""

import pytest

from directives.seeding import seed_cv345
from tests.factories import MembershipFactory, UserFactory
from units.models import Unit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_head_signs_in_and_sees_unit_home_in_a_real_browser(page_factory, artefacts_dir):
    seed_cv345()
    unit = Unit.objects.get(code="xa-ban-bo")
    MembershipFactory(user=UserFactory(username="truong-ban-bo"), unit=unit)

    page = page_factory(username="truong-ban-bo", width=375, height=740)

    assert page.locator("h1").inner_text() == "UBND xã Bản Bo"
    page.screenshot(path=artefacts_dir / "unit-home-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
