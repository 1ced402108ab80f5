"""Whole rows written straight into an XlsxWriter worksheet in constant-memory mode.

XlsxWriter spends most of a large export on its bookkeeping per cell: a call through a decorator, a
tuple in a dict, a dispatch on the tuple's type name, the escaping again of a label it escaped on the
row before. ``RowWriter`` writes a row's cells at once, as the XML XlsxWriter writes for them, to the
file XlsxWriter streams the sheet from, and keeps the escaped form of short texts, which repeat. It
reads a few of XlsxWriter's internals (the version is pinned in requirements.txt);
dashboard/tests/test_xlsx_rows.py checks its sheets against XlsxWriter's own.
"""

import datetime
import math
from collections.abc import Sequence

from xlsxwriter.format import Format
from xlsxwriter.utility import _datetime_to_excel_datetime, _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# Texts up to this length (labels, names, codes) keep their escaped form; at most this many, then the store
# starts again, so that memory does not grow with the rows.
KEPT_TEXT_LENGTH = 120
KEPT_TEXTS = 256


class RowWriter:
    """Writes rows of cells, each a value and its format, into ``worksheet`` (constant-memory mode)."""

    def __init__(self, worksheet: Worksheet):
        if not worksheet.constant_memory:
            raise ValueError("RowWriter writes to the row file of a constant-memory worksheet.")
        self.worksheet = worksheet
        self.columns: list[str] = []
        self.styles: dict[Format, str] = {}
        self.texts: dict[str, str] = {}

    def write_row(self, row: int, values: Sequence, formats: Sequence[Format]) -> None:
        """Write ``values`` from column A on: text, number, date or datetime (naive), None for a formatted blank."""
        ws = self.worksheet
        if row > ws.previous_row:
            ws._write_single_row(row)  # the row XlsxWriter still holds goes out first
        if row < ws.previous_row or ws.table.get(row) or row in ws.row_info:
            raise ValueError(f"Row {row} is already written or has its own attributes.")
        if ws._check_dimensions(row, 0) or ws._check_dimensions(row, len(values) - 1):
            raise ValueError(f"Row {row} or column {len(values) - 1} is outside the worksheet.")
        while len(self.columns) < len(values):
            self.columns.append(xl_col_to_name(len(self.columns)))
        number = str(row + 1)
        parts = [f'<row r="{number}">']
        for column, value, cell_format in zip(self.columns[: len(values)], values, formats, strict=True):
            style = self.styles.get(cell_format) or self._style(cell_format)
            if value is None:
                parts.append(f'<c r="{column}{number}"{style}/>')
            elif isinstance(value, str):
                text = self.texts.get(value) or self._text(value)
                parts.append(f'<c r="{column}{number}"{style} t="inlineStr"><is>{text}</is></c>')
            else:
                parts.append(f'<c r="{column}{number}"{style}><v>{self._number(value):.16G}</v></c>')
        parts.append("</row>")
        ws.fh.write("".join(parts))
        ws.previous_row = row + 1

    def _style(self, cell_format: Format) -> str:
        self.styles[cell_format] = style = f' s="{cell_format._get_xf_index()}"'
        return style

    def _text(self, value: str) -> str:
        """The cell's ``<t>`` element, as XlsxWriter writes it (but a text that looks like rich-text XML is escaped too)."""
        ws = self.worksheet
        text = value
        if len(text) > ws.xls_strmax // 2 and _utf16_len(text) > ws.xls_strmax:
            text = _utf16_truncate(text, ws.xls_strmax)
        text = ws._escape_control_characters(text)
        space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        element = f"<t{space}>{ws._escape_data(text)}</t>"
        if len(value) <= KEPT_TEXT_LENGTH:
            if len(self.texts) >= KEPT_TEXTS:
                self.texts.clear()
            self.texts[value] = element
        return element

    def _number(self, value) -> float:
        ws = self.worksheet
        if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            return _datetime_to_excel_datetime(value, ws.date_1904, ws.remove_timezone)
        if isinstance(value, bool) or not math.isfinite(value):
            raise TypeError(f"Not a cell value: {value!r}")
        return value
