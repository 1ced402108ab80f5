"""The Excel export: the period's compliance table as the office hands it over, and its every report row as data.

The workbook is written in openpyxl's write-only mode into a temporary file and the report rows
are read with a database iterator, so memory does not grow with the number of rows.
"""

import datetime
import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from directives.models import Directive, ProgressReport, ReportingPeriod, ReportStatus
from directives.selectors import TASK_STATE_ORDER, TaskState, as_of_field, reports_with_state
from security.text import text_clean, text_line
from units.models import UnitKind

from .common import (
    AGENCY_NAME,
    AGENCY_PARENT,
    EXPORT_LANGUAGE,
    STATE_FILL_HEX,
    STATE_SHORT,
    compliance_table,
    now_local,
    percent,
    period_text,
    roman,
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
STATE_FILLS = {state: PatternFill("solid", fgColor=colour) for state, colour in STATE_FILL_HEX.items()}
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
DATA_CHUNK = 2000
PAPER_A4 = "9"  # SpreadsheetML paper size code


def safe_text(value):
    """Text cleaned (security.text: XML refuses control characters) and neutralised where a spreadsheet
    would run it as a formula (=, +, -, @): prefixed with an apostrophe."""
    if not isinstance(value, str):
        return value
    value = text_clean(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _cell(ws, value, *, bold=False, italic=False, size=None, fill=None, align=None, border=False, number_format=None):
    cell = WriteOnlyCell(ws, value=safe_text(value))
    if bold or italic or size:
        cell.font = Font(name="Times New Roman", bold=bold, italic=italic, size=size or 11)
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell


def _compliance_sheet(wb: Workbook, *, directive: Directive, period: ReportingPeriod, as_of: datetime.date | None) -> None:
    table = compliance_table(directive=directive, period=period, as_of=as_of)
    ws = wb.create_sheet(_("Compliance"))
    count_columns = [(state, STATE_SHORT[state]) for state in TASK_STATE_ORDER]
    width = 2 + len(table.tasks) + len(count_columns) + 1
    last = get_column_letter(width)
    header_row = 7

    # Sheet settings must be in place before the first row is streamed.
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for index in range(len(table.tasks)):
        ws.column_dimensions[get_column_letter(3 + index)].width = 15
    for index in range(len(count_columns) + 1):
        ws.column_dimensions[get_column_letter(3 + len(table.tasks) + index)].width = 11
    ws.freeze_panes = f"C{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.row_dimensions[header_row].height = 96
    for row in range(1, 6):
        ws.merged_cells.add(f"A{row}:{last}{row}")

    ws.append([_cell(ws, f"{AGENCY_PARENT} {AGENCY_NAME}", bold=True, size=12)])
    ws.append(
        [
            _cell(
                ws,
                _("SUMMARY OF THE IMPLEMENTATION OF %(title)s") % {"title": directive.title.upper()},
                bold=True,
                size=14,
                align=CENTRE,
            )
        ]
    )
    ws.append([_cell(ws, directive.subject, italic=True, align=CENTRE)])
    ws.append([_cell(ws, period_text(period), align=CENTRE)])
    ws.append(
        [_cell(ws, _("Exported on %(date)s") % {"date": now_local().strftime("%d/%m/%Y %H:%M")}, italic=True, align=CENTRE)]
    )
    ws.append([])

    header = [_cell(ws, _("No."), bold=True, fill=HEADER_FILL, align=CENTRE, border=True)]
    header.append(_cell(ws, _("Unit"), bold=True, fill=HEADER_FILL, align=CENTRE, border=True))
    for task in table.tasks:
        header.append(
            _cell(ws, f"{_('Task')} {task.number}: {task.short_label}", bold=True, fill=HEADER_FILL, align=CENTRE, border=True)
        )
    for state, label in count_columns:
        header.append(_cell(ws, str(label), bold=True, fill=STATE_FILLS[state], align=CENTRE, border=True))
    header.append(_cell(ws, _("On-time rate"), bold=True, fill=HEADER_FILL, align=CENTRE, border=True))
    ws.append(header)

    number = 0
    for group_index, group in enumerate(table.groups, start=1):
        ws.append([_cell(ws, roman(group_index), bold=True, border=True), _cell(ws, str(group.label), bold=True, border=True)])
        for row in group.rows:
            number += 1
            line = [_cell(ws, number, align=CENTRE, border=True), _cell(ws, row.unit.name, align=WRAP, border=True)]
            for cell in row.cells:
                if cell is None:
                    line.append(_cell(ws, "", border=True))
                else:
                    line.append(_cell(ws, str(STATE_SHORT[cell.state]), fill=STATE_FILLS[cell.state], align=CENTRE, border=True))
            line += [_cell(ws, n, align=CENTRE, border=True) for _state, n in row.tally.ordered]
            line.append(_cell(ws, percent(row.tally.on_time_rate), align=CENTRE, border=True))
            ws.append(line)

    totals = [_cell(ws, "", border=True), _cell(ws, _("Total"), bold=True, border=True)]
    totals += [_cell(ws, "", border=True) for _task in table.tasks]
    totals += [_cell(ws, n, bold=True, align=CENTRE, border=True) for _state, n in table.total.ordered]
    totals.append(_cell(ws, percent(table.total.on_time_rate), bold=True, align=CENTRE, border=True))
    ws.append(totals)
    ws.append([])
    ws.append([_cell(ws, _("Legend"), bold=True)])
    for state in TASK_STATE_ORDER:
        ws.append(["", _cell(ws, f"{STATE_SHORT[state]}: {TaskState(state).label}", fill=STATE_FILLS[state], border=True)])


DATA_COLUMNS = [
    (lambda: _("Period"), 14),
    (lambda: _("Due date"), 12),
    (lambda: _("Deadline (with extension)"), 14),
    (lambda: _("Task no."), 8),
    (lambda: _("Task"), 30),
    (lambda: _("Unit code"), 16),
    (lambda: _("Unit"), 34),
    (lambda: _("Unit kind"), 18),
    (lambda: _("Status"), 22),
    (lambda: _("Workflow step"), 14),
    (lambda: _("First submitted"), 17),
    (lambda: _("Last submitted"), 17),
    (lambda: _("Reviewed"), 17),
    (lambda: _("Results achieved"), 50),
    (lambda: _("Shortcomings and causes"), 50),
    (lambda: _("Solutions and proposals"), 50),
    (lambda: _("Review comment"), 40),
]


def report_rows(*, period: ReportingPeriod, as_of: datetime.date | None = None) -> QuerySet:
    """Every report row of the period with its status, in table order (one streamed query)."""
    return (
        reports_with_state(ProgressReport.objects.filter(period=period), as_of=as_of)
        .order_by("task__number", "unit__group_order", "unit__sort_key")
        .values_list(
            "period__label",
            "period__due_date",
            as_of_field("deadline", as_of),
            "task__number",
            "task__short_label",
            "unit__code",
            "unit__name",
            "unit__kind",
            "state",
            as_of_field("status", as_of),
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "results",
            "shortcomings",
            "solutions",
            "review_comment",
        )
    )


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Excel has no time zones: write the local wall-clock time of Asia/Ho_Chi_Minh.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _data_sheet(wb: Workbook, *, period: ReportingPeriod, as_of: datetime.date | None) -> None:
    ws = wb.create_sheet(_("Report data"))
    for index, (_label, width) in enumerate(DATA_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.append([_cell(ws, label(), bold=True, fill=HEADER_FILL, align=CENTRE, border=True) for label, _width in DATA_COLUMNS])
    # Labels translated once, not per row.
    kinds = {value: str(label) for value, label in UnitKind.choices}
    states = {state.value: str(state.label) for state in TaskState}
    statuses = {value: str(label) for value, label in ReportStatus.choices}
    for row in report_rows(period=period, as_of=as_of).iterator(chunk_size=DATA_CHUNK):
        (label, due, deadline, task_no, task, code, unit, kind, state, status, first, last, reviewed, *texts) = row
        ws.append(
            [
                safe_text(label),
                _date(ws, due),
                _date(ws, deadline),
                task_no,
                safe_text(task),
                safe_text(code),
                safe_text(unit),
                kinds.get(kind, kind),
                states.get(state, state),
                statuses.get(status, status),
                _date(ws, _local(first), "DD/MM/YYYY HH:MM"),
                _date(ws, _local(last), "DD/MM/YYYY HH:MM"),
                _date(ws, _local(reviewed), "DD/MM/YYYY HH:MM"),
                *(safe_text(text) for text in texts),
            ]
        )


def _date(ws, value, number_format: str = "DD/MM/YYYY"):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def directive_workbook(*, directive: Directive, period: ReportingPeriod, as_of: datetime.date | None = None) -> IO[bytes]:
    """Write the workbook (compliance table and every report row of ``period``) to a temporary file."""
    with translation.override(EXPORT_LANGUAGE):
        wb = Workbook(write_only=True)
        _compliance_sheet(wb, directive=directive, period=period, as_of=as_of)
        _data_sheet(wb, period=period, as_of=as_of)
        wb.properties.title = text_line(_("Implementation of %(title)s") % {"title": directive.title})
        wb.properties.creator = "CCHC Tam Đường"
        # Returned open: the FileResponse streams it and closes it (the file vanishes on close).
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        wb.save(handle)
    handle.seek(0)
    return handle
