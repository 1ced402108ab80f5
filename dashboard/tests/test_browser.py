"""Real Chromium: office and chairman read the dashboard and summary, see an acceptance land, and get both exports."""

import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import ProgressReport, ReportingPeriod, ReportStatus, Task
from directives.services import directive_sync_reports, report_accept
from tests.factories import AssignmentFactory, DirectiveFactory, DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import DistrictRoleKind

from .conftest import build_world


def _figure(page, name: str) -> str:
    return page.locator(f'#headline [data-figure="{name}"], .summary-figures [data-figure="{name}"]').first.inner_text().strip()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_and_chairman_see_an_acceptance_change_cell_and_figures_and_download_both_exports(
    page_factory, live_server, artefacts_dir
):
    world = build_world(units=4, tasks=3, number="345/UBND-NV")
    office = DistrictRoleFactory(user=UserFactory(username="vp-trinh-duyet"), role=DistrictRoleKind.OFFICE).user
    DistrictRoleFactory(user=UserFactory(username="chu-tich"), role=DistrictRoleKind.CHAIRMAN)
    waiting = (
        ProgressReport.objects.filter(period=world.q2, status=ReportStatus.SUBMITTED).select_related("assignment__unit").first()
    )
    dashboard_url = f"{live_server.url}{reverse('dashboard:dashboard', args=[world.directive.pk])}?period={world.q2.pk}"
    summary_url = f"{live_server.url}{reverse('dashboard:summary', args=[world.directive.pk])}?period={world.q2.pk}"
    cell = f'a[data-report="{waiting.pk}"]'

    # Office: from the home page to the dashboard.
    office_page = page_factory(username="vp-trinh-duyet")
    office_page.get_by_role("link", name="Mở bảng theo dõi").click()
    office_page.wait_for_url(f"**{reverse('dashboard:dashboard', args=[world.directive.pk])}")
    office_page.goto(dashboard_url)
    # Submitted before the deadline and not reviewed once it passed: blue, the wait is the office's.
    assert "text-bg-primary" in office_page.locator(cell).get_attribute("class")
    assert office_page.locator(cell).get_attribute("title") == "Đã gửi, chờ xem xét"
    accepted_before, overdue_before = int(_figure(office_page, "accepted")), int(_figure(office_page, "overdue"))

    # Chairman: the summary before the acceptance.
    chairman_page = page_factory(username="chu-tich")
    chairman_page.get_by_role("link", name="Xem trang tổng hợp").click()
    chairman_page.goto(summary_url)
    on_time_before = _figure(chairman_page, "on_time_rate")
    assert chairman_page.locator("svg.trend-chart rect").count() > 0

    report_accept(report_id=waiting.pk, user=office, revision=waiting.revision)

    office_page.reload()
    assert "text-bg-success" in office_page.locator(cell).get_attribute("class")
    assert int(_figure(office_page, "accepted")) == accepted_before + 1
    assert int(_figure(office_page, "overdue")) == overdue_before
    office_page.locator(cell).click()
    office_page.wait_for_url(f"**{reverse('directives:report', args=[waiting.pk])}")

    chairman_page.reload()
    assert _figure(chairman_page, "on_time_rate") != on_time_before
    chairman_page.goto(dashboard_url)
    assert "text-bg-success" in chairman_page.locator(cell).get_attribute("class")
    chairman_page.screenshot(path=artefacts_dir / "dashboard-chairman.png", full_page=True)

    # Both exports, re-read.
    office_page.goto(dashboard_url)
    with office_page.expect_download() as xlsx_download:
        office_page.locator('a[data-export="xlsx"]').click()
    xlsx_path = artefacts_dir / "export.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    workbook = openpyxl.load_workbook(xlsx_path)
    compliance, data = workbook.worksheets
    assert "345/UBND-NV" in compliance["A2"].value
    unit_row = next(row for row in compliance.iter_rows(values_only=True) if row[1] == waiting.assignment.unit.name)
    task_column = 2 + [t.pk for t in world.tasks].index(waiting.assignment.task_id)
    assert unit_row[task_column] == "HT đúng hạn"
    assert data.max_row == 1 + ProgressReport.objects.filter(period=world.q2).count()

    # The Word document is the district's report to the province, which the office composes.
    chairman_page.goto(dashboard_url)
    chairman_page.locator('a[data-export="docx"]').click()
    chairman_page.wait_for_url(f"**{reverse('district_reports:list', args=[world.directive.pk])}?*")
    assert chairman_page.locator("text=Văn phòng chưa soạn báo cáo quý II năm 2020.").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_and_summary_fit_a_375px_phone_without_page_scroll(page_factory, live_server, artefacts_dir):
    world = build_world(units=6, tasks=6)
    DistrictRoleFactory(user=UserFactory(username="vp-dien-thoai"), role=DistrictRoleKind.OFFICE)
    page = page_factory(username="vp-dien-thoai", width=375, height=740)
    for name in ("dashboard:dashboard", "dashboard:summary"):
        page.goto(f"{live_server.url}{reverse(name, args=[world.directive.pk])}?period={world.q2.pk}")
        page.screenshot(path=artefacts_dir / f"{name.split(':')[1]}-375.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_report_sent_on_time_waits_for_the_office_without_making_its_unit_late(
    page_factory, live_server, artefacts_dir, time_machine
):
    today = timezone.localdate()
    directive = DirectiveFactory(number="345/UBND-NV")
    period = ReportingPeriod.objects.create(
        directive=directive,
        label="Kỳ thử",
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=60),
        due_date=today + datetime.timedelta(days=2),
    )
    task = Task.objects.create(directive=directive, number=1, short_label="Phân tích kết quả SIPAS", text="Nội dung")
    on_time, late = UnitFactory(code="don-vi-dung-han", short_name="Đúng hạn"), UnitFactory(code="don-vi-cham", short_name="Chậm")
    for unit in (on_time, late):
        AssignmentFactory(task=task, unit=unit)
        MembershipFactory(unit=unit, user=UserFactory(username=f"head-{unit.code}"))
    directive_sync_reports(directive=directive)
    DistrictRoleFactory(user=UserFactory(username="vp-dien-thoai"), role=DistrictRoleKind.OFFICE)
    DistrictRoleFactory(user=UserFactory(username="ct-dien-thoai"), role=DistrictRoleKind.CHAIRMAN)
    report = ProgressReport.objects.get(unit=on_time, period=period)
    phone = {"width": 375, "height": 740}

    # The unit head submits two days before the deadline, on a phone.
    head = page_factory(**phone, username=f"head-{on_time.code}")
    head.click(f"a[data-report='{report.pk}']")
    head.fill("#id_results", "Đã phân tích kết quả SIPAS 2019 và giao trách nhiệm khắc phục.")
    head.click("#submit-report")
    head.wait_for_selector("#report-status[data-status=submitted]")
    assert "Đã gửi, chờ xem xét" in head.locator("main").inner_text()
    assert head.evaluate("document.documentElement.scrollWidth") <= 375

    # A week later, past the deadline, nobody has reviewed it yet.
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7), tick=True)
    office = page_factory(**phone, username="vp-dien-thoai")
    office.goto(f"{live_server.url}{reverse('dashboard:dashboard', args=[directive.pk])}?period={period.pk}")
    overdue = office.locator("#overdue-units")
    assert overdue.locator(f'[data-unit="{late.code}"]').count() == 1
    assert overdue.locator(f'[data-unit="{on_time.code}"]').count() == 0
    assert office.locator(f'a[data-report="{report.pk}"]').get_attribute("title") == "Đã gửi, chờ xem xét"
    office.screenshot(path=artefacts_dir / "phone-dashboard-after-deadline.png", full_page=True)
    office.goto(f"{live_server.url}{reverse('directives:review_queue')}")
    assert office.locator("#review-backlog").get_attribute("data-waiting") == "1"
    row = office.locator("#review-queue tbody tr", has_text=on_time.short_name)
    assert row.locator("[data-waiting-days]").inner_text() == "7"
    office.screenshot(path=artefacts_dir / "phone-review-queue.png", full_page=True)

    # The chairman reads the summary as it stood on the deadline day: nobody was late yet.
    chairman = page_factory(**phone, username="ct-dien-thoai")
    chairman.goto(f"{live_server.url}{reverse('dashboard:summary', args=[directive.pk])}?period={period.pk}")
    chairman.fill("input[name=as_of]", f"{period.due_date:%d/%m/%Y}")
    chairman.get_by_role("button", name="Xem").click()
    chairman.wait_for_url("**as_of=*")
    assert f"Số liệu tính đến ngày {period.due_date:%d/%m/%Y}" in chairman.locator("main").inner_text()
    assert chairman.locator('[data-figure="units_overdue"]').inner_text().startswith("0")
    # Today: the late unit is overdue, the unit that sent on time is not.
    chairman.goto(f"{live_server.url}{reverse('dashboard:summary', args=[directive.pk])}?period={period.pk}")
    assert chairman.locator('[data-figure="units_overdue"]').inner_text().startswith("1")
    assert chairman.locator("#weakest-units").inner_text().strip().startswith(late.short_name)
    assert on_time.short_name not in chairman.locator("#weakest-units").inner_text()
    chairman.screenshot(path=artefacts_dir / "phone-summary.png", full_page=True)
    assert chairman.evaluate("document.documentElement.scrollWidth") <= 375
