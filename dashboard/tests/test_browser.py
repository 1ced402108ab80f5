"""Real Chromium: office and chairman read the dashboard and summary, see an acceptance land, and get both exports."""

import docx
import openpyxl
import pytest
from django.urls import reverse

from directives.models import ProgressReport, ReportStatus
from directives.services import report_accept
from tests.factories import DistrictRoleFactory, UserFactory
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
    # Submitted before the deadline but not accepted once it passed: red.
    assert "text-bg-danger" in office_page.locator(cell).get_attribute("class")
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
    assert int(_figure(office_page, "overdue")) == overdue_before - 1
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
    assert unit_row[task_column] == "Đúng hạn"
    assert data.max_row == 1 + ProgressReport.objects.filter(period=world.q2).count()

    with chairman_page.expect_download() as docx_download:
        chairman_page.locator('a[data-export="docx"]').click()
    docx_path = artefacts_dir / "export.docx"
    docx_download.value.save_as(docx_path)
    document = docx.Document(docx_path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "345/UBND-NV" in text and "Quý II/2020" in text
    units_table = document.tables[1]
    assert waiting.assignment.unit.name in [row.cells[1].text for row in units_table.rows]


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
