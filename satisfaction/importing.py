"""The SIPAS Excel template, and reading and checking a filled one (no database writes here).

Layout of the sheet "SIPAS": row 1 holds the column keys the app reads (``year``, ``scope``,
``unit_code``, ``source_document``, ``overall_index``, the element codes E1–E5 and the criterion codes
1.1–5.4), row 2 explains each column in Vietnamese, one measurement per row from row 3. Percentages
are 0–100; a cell formatted as a percentage in Excel (0.8445 shown as 84,45%) is read as 84.45.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from security.text import text_clean
from units.models import Unit

from .models import Scope, SipasCriterion, SipasElement

SHEET = "SIPAS"
HEADER_ROW, FIRST_DATA_ROW = 1, 3
FIXED_COLUMNS = ["year", "scope", "unit_code", "source_document", "overall_index"]
MAX_ROWS = 300
MAX_COLUMNS = 60
MAX_FILE_BYTES = 2 * 1024 * 1024
# Refused before the sheet is read: what the package would unpack to, and how many cells it may hold.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_CELLS = (FIRST_DATA_ROW - 1 + MAX_ROWS) * MAX_COLUMNS
SCOPE_WORDS = {
    "province": Scope.PROVINCE,
    "tinh": Scope.PROVINCE,
    "tỉnh": Scope.PROVINCE,
    "district": Scope.DISTRICT,
    "huyen": Scope.DISTRICT,
    "huyện": Scope.DISTRICT,
    "unit": Scope.UNIT,
    "don vi": Scope.UNIT,
    "đơn vị": Scope.UNIT,
}
CENT = Decimal("0.01")


class ImportFileError(Exception):
    """The upload is not a readable SIPAS workbook at all (the message says why, in the user's language)."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # spreadsheet letter, "" for the whole row
    key: str  # column key, "" when unknown
    message: str


@dataclass
class Grid:
    """The cells of the sheet as plain JSON-friendly values, kept in the session between preview and confirm."""

    header: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)

    def to_json(self) -> dict:
        return {"header": self.header, "rows": [[number, cells] for number, cells in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> "Grid":
        return cls(header=list(data["header"]), rows=[(int(number), list(cells)) for number, cells in data["rows"]])


@dataclass
class ParsedMeasurement:
    row: int
    year: int
    scope: str
    unit: Unit | None
    source_document: str
    overall_index: Decimal | None
    element_values: dict[str, Decimal] = field(default_factory=dict)  # element code → value
    criterion_values: dict[str, Decimal] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.year, self.scope, self.unit.pk if self.unit else None)


@dataclass
class Checked:
    measurements: list[ParsedMeasurement]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.measurements)


def structure_columns() -> tuple[list[SipasElement], list[SipasCriterion]]:
    return list(SipasElement.objects.all()), list(SipasCriterion.objects.select_related("element"))


