"""A citizen fills the survey on a phone-sized screen; the office then sees the unit's figure change."""

import re

import pytest

from tests.factories import DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory

from .conftest import make_response


def watch_policy(page) -> list[str]:
    """Collect Content-Security-Policy violations and script errors of ``page``."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_fills_the_survey_on_a_phone_and_the_office_sees_the_figure_change(
    page_factory, live_server, artefacts_dir, sipas
):
    unit = UnitFactory(code="xa-ban-bo", name="UBND xã Bản Bo", short_name="Bản Bo")
    make_response(unit=unit, scores=[1, 1, 1, 1, 1])  # earlier answer: 0 % satisfied
    DistrictRoleFactory(user=UserFactory(username="vanphong-test"))

    office = page_factory(username="vanphong-test")
    office_problems = watch_policy(office)
    office.goto(f"{live_server.url}/satisfaction/")
    row = office.locator('tr[data-unit="xa-ban-bo"] .unit-total')
    assert row.inner_text() == "0%"

    phone = page_factory(width=375, height=740)  # no account: the survey is public
    phone_problems = watch_policy(phone)
    phone.goto(f"{live_server.url}/survey/xa-ban-bo/")
    assert "UBND xã Bản Bo" in phone.locator("main").inner_text()
    questions = phone.locator("fieldset.survey-question")
    assert questions.count() == 5
    for index in range(5):
        questions.nth(index).locator("label", has_text="5").click()  # five taps…
    phone.fill("textarea[name=comment]", "Cán bộ hướng dẫn tận tình.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artefacts_dir / "survey-375.png", full_page=True)
    phone.click("button[type=submit]")  # …and send
    phone.wait_for_url(f"{live_server.url}/survey/xa-ban-bo/thanks/")
    assert "Xin cảm ơn!" in phone.locator("h1").inner_text()

    office.reload()
    assert office.locator('tr[data-unit="xa-ban-bo"] .unit-total').inner_text() == "50%"  # 5 of 10 answers
    assert "Cán bộ hướng dẫn tận tình." in office.locator("#responses").inner_text()
    office.screenshot(path=artefacts_dir / "satisfaction-office.png", full_page=True)
    assert office_problems == [] and phone_problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_satisfaction_page_fits_a_phone_for_a_unit_member(page_factory, live_server, artefacts_dir, sipas):
    unit = UnitFactory(code="xa-ban-bo", name="UBND xã Bản Bo", short_name="Bản Bo")
    MembershipFactory(user=UserFactory(username="truong-ban-bo"), unit=unit)
    make_response(unit=unit, scores=[5, 4, 3, 2, 1])
    page = page_factory(username="truong-ban-bo", width=375, height=740)
    problems = watch_policy(page)

    page.goto(f"{live_server.url}/satisfaction/")

    assert page.locator('tr[data-unit="xa-ban-bo"] .unit-total').inner_text() == "40%"
    assert page.locator("svg.trend-svg").is_visible()
    page.screenshot(path=artefacts_dir / "satisfaction-unit-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_poster_prints_on_one_a4_page_with_the_qr_code(page_factory, live_server, artefacts_dir, sipas):
    UnitFactory(code="xa-ban-bo", name="UBND xã Bản Bo", short_name="Bản Bo")
    DistrictRoleFactory(user=UserFactory(username="vanphong-test"))
    page = page_factory(username="vanphong-test")
    problems = watch_policy(page)
    page.goto(f"{live_server.url}/satisfaction/poster/xa-ban-bo/")
    assert page.locator(".poster-qr svg.segno").count() == 1
    assert problems == []

    pdf = page.pdf(path=str(artefacts_dir / "poster-a4.pdf"), format="A4", prefer_css_page_size=True)

    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    width, height = (float(v) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert round(width) == 595 and round(height) == 842  # A4 portrait in points
