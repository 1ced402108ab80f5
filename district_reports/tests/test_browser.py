"""Real Chromium: the office composes the Quý II/2020 report from the dashboard, edits task 1, marks it final and downloads it."""

import datetime

import docx
import pytest
from django.conf import settings
from django.urls import reverse

from dashboard.selectors import summary_data
from directives.models import ReportingPeriod
from directives.selectors import TaskState
from district_reports.models import DistrictReport, ReportState

from .conftest import build_district

TYPED = "Văn phòng tổng hợp: các xã đã phân tích kết quả SIPAS năm 2019 và giao trách nhiệm cụ thể."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_office_composes_edits_and_marks_final_the_quarter_report_and_the_word_file_says_it(
    page_factory, live_server, artefacts_dir
):
    district = build_district()
    page = page_factory(username=district.office.username)
    dashboard = reverse("dashboard:dashboard", args=[district.directive.pk])

    # From the dashboard of Quý II/2020 as it stood on 05/07/2020, "Word report" leads to composing it.
    page.goto(f"{live_server.url}{dashboard}?period={district.q2.pk}&as_of=05/07/2020")
    page.locator('a[data-export="docx"]').click()
    page.wait_for_url(f"**{reverse('district_reports:list', args=[district.directive.pk])}?*")
    assert page.input_value("#id_report_date") == "05/07/2020" and page.input_value("#id_quarter") == "2"
    page.click("#compose")
    report = DistrictReport.objects.get()
    page.wait_for_url(f"**{reverse('district_reports:detail', args=[report.pk])}")
    page.screenshot(path=artefacts_dir / "report-draft.png", full_page=True)

    # Task 1: insert a unit's accepted text, type the synthesis; the session expires before the save.
    task1 = report.sections.get(task=district.tasks[0])
    page.locator(f"#section-{task1.position} a", has_text="Sửa").click()
    page.wait_for_url(f"**{reverse('district_reports:section', args=[report.pk, task1.position])}")
    page.get_by_role("button", name="Chèn vào nội dung (UBND xã Bản Bo)").click()
    page.locator("#id_text").press("End")
    page.locator("#id_text").type(TYPED)
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.click("#save-section")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", district.office.username)
    page.fill("input[name=password]", "test-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{reverse('district_reports:section', args=[report.pk, task1.position])}")
    assert page.locator("#draft-restored").is_visible()
    assert TYPED in page.input_value("#id_text") and "- UBND xã Bản Bo: Bản Bo đã phân tích kết quả SIPAS." in page.input_value(
        "#id_text"
    )
    page.screenshot(path=artefacts_dir / "section-restored.png", full_page=True)
    page.click("#save-section")
    page.wait_for_url(f"**{reverse('district_reports:detail', args=[report.pk])}*")

    # The signer, then final.
    page.get_by_role("link", name="Sửa phần đầu văn bản").click()
    page.fill("#id_number", "125/BC-UBND")
    page.fill("#id_signer_name", "Nguyễn Văn A")
    page.get_by_role("button", name="Lưu phần đầu văn bản").click()
    page.wait_for_url(f"**{reverse('district_reports:detail', args=[report.pk])}")
    page.click("#mark-final")
    page.wait_for_selector("text=Đã chốt báo cáo")
    report.refresh_from_db()
    assert report.state == ReportState.FINAL
    assert page.locator("#mark-final").count() == 0
    page.screenshot(path=artefacts_dir / "report-final.png", full_page=True)

    with page.expect_download() as download:
        page.click("#download-docx")
    path = artefacts_dir / "district-report.docx"
    download.value.save_as(path)
    document = docx.Document(path)
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    text = "\n".join(paragraphs + cells)

    assert TYPED in paragraphs
    assert "Thực hiện Công văn số 3088/UBND-KSTT ngày 31/12/2019 của UBND tỉnh Lai Châu" in text
    assert "- Ủy ban nhân dân tỉnh Lai Châu;" in cells and "Kính gửi:" in cells
    assert "- Kinh phí đầu tư: chưa có số liệu." in paragraphs
    assert "Số: 125/BC-UBND" in cells and "Nguyễn Văn A" in cells

    # The figures are the dashboard's for 05/07/2020.
    summary = summary_data(
        directive=district.directive,
        period=district.q2,
        periods=list(ReportingPeriod.objects.filter(directive=district.directive).order_by("start_date")),
        as_of=datetime.date(2020, 7, 5),
    )
    for row in summary.by_task:
        counts = row.tally.counts
        sentence = next(
            p for p in paragraphs[paragraphs.index(f"{row.key.number}. {row.key.short_label}") :] if p.startswith("Đến hết ngày")
        )
        assert sentence.startswith(
            f"Đến hết ngày 05/07/2020, trong {row.tally.due} đơn vị được giao: "
            f"{counts[TaskState.DONE_ON_TIME] + counts[TaskState.DONE_LATE]} đơn vị có báo cáo được chấp nhận "
            f"({counts[TaskState.DONE_ON_TIME]} đúng hạn, {counts[TaskState.DONE_LATE]} quá hạn)"
        ), sentence
    totals = {item.indicator.label: item for item in summary.indicators}
    assert totals["Kinh phí đầu tư"].total is None
    assert (
        f"- Hồ sơ đã tiếp nhận: {totals['Hồ sơ đã tiếp nhận'].total:.0f} hồ sơ (từ {totals['Hồ sơ đã tiếp nhận'].reports} báo cáo được chấp nhận)."
        in paragraphs
    )