def _append_text(sheet, values) -> None:
    """One row whose text is cleaned (security.text) and stored as text: a unit or criterion name that
    starts with "=" or "@" reads as that name, never runs as a formula."""
    sheet.append([text_clean(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def template_build() -> bytes:
    """An empty template: the expected columns, an explanation row, and a sheet of instructions."""
    elements, criteria = structure_columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    explanations = [
        _("Year (e.g. 2019)"),
        _("Scope: tỉnh, huyện or đơn vị"),
        _("Unit code (only for the scope đơn vị; see the sheet Đơn vị)"),
        _("Source document (e.g. Quyết định 1633/QĐ-UBND ngày 12/12/2019)"),
        _("Overall index (%)"),
        *[f"{e.code}. {e.name} (%)" for e in elements],
        *[f"{c.code}. {c.text} (%)" for c in criteria],
    ]
    keys = FIXED_COLUMNS + [e.code for e in elements] + [c.code for c in criteria]
    _append_text(sheet, keys)
    _append_text(sheet, explanations)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for column, _key in enumerate(keys, start=1):
        sheet.cell(HEADER_ROW, column).font = bold
        sheet.cell(HEADER_ROW, column).fill = grey
        sheet.cell(HEADER_ROW + 1, column).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = 14 if column > 2 else 10
    sheet.column_dimensions["D"].width = 40
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 3)
    scopes = DataValidation(type="list", formula1='"tỉnh,huyện,đơn vị"', allow_blank=True)
    sheet.add_data_validation(scopes)
    scopes.add(f"B{FIRST_DATA_ROW}:B{FIRST_DATA_ROW + MAX_ROWS}")

    units = workbook.create_sheet(_("Units"))
    _append_text(units, [_("Unit code"), _("Unit")])
    for unit in Unit.objects.in_official_order():
        _append_text(units, [unit.code, unit.name])
    units.column_dimensions["A"].width, units.column_dimensions["B"].width = 24, 50

    notes = workbook.create_sheet(_("Instructions"))
    for line in (
        _("Fill one row per measurement from row 3 of the sheet SIPAS; do not change rows 1 and 2."),
        _("Enter percentages of satisfied citizens from 0 to 100 (84.45 or 84,45%); leave a cell empty when there is no figure."),
        _("Copy the figures from the official document only; never enter estimates."),
        _("A row for a year and scope that already exists replaces its figures after you confirm."),
        _("The import is all or nothing: if any row has a problem, nothing is saved."),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value, number_format: str):
    """A cell value as JSON-friendly data; Excel percentages (0.8445 formatted as %) become 84.45."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return float(Decimal(repr(value)) * 100)
        return value
    if value is None:
        return None
    return text_clean(str(value))


def _unpacked_size(upload) -> int:
    """What the .xlsx package (a ZIP) says its parts unpack to, read from its directory only."""
    try:
        with zipfile.ZipFile(upload) as package:
            return sum(part.file_size for part in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(
            _("This is not an Excel .xlsx file. Download the template, fill it in and upload it again.")
        ) from None
    finally:
        upload.seek(0)


def workbook_read(*, upload) -> Grid:
    """Read the sheet SIPAS of an uploaded .xlsx into a Grid, or raise ImportFileError."""
    if upload.size > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB; a SIPAS template is much smaller."))
    if _unpacked_size(upload) > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("Unpacked, the file would be larger than 20 MB; a SIPAS template is much smaller."))
    try:
        # Read-only: the sheet is streamed row by row, so the limits below stop it early.
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(
            _("This is not an Excel .xlsx file. Download the template, fill it in and upload it again.")
        ) from None
    try:
        if SHEET not in workbook.sheetnames:
            raise ImportFileError(_("The workbook has no sheet named “SIPAS”. Use the template the app provides."))
        sheet = workbook[SHEET]
        rows = []
        header: list[str] = []
        filled = 0
        for number, row in enumerate(sheet.iter_rows(min_row=1), start=1):
            filled += sum(cell.value not in (None, "") for cell in row)  # every column, not only those read
            if filled > MAX_CELLS:
                raise ImportFileError(_("The sheet has more than %(n)s filled cells.") % {"n": MAX_CELLS})
            cells = [_plain(cell.value, cell.number_format) for cell in row[:MAX_COLUMNS]]
            if number == HEADER_ROW:
                header = ["" if v is None else str(v).strip() for v in cells]
            elif number >= FIRST_DATA_ROW and any(v not in (None, "") for v in cells):
                if len(rows) >= MAX_ROWS:
                    raise ImportFileError(_("The sheet has more than %(n)s filled rows.") % {"n": MAX_ROWS})
                rows.append((number, cells))
    finally:
        workbook.close()
    while header and header[-1] == "":
        header.pop()
    return Grid(header=header, rows=rows)


def _number(value) -> Decimal | None:
    """A cell as a Decimal; None when empty; raises ValueError when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value))
    text = str(value).strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def grid_check(grid: Grid) -> Checked:
    """Check every cell of ``grid`` against the SIPAS structure and the units (a few queries, no writes)."""
    elements, criteria = structure_columns()
    element_codes = {e.code for e in elements}
    criterion_codes = {c.code for c in criteria}
    known = set(FIXED_COLUMNS) | element_codes | criterion_codes
    problems: list[Problem] = []
    position: dict[str, int] = {}
    for index, key in enumerate(grid.header):
        letter = get_column_letter(index + 1)
        if key == "":
            problems.append(Problem(HEADER_ROW, letter, "", _("Empty column heading between filled ones.")))
        elif key not in known:
            problems.append(Problem(HEADER_ROW, letter, key, _("Unknown column “%(key)s”.") % {"key": key}))
        elif key in position:
            problems.append(Problem(HEADER_ROW, letter, key, _("Column “%(key)s” appears twice.") % {"key": key}))
        else:
            position[key] = index
    for key in FIXED_COLUMNS:
        if key not in position:
            problems.append(Problem(HEADER_ROW, "", key, _("Missing column “%(key)s”.") % {"key": key}))
    if problems:
        return Checked([], problems)
    if not grid.rows:
        return Checked([], [Problem(FIRST_DATA_ROW, "", "", _("The sheet has no filled row."))])

    codes = {str(cells[position["unit_code"]]).strip() for _n, cells in grid.rows if _cell(cells, position["unit_code"])}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    measurements, seen = [], {}
    for number, cells in grid.rows:
        row_problems: list[Problem] = []

        def problem(key: str, message: str, row_problems=row_problems, number=number) -> None:
            row_problems.append(Problem(number, get_column_letter(position[key] + 1), key, message))

        year = None
        try:
            year_value = _number(_cell(cells, position["year"]))
            if year_value is None:
                problem("year", _("The year is missing."))
            elif year_value != year_value.to_integral_value() or not 2000 <= year_value <= 2100:
                problem("year", _("“%(value)s” is not a year between 2000 and 2100.") % {"value": _cell(cells, position["year"])})
            else:
                year = int(year_value)
        except ValueError:
            problem("year", _("“%(value)s” is not a year.") % {"value": _cell(cells, position["year"])})

        scope_text = str(_cell(cells, position["scope"]) or "").strip()
        scope = SCOPE_WORDS.get(scope_text.lower())
        if scope is None:
            problem("scope", _("Scope “%(value)s” is not one of tỉnh, huyện, đơn vị.") % {"value": scope_text})

        code = str(_cell(cells, position["unit_code"]) or "").strip()
        unit = units.get(code) if code else None
        if scope == Scope.UNIT and not code:
            problem("unit_code", _("The scope đơn vị needs a unit code."))
        elif code and unit is None:
            problem("unit_code", _("Unknown unit code “%(code)s”.") % {"code": code})
        elif code and scope in (Scope.PROVINCE, Scope.DISTRICT):
            problem("unit_code", _("Leave the unit code empty for the scope tỉnh or huyện."))

        source = str(_cell(cells, position["source_document"]) or "").strip()
        if not source:
            problem("source_document", _("The source document is missing (e.g. Quyết định 1633/QĐ-UBND ngày 12/12/2019)."))
        elif len(source) > 300:
            problem("source_document", _("The source document is longer than 300 characters."))

        values: dict[str, Decimal | None] = {}
        for key in ["overall_index", *[k for k in position if k in element_codes or k in criterion_codes]]:
            raw = _cell(cells, position[key])
            try:
                value = _number(raw)
            except ValueError:
                problem(key, _("“%(value)s” is not a number.") % {"value": raw})
                continue
            if value is not None and not 0 <= value <= 100:
                problem(key, _("%(value)s is outside 0–100 %%.") % {"value": raw})
                continue
            values[key] = value.quantize(CENT, rounding=ROUND_HALF_UP) if value is not None else None

        if not row_problems:
            parsed = ParsedMeasurement(
                row=number,
                year=year,
                scope=scope,
                unit=unit if scope == Scope.UNIT else None,
                source_document=source,
                overall_index=values.get("overall_index"),
                element_values={k: v for k, v in values.items() if k in element_codes and v is not None},
                criterion_values={k: v for k, v in values.items() if k in criterion_codes and v is not None},
            )
            if parsed.key in seen:
                row_problems.append(Problem(number, "", "", _("Same year and scope as row %(row)s.") % {"row": seen[parsed.key]}))
            else:
                seen[parsed.key] = number
                measurements.append(parsed)
        problems.extend(row_problems)
    return Checked(measurements if not problems else [], problems)


def _cell(cells: list, index: int):
    return cells[index] if index < len(cells) else None
