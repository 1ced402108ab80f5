"""The Excel export: the period's compliance table as the office hands it over, and its every report row as data.

Written with XlsxWriter in constant-memory mode: each row goes to a temporary file as soon as it
is complete and the report rows are read with a database iterator, so memory stays flat whatever
the number of units; the rows of both tables are written whole by ``xlsx_rows.RowWriter``
(XlsxWriter's writing cell by cell was most of the time of a national export). Every cell is in
Times New Roman (the workbook's default format and every format below), units follow the official
order in both sheets (``units.models.UNIT_ORDER``), rates are numbers with a percent format, and
both sheets print on A4 landscape, fitted to the page width, with their header row on every page
and the "as of" date in the page header.
"""

import datetime
import tempfile
from typing import IO

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directives.formatting import NO_VALUE, roman
from directives.models import Directive, ProgressReport, ReportingPeriod, ReportStatus
from directives.selectors import TASK_STATE_ORDER, TaskState, as_of_field, reports_with_state
from organisation.selectors import organisation_current
from security.text import text_clean, text_line
from units.models import UnitKind, unit_order

from .common import (
    AGENCY_NAME,
    AGENCY_PARENT,
    EXPORT_LANGUAGE,
    STATE_FILL_HEX,
    STATE_SHORT,
    compliance_table,
    date_vn,
    now_local,
    period_text,
)
from .xlsx_rows import RowWriter

FONT = "Times New Roman"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "#DDEBF7"
BORDER_COLOUR = "#808080"
PAPER_A4 = 9
DATA_CHUNK = 2000


