"""RowWriter: whole rows into a constant-memory XlsxWriter sheet, as the XML XlsxWriter writes for them."""

import datetime
import io
import math
import zipfile

import openpyxl
import pytest
import xlsxwriter

from dashboard.exports import xlsx_rows
from dashboard.exports.xlsx_rows import RowWriter

ROWS = [
    ["Quý II/2020", datetime.date(2020, 6, 15), 3, 0.853, None, "UBND xã Bản Bo"],
    [" lề trái", datetime.datetime(2020, 6, 14, 16, 30), -2, 1e-9, 'A & B <c> "d"', "lề phải "],
    ["dòng một\ndòng hai", None, 0, 12345678901234567, "_x0041_ và \x01", "Đ" * 40000],
    ["🙂" * 20000, datetime.date(2020, 1, 1), 7, 2.5, None, ""],
]


def _workbook(write) -> bytes:
    """A workbook with a header row (its own height), the rows written by ``write`` and a legend under them."""
    handle = io.BytesIO()
    wb = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet()
    formats = [wb.add_format({"border": 1, "num_format": number}) for number in ("@", "dd/mm/yyyy", "0", "0.0%", "@", "@")]
    ws.set_row(0, 40)
    ws.write_string(0, 0, "Tiêu đề", formats[0])
    write(ws, formats)
    ws.write_string(len(ROWS) + 2, 1, "Chú thích", formats[0])
    wb.close()
    return zipfile.ZipFile(handle).read("xl/worksheets/sheet1.xml")


def _xlsxwriter_rows(ws, formats):
    for row, values in enumerate(ROWS, start=1):
        for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
            if value is None:
                ws.write_blank(row, column, None, cell_format)
            elif isinstance(value, str):
                ws.write_string(row, column, value, cell_format)
            elif isinstance(value, datetime.date):
                ws.write_datetime(row, column, value, cell_format)
            else:
                ws.write_number(row, column, value, cell_format)


def _row_writer_rows(ws, formats):
    writer = RowWriter(ws)
    for row, values in enumerate(ROWS, start=1):
        writer.write_row(row, values, formats)


def test_rows_are_the_xml_xlsxwriter_writes_for_the_same_cells():
    assert _workbook(_row_writer_rows) == _workbook(_xlsxwriter_rows)


def test_text_shaped_like_rich_text_xml_is_written_as_text():
    # XlsxWriter copies such a text into the sheet unescaped in constant-memory mode.
    text = '<r><t>a</t></r></is></c><c r="Z2"><f>1+1</f></c><c r="Z3" t="inlineStr"><is><r><t>b</t></r>'
    handle = io.BytesIO()
    wb = xlsxwriter.Workbook(handle, {"constant_memory": True})
    ws = wb.add_worksheet()
    RowWriter(ws).write_row(1, [text], [wb.add_format()])
    wb.close()
    sheet = openpyxl.load_workbook(handle).active
    assert sheet["A2"].value == text
    assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.value is not None] == ["A2"]


def test_rows_are_written_once_and_in_order():
    wb = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    ws = wb.add_worksheet()
    cell_format = wb.add_format()
    writer = RowWriter(ws)
    writer.write_row(2, ["a"], [cell_format])
    for row in (1, 2):
        with pytest.raises(ValueError, match="already written"):
            writer.write_row(row, ["b"], [cell_format])
    ws.set_row(4, 30)
    with pytest.raises(ValueError, match="its own attributes"):
        writer.write_row(4, ["c"], [cell_format])
    with pytest.raises(ValueError, match="outside the worksheet"):
        writer.write_row(5, ["d"] * 16385, [cell_format] * 16385)
    wb.close()


@pytest.mark.parametrize("value", [True, math.nan, math.inf])
def test_a_value_a_cell_cannot_hold_is_refused(value):
    wb = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    with pytest.raises(TypeError):
        RowWriter(wb.add_worksheet()).write_row(0, [value], [wb.add_format()])
    wb.close()


def test_only_a_constant_memory_sheet_is_written_to():
    wb = xlsxwriter.Workbook(io.BytesIO())
    with pytest.raises(ValueError, match="constant-memory"):
        RowWriter(wb.add_worksheet())
    wb.close()


def test_the_escaped_texts_kept_stay_few_whatever_the_number_of_rows(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "KEPT_TEXTS", 10)
    wb = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    writer = RowWriter(wb.add_worksheet())
    cell_format = wb.add_format()
    for row in range(100):
        writer.write_row(row, [f"Đơn vị {row}", "x" * (xlsx_rows.KEPT_TEXT_LENGTH + 1) + str(row)], [cell_format] * 2)
        assert len(writer.texts) <= 10
    assert all(len(text) <= xlsx_rows.KEPT_TEXT_LENGTH for text in writer.texts)
    wb.close()
