"""On a phone, the report of a task linked to SIPAS shows its fields first; the criteria citizens
rated low wait behind one summary line, which opens without JavaScript."""

import datetime

import pytest
from django.utils import timezone

from directives.models import ProgressReport
from directives.services import directive_sync_reports
from satisfaction.models import LowRatedTaskLink, SipasCriterion
from tests.factories import AssignmentFactory, DirectiveFactory, MembershipFactory, PeriodFactory, TaskFactory, UnitFactory
from units.models import MemberRole

from .conftest import make_measurement

PHONE = {"width": 375, "height": 740}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_report_form_on_a_phone_shows_the_fields_before_the_long_low_rated_list(
    chromium, live_server, artefacts_dir, sipas, javascript
):
    today = timezone.localdate()
    task = TaskFactory(directive=DirectiveFactory(issue_date=today - datetime.timedelta(days=90)), number=1)
    PeriodFactory(
        directive=task.directive,
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=40),
        due_date=today + datetime.timedelta(days=10),
    )
    unit = UnitFactory()
    AssignmentFactory(task=task, unit=unit)
    directive_sync_reports(directive=task.directive)
    MembershipFactory(unit=unit, role=MemberRole.HEAD, user__username="head-phone")
    LowRatedTaskLink.objects.create(task=task, intro="Nêu rõ nguyên nhân và giải pháp cho các nội dung dưới đây.")
    criteria = list(SipasCriterion.objects.values_list("code", flat=True))
    make_measurement(criteria=dict.fromkeys(criteria, "50"))  # every criterion rated low: the longest list
    report = ProgressReport.objects.get(assignment__unit=unit)

    context = chromium.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "head-phone")
    page.fill("input[name=password]", "test-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/directives/reports/{report.pk}/")

    panel = page.locator("#low-rated-panel")
    first_field = page.locator("#id_results")
    assert panel.locator("summary").is_visible()
    assert f"{len(criteria)} nội dung" in panel.locator("summary").inner_text()
    assert not panel.locator(".low-rated-list").is_visible()
    assert first_field.bounding_box()["y"] + 40 < PHONE["height"]  # the first field is on the first screen
    page.screenshot(path=artefacts_dir / f"report-phone-{'js' if javascript else 'nojs'}.png")

    panel.locator("summary").click()
    assert panel.locator(".low-rated-list li").count() >= len(criteria)
    assert panel.locator(".low-rated-list").is_visible()
    context.close()
