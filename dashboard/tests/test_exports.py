"""The Excel and Word exports, re-read: content, layout for print, Nghị định 30 and formula neutralising."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from dashboard.exports import xlsx_export
from dashboard.exports.common import compliance_table
from directives.models import ProgressReport, ReportStatus
from tests.workflow import at, report_submitted, unit_submitter
from units.models import Unit, UnitKind

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
    original = xlsx_export.xlsxwriter.Workbook

    def spy(*args, **kwargs):
        created.append(args[1] if len(args) > 1 else kwargs.get("options", {}))
        return original(*args, **kwargs)

    monkeypatch.setattr(xlsx_export.xlsxwriter, "Workbook", spy)
    handle = xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY)
    assert created[0]["constant_memory"]  # streamed: each row leaves memory once written
    workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))

    compliance, data = workbook.worksheets
    assert compliance.title == "Tổng hợp" and data.title == "Dữ liệu báo cáo"
    assert compliance["A1"].value == "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG"
    assert compliance["A2"].value.startswith("BẢNG TỔNG HỢP TÌNH HÌNH THỰC HIỆN")
    assert "Quý II/2020" in compliance["A4"].value
    assert compliance["A5"].value == "Số liệu tính đến ngày 20/08/2020"
    assert compliance["A6"].value.startswith("Xuất ngày")
    assert [c.value for c in compliance[8]][:3] == ["STT", "Đơn vị", "Nhiệm vụ 1: Nhiệm vụ 1"]
    assert compliance.freeze_panes == "C9"
    assert compliance.column_dimensions["B"].width == pytest.approx(40, abs=1)
    cells = {
        cell.value: cell.fill.fgColor.rgb
        for row in compliance.iter_rows(min_row=9)
        for cell in row
        if cell.value in ("HT đúng hạn", "Quá hạn")
    }
    assert cells["HT đúng hạn"].endswith("C6E0B4") and cells["Quá hạn"].endswith("FF9F9F")
    assert [row[1] for row in compliance.iter_rows(min_row=9, values_only=True)].count("Tổng cộng") == 1

    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert len(rows) == ProgressReport.objects.filter(period=world.q2).count() == 12
    assert data.freeze_panes == "A2"
    assert data["M1"].value == "Ngày xem xét"
    reviewed = ProgressReport.objects.filter(period=world.q2, status__in=[ReportStatus.ACCEPTED, ReportStatus.RETURNED])
    assert sum(row[12] is not None for row in rows) == reviewed.count() > 0
    assert "'=cmd|' /C calc'!A0" in [row[13] for row in rows]
    assert all(cell.data_type != "f" for row in data.iter_rows() for cell in row)


@pytest.mark.django_db
def test_a_report_text_shaped_like_cell_xml_comes_back_as_the_text_written(frozen_today):
    world = build_world(units=4, tasks=3)
    report = ProgressReport.objects.filter(period=world.q2, status=ReportStatus.DRAFT).first()
    text = '<r><t>Đã xong</t></r></is></c><c r="Z2"><f>1+1</f></c><c r="Z3" t="inlineStr"><is><r><t>b</t></r>'
    report_submitted(report, by=unit_submitter(report.unit), when=at(world.q2.due_date), results=text)
    data = openpyxl.load_workbook(xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY))
    rows = list(data.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert text in [row[13] for row in rows]
    assert {len(row) for row in rows} == {17}
    assert all(cell.data_type != "f" for sheet in data.worksheets for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_every_cell_of_the_workbook_is_in_times_new_roman_and_both_sheets_print_on_a4_landscape(frozen_today):
    world = build_world(units=3, tasks=2)
    workbook = openpyxl.load_workbook(xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY))
    fonts = {cell.font.name for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}
    assert fonts == {"Times New Roman"}
    assert workbook._fonts[0].name == "Times New Roman"  # the default, for the cells nothing was written in
    for sheet, title_rows in zip(workbook.worksheets, ("$8:$8", "$1:$1"), strict=True):
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # One page wide (1 is SpreadsheetML's default, left out of the file), as many pages down as needed.
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == title_rows
        assert "Số liệu tính đến ngày 20/08/2020" in sheet.oddHeader.right.text
    data = workbook.worksheets[1]
    body = [cell for row in data.iter_rows(min_row=2) for cell in row]
    assert all(cell.border.left.style == cell.border.bottom.style == "thin" for cell in body)
    assert all(cell.alignment.wrap_text for cell in body if isinstance(cell.value, str))


@pytest.mark.django_db
def test_rates_are_numbers_with_a_percent_format(frozen_today):
    world = build_world(units=4, tasks=3)
    table = compliance_table(directive=world.directive, period=world.q2, as_of=TODAY)
    compliance = openpyxl.load_workbook(
        xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY)
    ).worksheets[0]
    header = [cell.value for cell in compliance[8]]
    rate_column = header.index("Tỷ lệ đúng hạn")
    by_unit = {row[1].value: row[rate_column] for row in compliance.iter_rows(min_row=9) if row[1].value}
    expected = {row.unit.name: row.tally.on_time_rate for group in table.groups for row in group.rows}
    expected["Tổng cộng"] = table.total.on_time_rate
    for name, rate in expected.items():
        cell = by_unit[name]
        assert cell.number_format == "0.0%"
        assert cell.value == pytest.approx(rate / 100)


@pytest.mark.django_db
def test_units_follow_the_official_order_in_both_sheets(frozen_today):
    world = build_world(units=4, tasks=2)
    # The office's display order puts the last agency first within its group, whatever its name.
    agencies = [unit for unit in world.units if unit.kind == UnitKind.AGENCY]
    Unit.objects.filter(pk=agencies[-1].pk).update(display_order=0)
    Unit.objects.filter(pk__in=[unit.pk for unit in agencies[:-1]]).update(display_order=1)
    official = list(Unit.objects.filter(pk__in=[unit.pk for unit in world.units]).values_list("name", flat=True))
    assert official[0] == agencies[-1].name
    compliance, data = openpyxl.load_workbook(
        xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY)
    ).worksheets
    names = {unit.name for unit in world.units}
    in_compliance = [row[1] for row in compliance.iter_rows(min_row=9, values_only=True) if row[1] in names]
    in_data = list(dict.fromkeys(row[6] for row in data.iter_rows(min_row=2, values_only=True)))
    assert in_compliance == in_data == official
    tasks_of_first_unit = [row[3] for row in data.iter_rows(min_row=2, values_only=True) if row[6] == official[0]]
    assert tasks_of_first_unit == [1, 2]


@pytest.mark.django_db
def test_the_workbook_counts_states_as_of_the_date_given(frozen_today):
    world = build_world(units=2, tasks=1)
    before_deadline = world.q2.due_date - datetime.timedelta(days=1)
    workbook = openpyxl.load_workbook(
        xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=before_deadline)
    )
    assert workbook.worksheets[0]["A5"].value == f"Số liệu tính đến ngày {before_deadline:%d/%m/%Y}"
    states = {row[8] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "Quá hạn" not in states  # nothing is overdue the day before the deadline


@pytest.mark.django_db
@pytest.mark.parametrize(("units", "tasks"), [(2, 1), (7, 4)])
def test_the_workbook_takes_four_queries_whatever_its_size(units, tasks, django_assert_num_queries, frozen_today):
    world = build_world(units=units, tasks=tasks)
    # Per-unit state counts with their units, the tasks, the matrix cells, every report row (one streamed query).
    with django_assert_num_queries(4):
        xlsx_export.directive_workbook(directive=world.directive, period=world.q2, as_of=TODAY)


@pytest.mark.django_db
def test_the_downloaded_workbook_states_the_as_of_date_chosen_on_the_page(office_client, frozen_today):
    world = build_world(units=2, tasks=1)
    url = reverse("dashboard:export_xlsx", args=[world.directive.pk])
    response = office_client.get(url, {"period": world.q2.pk, "as_of": "2020-06-14"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.worksheets[0]["A5"].value == "Số liệu tính đến ngày 14/06/2020"
