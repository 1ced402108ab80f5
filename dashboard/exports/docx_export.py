"""The Word export: the district's report on a directive, laid out per Nghị định 30/2020/NĐ-CP.

A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 pt justified with a 1.27 cm first-line
indent, the two-column header table, the title, one section per task summarising what units
reported, the units table, the signature block and "Nơi nhận"; page numbers top centre from page 2.
"""

import datetime
import tempfile
from collections import defaultdict
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from directives.models import AWAITING_REVIEW, Directive, ProgressReport, ReportingPeriod, ReportStatus
from directives.selectors import TASK_STATE_ORDER, TaskState
from organisation.selectors import organisation_current
from security.text import text_clean, text_line

from .. import selectors
from .common import (
    AGENCY_NAME,
    AGENCY_PARENT,
    EXPORT_LANGUAGE,
    PLACE_NAME,
    STATE_SHORT,
    compliance_table,
    date_vn,
    now_local,
    percent,
    roman,
)

FONT = "Times New Roman"
# How many units' own words are quoted under each task; the others are counted.
QUOTES_PER_TASK = 8
QUOTE_CHARS = 400


def _set_font(run, *, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Vietnamese text needs the font on every script slot, or Word falls back for some letters.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _add_run(paragraph, text: str, **font):
    """Every text of the document is written here: cleaned first (security.text), as XML refuses control characters."""
    run = paragraph.add_run(text_clean(text))
    _set_font(run, **font)
    return run


def _paragraph(
    container, text: str = "", *, size: float = 14, bold=False, italic=False, align=None, indent=True, after: float = 6
):
    paragraph = container.add_paragraph()
    if text:
        _add_run(paragraph, text, size=size, bold=bold, italic=italic)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1.27) if indent and align is None else Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.15
    return paragraph


def _centre(container, text: str = "", *, size: float = 13, bold=False, italic=False, after: float = 0):
    return _paragraph(container, text, size=size, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.CENTER, after=after)