def safe_text(value):
    """Text cleaned (security.text: XML refuses control characters) and neutralised where a spreadsheet
    would run it as a formula (=, +, -, @): prefixed with an apostrophe."""
    if not isinstance(value, str):
        return value
    value = text_clean(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


class Formats:
    """The workbook's cell formats, each made once (XlsxWriter keeps one record per format)."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        self.made: dict[tuple, object] = {}
        # The default format: empty cells and any cell written without a format are in Times New Roman too.
        workbook.formats[0].set_font_name(FONT)

    def get(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.workbook.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", **properties})
        return self.made[key]

    def boxed(self, **properties):
        return self.get(border=1, border_color=BORDER_COLOUR, **properties)


def _print_setup(ws, *, as_of: datetime.date, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(PAPER_A4)
    ws.fit_to_pages(1, 0)  # one page wide, as many pages down as needed
    ws.repeat_rows(header_row)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    as_of_text = _("Figures as of %(date)s") % {"date": date_vn(as_of)}
    ws.set_header(f'&R&"{FONT},Italic"&10{as_of_text}')
    ws.set_footer(f'&C&"{FONT},Regular"&10&P/&N')


def _compliance_sheet(wb, formats: Formats, *, directive: Directive, period: ReportingPeriod, as_of: datetime.date) -> None:
    table = compliance_table(directive=directive, period=period, as_of=as_of)
    ws = wb.add_worksheet(_("Compliance"))
    count_columns = [(state, STATE_SHORT[state]) for state in TASK_STATE_ORDER]
    last = 2 + len(table.tasks) + len(count_columns)  # zero-based index of the last column
    header_row = 7

    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 40)
    if table.tasks:
        ws.set_column(2, 1 + len(table.tasks), 15)
    ws.set_column(2 + len(table.tasks), last, 11)
    ws.freeze_panes(header_row + 1, 2)
    _print_setup(ws, as_of=as_of, header_row=header_row)

    centre = {"align": "center", "text_wrap": True}
    title_lines = [
        (f"{AGENCY_PARENT} {AGENCY_NAME}", formats.get(bold=True, font_size=12)),
        (
            _("SUMMARY OF THE IMPLEMENTATION OF %(title)s") % {"title": directive.title.upper()},
            formats.get(bold=True, font_size=14, **centre),
        ),
        (directive.subject, formats.get(italic=True, **centre)),
        (period_text(period), formats.get(**centre)),
        (_("Figures as of %(date)s") % {"date": date_vn(as_of)}, formats.get(bold=True, **centre)),
        (_("Exported on %(date)s") % {"date": now_local().strftime("%d/%m/%Y %H:%M")}, formats.get(italic=True, **centre)),
    ]
    for row, (text, cell_format) in enumerate(title_lines):
        ws.merge_range(row, 0, row, last, safe_text(text), cell_format)

    header = formats.boxed(bold=True, bg_color=HEADER_FILL, **centre)
    ws.set_row(header_row, 96)
    ws.write_string(header_row, 0, _("No."), header)
    ws.write_string(header_row, 1, _("Unit"), header)
    for index, task in enumerate(table.tasks, start=2):
        ws.write_string(header_row, index, safe_text(f"{_('Task')} {task.number}: {task.short_label}"), header)
    fills = {state: f"#{STATE_FILL_HEX[state]}" for state in TASK_STATE_ORDER}
    state_formats = {state: formats.boxed(bg_color=fill, **centre) for state, fill in fills.items()}
    state_headers = {state: formats.boxed(bold=True, bg_color=fill, **centre) for state, fill in fills.items()}
    for index, (state, label) in enumerate(count_columns, start=2 + len(table.tasks)):
        ws.write_string(header_row, index, str(label), state_headers[state])
    ws.write_string(header_row, last, _("On-time rate"), header)

    number_cell = formats.boxed(align="center")
    rate_cell = formats.boxed(align="center", num_format="0.0%")
    unit_cell = formats.boxed(text_wrap=True, valign="top")
    group_cell = formats.boxed(bold=True)
    empty_cell = formats.boxed()
    bold_number = formats.boxed(bold=True, align="center")
    bold_rate = formats.boxed(bold=True, align="center", num_format="0.0%")
    labels = {state: str(STATE_SHORT[state]) for state in TASK_STATE_ORDER}
    cell_formats = {None: empty_cell, **state_formats}
    count_formats = [number_cell] * len(count_columns)
    writer = RowWriter(ws)
    row_index = header_row
    number = 0
    for group_index, group in enumerate(table.groups, start=1):
        row_index += 1
        writer.write_row(row_index, [roman(group_index), str(group.label), *[None] * (last - 1)], [group_cell] * (last + 1))
        for unit_row in group.rows:
            row_index += 1
            number += 1
            states = [cell and cell.state for cell in unit_row.cells]
            tally = unit_row.tally
            writer.write_row(
                row_index,
                [
                    number,
                    safe_text(unit_row.unit.name),
                    *[state and labels[state] for state in states],
                    *[n for _state, n in tally.ordered],
                    _rate(tally.on_time_rate),
                ],
                [number_cell, unit_cell, *[cell_formats[state] for state in states], *count_formats, rate_cell],
            )

    row_index += 1
    total = table.total
    writer.write_row(
        row_index,
        [None, _("Total"), *[None] * len(table.tasks), *[n for _state, n in total.ordered], _rate(total.on_time_rate)],
        [empty_cell, group_cell, *[empty_cell] * len(table.tasks), *[bold_number] * len(count_columns), bold_rate],
    )
    row_index += 2
    ws.write_string(row_index, 0, _("Legend"), formats.get(bold=True))
    for state in TASK_STATE_ORDER:
        row_index += 1
        ws.write_string(row_index, 1, f"{STATE_SHORT[state]}: {TaskState(state).label}", state_formats[state])


def _rate(rate: float | None) -> float | str:
    """A rate is a number (0.853 shown as 85.3%); none (nothing due yet) is a dash."""
    return NO_VALUE if rate is None else rate / 100


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
    (lambda: _("Review date"), 17),
    (lambda: _("Results achieved"), 50),
    (lambda: _("Shortcomings and causes"), 50),
    (lambda: _("Solutions and proposals"), 50),
    (lambda: _("Review comment"), 40),
]


def report_rows(*, period: ReportingPeriod, as_of: datetime.date | None = None) -> QuerySet:
    """Every report row of the period with its status, units in the official order, then tasks (one streamed query)."""
    return (
        reports_with_state(ProgressReport.objects.filter(period=period), as_of=as_of)
        .order_by(*unit_order("unit"), "task__number")
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


def _data_sheet(wb, formats: Formats, *, period: ReportingPeriod, as_of: datetime.date) -> None:
    ws = wb.add_worksheet(_("Report data"))
    for index, (_label, width) in enumerate(DATA_COLUMNS):
        ws.set_column(index, index, width)
    ws.freeze_panes(1, 0)
    _print_setup(ws, as_of=as_of, header_row=0)
    header = formats.boxed(bold=True, bg_color=HEADER_FILL, align="center", text_wrap=True)
    for column, (label, _width) in enumerate(DATA_COLUMNS):
        ws.write_string(0, column, label(), header)
    text = formats.boxed(text_wrap=True, valign="top")
    number = formats.boxed(align="center", valign="top")
    day = formats.boxed(num_format="dd/mm/yyyy", align="center", valign="top")
    moment = formats.boxed(num_format="dd/mm/yyyy hh:mm", align="center", valign="top")
    # Period, two dates, task no., task, unit code, unit, kind, status, workflow step, three moments, four texts.
    row_formats = [text, day, day, number, *[text] * 6, *[moment] * 3, *[text] * 4]
    # Labels translated once, not per row; the local zone looked up once (Excel has no time zones:
    # it gets the wall-clock time of Asia/Ho_Chi_Minh).
    kinds = {value: str(label) for value, label in UnitKind.choices}
    states = {state.value: str(state.label) for state in TaskState}
    statuses = {value: str(label) for value, label in ReportStatus.choices}
    zone = timezone.get_current_timezone()
    # The period, task and unit names repeat on every row of theirs: each is cleaned once.
    names: dict[str, str] = {}

    def name(value: str) -> str:
        if value not in names:
            names[value] = safe_text(value)
        return names[value]

    def local(value: datetime.datetime | None) -> datetime.datetime | None:
        return value and value.astimezone(zone).replace(tzinfo=None)

    write_row = RowWriter(ws).write_row
    for row, values in enumerate(report_rows(period=period, as_of=as_of).iterator(chunk_size=DATA_CHUNK), start=1):
        label, due, deadline, task_no, task, code, unit, kind, state, status, first, last, reviewed, *texts = values
        write_row(
            row,
            [
                name(label),
                due,
                deadline,
                task_no,
                name(task),
                name(code),
                name(unit),
                kinds.get(kind, kind),  # the app's own labels
                states.get(state, state),
                statuses.get(status, status),
                local(first),
                local(last),
                local(reviewed),
                *[safe_text(value) if value else None for value in texts],
            ],
            row_formats,
        )


def directive_workbook(*, directive: Directive, period: ReportingPeriod, as_of: datetime.date | None = None) -> IO[bytes]:
    """Write the workbook (compliance table and every report row of ``period``, as of ``as_of``) to a temporary file."""
    as_of = as_of or timezone.localdate()
    # Returned open: the FileResponse streams it and closes it (the file vanishes on close).
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    with translation.override(EXPORT_LANGUAGE):
        wb = xlsxwriter.Workbook(
            handle,
            {
                "constant_memory": True,
                # Text stays text: never a formula, a link or a number, whatever it starts with.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "dd/mm/yyyy",
            },
        )
        formats = Formats(wb)
        _compliance_sheet(wb, formats, directive=directive, period=period, as_of=as_of)
        _data_sheet(wb, formats, period=period, as_of=as_of)
        title = text_line(_("Implementation of %(title)s") % {"title": directive.title})
        wb.set_properties({"title": title, "author": organisation_current().short_name})
        wb.close()
    handle.seek(0)
    return handle
