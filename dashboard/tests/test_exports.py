"""The Excel and Word exports, re-read: content, layout for print, Nghị định 30 and formula neutralising."""

import io

import docx
import openpyxl
import pytest
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dashboard.exports import docx_export, xlsx_export
from directives.models import ProgressReport, ReportStatus
from tests.workflow import at, report_submitted, unit_submitter

from .conftest import TODAY, build_world


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Bản Bo", "Bản Bo"),
        (3, 3),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(text, expected):
    assert xlsx_export.safe_text(text) == expected


@pytest.mark.django_db
def test_workbook_has_titled_coloured_compliance_sheet_and_every_report_row_of_the_period(monkeypatch, frozen_today):
    world = build_world(units=4, tasks=3)
    hostile = ProgressReport.objects.filter(period=world.q2, status=ReportStatus.DRAFT).first()
    report_submitted(hostile, by=unit_submitter(hostile.unit), when=at(world.q2.due_date), results="=cmd|' /C calc'!A0")
    created = []
    original = openpyxl.Workbook

    def spy(*args, **kwargs):
        workbook = original(*args, **kwargs)
        created.append(workbook)
        return workbook

    monkeypatch.setattr(xlsx_export, "Workbook", spy)
    handle = xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY)
    assert created[0].write_only  # streamed: rows are not kept in memory
    workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))

    compliance, data = workbook.worksheets
    assert compliance.title == "Tổng hợp" and data.title == "Dữ liệu báo cáo"
    assert compliance["A1"].value == "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"
    assert compliance["A2"].value.startswith("BẢNG TỔNG HỢP TÌNH HÌNH THỰC HIỆN")
    assert "Quý II/2020" in compliance["A4"].value
    assert compliance["A5"].value.startswith("Xuất ngày")
    assert [c.value for c in compliance[7]][:3] == ["STT", "Đơn vị", "Nhiệm vụ 1: Nhiệm vụ 1"]
    assert compliance.freeze_panes == "C8"
    assert compliance.page_setup.orientation == "landscape"
    assert int(compliance.page_setup.paperSize) == 9  # A4
    assert compliance.print_title_rows == "$7:$7"
    assert compliance.column_dimensions["B"].width == 40
    cells = {
        cell.value: cell.fill.fgColor.rgb
        for row in compliance.iter_rows(min_row=8)
        for cell in row
        if cell.value in ("HT đúng hạn", "Quá hạn")
    }
    assert cells["HT đúng hạn"].endswith("C6E0B4") and cells["Quá hạn"].endswith("FF9F9F")
    assert [row[1] for row in compliance.iter_rows(min_row=8, values_only=True)].count("Tổng cộng") == 1

    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert len(rows) == ProgressReport.objects.filter(period=world.q2).count() == 12
    assert data.freeze_panes == "A2"
    assert "'=cmd|' /C calc'!A0" in [row[13] for row in rows]
    assert all(cell.data_type != "f" for row in data.iter_rows() for cell in row)


@pytest.mark.django_db
def test_word_report_follows_decree_30_layout_and_summarises_each_task(frozen_today):
    world = build_world(units=4, tasks=3)
    handle = docx_export.directive_report_document(directive=world.directive, period=world.q2, as_of=TODAY)
    document = docx.Document(io.BytesIO(handle.read()))

    section = document.sections[0]
    # Word stores lengths in twips: compare to the millimetre.
    assert [round(length.mm) for length in (section.page_width, section.page_height)] == [210, 297]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm) for length in margins] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and not section.first_page_header.paragraphs[0].text

    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.startswith("ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG") and "Số: …/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Tam Đường, ngày 20 tháng 8 năm 2020" in right

    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    for task in world.tasks:
        assert f"{task.number}. Nhiệm vụ {task.number}: {task.short_label}" in paragraphs
    assert any(text.startswith("- Hồ sơ giải quyết đúng hạn: ") for text in paragraphs)
    assert any("Kết quả của ĐV" in text for text in paragraphs)
    body_runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert {run.font.name for run in body_runs} == {"Times New Roman"}
    assert {run.font.size.pt for run in body_runs} <= {13, 13.5, 14, 12.5, 2}

    units_table = document.tables[1]
    names = [row.cells[1].text for row in units_table.rows]
    assert all(unit.name in names for unit in world.units) and names[-1] == "Tổng cộng"
    signature = document.tables[2]
    assert signature.rows[0].cells[0].text.startswith("Nơi nhận:")
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in signature.rows[0].cells[1].text


def test_write_only_sheets_accept_the_print_settings_used():
    # The compliance sheet's settings are written before the first row; guard against openpyxl dropping them.
    sheet = WriteOnlyWorksheet(openpyxl.Workbook(write_only=True), "x")
    sheet.freeze_panes = "C8"
    sheet.print_title_rows = "7:7"
    assert sheet.freeze_panes == "C8"