def _rule(container, *, width_cm: float, cell_width_cm: float) -> None:
    """A short centred horizontal line (the rule under the agency name and the motto)."""
    paragraph = _centre(container, size=2)
    side = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _set_widths(table, widths) -> None:
    """Column widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        # A merged cell appears once per grid column it spans: give it the sum of their widths.
        spans: dict[int, tuple[object, int]] = {}
        for cell, width in zip(row.cells, widths, strict=True):
            previous = spans.get(id(cell._tc), (cell, 0))[1]
            spans[id(cell._tc)] = (cell, previous + width)
        for cell, width in spans.values():
            cell.width = width


def _cell_text(cell, text: str, *, size: float = 12, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0]
    _add_run(paragraph, text, size=size, bold=bold, italic=italic)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)


def _page_number_header(section) -> None:
    """PAGE field top centre on every page but the first (Nghị định 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_font(run, size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _date_line(today: datetime.date) -> str:
    # Days 1–9 and months 1–2 take a leading zero (Nghị định 30).
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": PLACE_NAME,
        "day": f"{today.day:02d}",
        "month": month,
        "year": today.year,
    }


def _header(document, *, today: datetime.date) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _set_widths(table, [Cm(6), Cm(10.5)])
    left, right = table.rows[0].cells
    _cell_text(left, str(AGENCY_PARENT), size=13, bold=True)
    _centre(left, str(AGENCY_NAME), bold=True)
    _rule(left, width_cm=2.5, cell_width_cm=6)
    _centre(left, _("No.: …/BC-UBND"), after=0)
    _cell_text(right, _("SOCIALIST REPUBLIC OF VIETNAM"), size=12, bold=True)
    _centre(right, _("Independence - Freedom - Happiness"), size=13, bold=True)
    _rule(right, width_cm=5.6, cell_width_cm=10.5)
    _centre(right, _date_line(today), size=14, italic=True)


def _signature(document) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _set_widths(table, [Cm(8), Cm(8.5)])
    left, right = table.rows[0].cells
    _cell_text(left, _("Recipients:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in (
        _("- Standing Committee of the District Party Committee (for report);"),
        _("- Standing Committee of the District People's Council (for report);"),
        _("- Chairman and Vice-chairmen of the District People's Committee;"),
        _("- Agencies, units, People's Committees of the communes and the town;"),
        _("- Archive: VT."),
    ):
        paragraph = _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
        paragraph.paragraph_format.line_spacing = 1.0
    _cell_text(right, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), size=14, bold=True)
    _centre(right, _("FOR THE CHAIRMAN"), size=14, bold=True)
    _centre(right, _("VICE-CHAIRMAN"), size=14, bold=True)


def _reported_texts(*, period: ReportingPeriod) -> tuple[dict[int, list[tuple[str, str, str, str]]], dict[int, int]]:
    """Per task: the first units' own words (accepted or awaiting review) and how many reported (one query)."""
    quotes: dict[int, list] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    rows = (
        ProgressReport.objects.filter(period=period, status__in=(ReportStatus.ACCEPTED, *AWAITING_REVIEW))
        .exclude(results="")
        .order_by("task__number", "unit__group_order", "unit__sort_key")
        .values_list("task_id", "unit__name", "results", "shortcomings", "solutions")
    )
    for task_id, unit_name, results, shortcomings, solutions in rows.iterator(chunk_size=2000):
        counts[task_id] += 1
        if len(quotes[task_id]) < QUOTES_PER_TASK:
            quotes[task_id].append((unit_name, results, shortcomings, solutions))
    return quotes, counts


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _state_sentence(tally: selectors.StateTally) -> str:
    return _(
        "Of %(total)s units: %(on_time)s completed on time, %(late)s completed late, %(in_progress)s in progress within "
        "the deadline, %(overdue)s overdue, %(not_due)s not yet due (on-time rate %(rate)s)."
    ) % {
        "total": tally.total,
        "on_time": tally.counts[TaskState.DONE_ON_TIME],
        "late": tally.counts[TaskState.DONE_LATE],
        "in_progress": tally.counts[TaskState.IN_PROGRESS],
        "overdue": tally.counts[TaskState.OVERDUE],
        "not_due": tally.counts[TaskState.NOT_DUE],
        "rate": percent(tally.on_time_rate),
    }


def _units_table(document, table_data) -> None:
    headers = [_("No."), _("Unit"), *[str(STATE_SHORT[state]) for state in TASK_STATE_ORDER], _("On-time rate")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, size=11, bold=True)
    number = 0
    for group_index, group in enumerate(table_data.groups, start=1):
        cells = table.add_row().cells
        _cell_text(cells[0], roman(group_index), size=11, bold=True)
        merged = cells[1].merge(cells[-1])
        _cell_text(merged, str(group.label), size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for row in group.rows:
            number += 1
            cells = table.add_row().cells
            values = [str(number), row.unit.name, *[str(n) for _state, n in row.tally.ordered], percent(row.tally.on_time_rate)]
            for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
                _cell_text(cell, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER)
    cells = table.add_row().cells
    total = table_data.total
    values = ["", _("Total"), *[str(n) for _state, n in total.ordered], percent(total.on_time_rate)]
    for cell, text in zip(cells, values, strict=True):
        _cell_text(cell, text, size=11, bold=True)
    _set_widths(table, [Cm(1.1), Cm(5.8), *[Cm(1.6)] * len(TASK_STATE_ORDER), Cm(1.6)])


def directive_report_document(*, directive: Directive, period: ReportingPeriod, as_of: datetime.date | None = None) -> IO[bytes]:
    """Write the report on ``directive`` for ``period`` as of ``as_of`` (.docx) to a temporary file."""
    with translation.override(EXPORT_LANGUAGE):
        table_data = compliance_table(directive=directive, period=period, as_of=as_of)
        task_tallies = table_data.task_tallies()
        indicators = selectors.indicator_totals(directive=directive, period=period, as_of=as_of)
        quotes, reported = _reported_texts(period=period)
        document = _build(
            directive=directive,
            period=period,
            table_data=table_data,
            task_tallies=task_tallies,
            indicators=indicators,
            quotes=quotes,
            reported=reported,
            today=as_of or now_local().date(),
        )
        # Returned open: the FileResponse streams it and closes it (the file vanishes on close).
        handle = tempfile.TemporaryFile(suffix=".docx")  # noqa: SIM115
        document.save(handle)
    handle.seek(0)
    return handle


def _build(*, directive, period, table_data, task_tallies, indicators, quotes, reported, today):
    document = Document()
    document.core_properties.title = text_line(_("Report on the implementation of %(title)s") % {"title": directive.title})
    document.core_properties.author = organisation_current().short_name
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_number_header(section)

    _header(document, today=today)
    _centre(document, "", after=6)
    _centre(document, _("REPORT"), size=14, bold=True)
    _centre(
        document,
        _("On the implementation of %(title)s dated %(date)s of %(issuer)s")
        % {
            "title": directive.title,
            "date": date_vn(directive.issue_date),
            "issuer": directive.issuing_body,
        },
        size=14,
        bold=True,
    )
    _centre(document, directive.subject, size=14, bold=True)
    _centre(document, _("Reporting period: %(label)s") % {"label": period.label}, size=14, bold=True)
    _rule(document, width_cm=4, cell_width_cm=16.5)

    _paragraph(
        document,
        _(
            "Carrying out %(title)s dated %(date)s of %(issuer)s on %(subject)s, the People's Committee of Tam Đường "
            "district reports on its implementation in %(period)s (%(start)s – %(end)s) as follows:"
        )
        % {
            "title": directive.title,
            "date": date_vn(directive.issue_date),
            "issuer": directive.issuing_body,
            "subject": directive.subject.removeprefix("V/v ").strip(),
            "period": period.label,
            "start": date_vn(period.start_date),
            "end": date_vn(period.end_date),
        },
    )

    total = table_data.total
    units = sum(len(group.rows) for group in table_data.groups)
    _paragraph(document, f"{roman(1)}. " + _("GENERAL SITUATION"), bold=True, indent=True)
    _paragraph(
        document,
        _(
            "%(units)s units were assigned %(tasks)s tasks, i.e. %(rows)s reports for the period, %(due)s of them due so far. "
            "%(submitted)s reports were submitted and %(accepted)s accepted by the office; %(overdue)s are overdue."
        )
        % {
            "units": units,
            "tasks": len(table_data.tasks),
            "rows": total.total,
            "due": total.due,
            "submitted": total.submitted,
            "accepted": total.accepted,
            "overdue": total.overdue,
        },
    )
    _paragraph(document, _state_sentence(total))

    _paragraph(document, f"{roman(2)}. " + _("RESULTS BY TASK"), bold=True)
    indicators_by_task = defaultdict(list)
    for item in indicators:
        indicators_by_task[item.indicator.task_id].append(item)
    for task_row in task_tallies:
        task = task_row.key
        _paragraph(
            document, _("%(number)s. Task %(number)s: %(label)s") % {"number": task.number, "label": task.short_label}, bold=True
        )
        _paragraph(document, _state_sentence(task_row.tally))
        for item in indicators_by_task.get(task.pk, []):
            if not item.reports:
                _paragraph(document, _("- %(label)s: no data yet.") % {"label": item.indicator.label})
                continue
            _paragraph(
                document,
                _("- %(label)s: %(total)s %(unit)s (from %(reports)s accepted reports).")
                % {
                    "label": item.indicator.label,
                    "total": f"{item.total:,.2f}".rstrip("0").rstrip(".").replace(",", "."),
                    "unit": item.indicator.unit_label,
                    "reports": item.reports,
                },
            )
        task_quotes = quotes.get(task.pk, [])
        if not task_quotes:
            _paragraph(document, _("No unit has reported results on this task yet."), italic=True)
            continue
        _paragraph(document, _("What units reported:"), italic=True)
        for unit_name, results, shortcomings, solutions in task_quotes:
            paragraph = _paragraph(document, "")
            _add_run(paragraph, f"- {unit_name}: ", bold=True)
            _add_run(paragraph, _shorten(results))
            if shortcomings:
                _add_run(paragraph, " " + _("Shortcomings:") + " ", italic=True)
                _add_run(paragraph, _shorten(shortcomings))
            if solutions:
                _add_run(paragraph, " " + _("Solutions:") + " ", italic=True)
                _add_run(paragraph, _shorten(solutions))
        others = reported.get(task.pk, 0) - len(task_quotes)
        if others > 0:
            _paragraph(
                document, _("%(count)s other units also reported (see the Excel data sheet).") % {"count": others}, italic=True
            )

    _paragraph(document, f"{roman(3)}. " + _("SITUATION BY UNIT"), bold=True)
    _units_table(document, table_data)
    _paragraph(document, "", after=6)
    _paragraph(
        document,
        _(
            "The People's Committee of Tam Đường district asks the agencies, units and the People's Committees of the "
            "communes and the town that are late to report without delay."
        ),
    )
    _signature(document)
    return document
