"""The district's report to the province as a Word file, laid out per Nghị định 30/2020/NĐ-CP (see ``nd30``).

python-docx writes everything but the appendix table; that table (one row per unit: tens of
thousands of cells for a ministry) is written as WordprocessingML straight into the saved file,
row by row from a database iterator, so the export costs little time and flat memory whatever the
number of units. The file is a temporary file, streamed by the view and gone once closed.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from directives.selectors import TaskState
from security.text import text_clean, text_line

from .. import wording
from ..document import ReportDocument, report_document
from ..models import DistrictReport
from ..selectors import AWAITING, appendix_head, appendix_rows
from . import nd30

# The appendix table is put where this paragraph stands in the saved document.
APPENDIX_MARKER = "CCHC-APPENDIX-TABLE"
# Task columns per appendix table: more tasks go to further tables, so that every column fits its text.
TASKS_PER_TABLE = 8
NUMBER_CM, UNIT_CM, PERIOD_CM = 1.6, 5.4, 3.2
TABLE_PT = 11
TWIPS_PER_CM = 567


def _cell_states() -> dict[str, str]:
    """How a cell names a state (short words; the legend under the table gives the full wording)."""
    return {
        TaskState.DONE_ON_TIME: _("Done on time"),
        TaskState.DONE_LATE: _("Done late"),
        TaskState.IN_PROGRESS: _("In progress"),
        AWAITING: _("Sent, awaiting review"),
        TaskState.OVERDUE: _("Overdue"),
        TaskState.NOT_DUE: _("Not due"),
        "": "–",
    }


def district_report_docx(*, report: DistrictReport) -> IO[bytes]:
    """Write the report as a .docx to a temporary file and return it open at its start."""
    with translation.override(wording.DOCUMENT_LANGUAGE):
        document = report_document(report=report)
        docx = _build(document)
        body = tempfile.TemporaryFile(suffix=".docx")  # noqa: SIM115 (returned open)
        with tempfile.TemporaryFile(suffix=".docx") as draft:
            docx.save(draft)
            draft.seek(0)
            head = appendix_head(report=report, figures=document.figures)
            _insert_appendix(draft, body, tables=_appendix_tables(head, appendix_rows(report=report, head=head)))
    body.seek(0)
    return body


def _build(document: ReportDocument):
    report, organisation = document.report, document.organisation
    docx = nd30.new_document(title=text_line(report.subject), author=organisation.short_name)
    nd30.header_table(
        docx, issuer_lines=organisation.header_lines, number_line=document.number_line, date_line=document.date_line
    )
    nd30.centre(docx, "", after=6)
    nd30.centre(docx, document.title, size=14, bold=True)
    nd30.centre(docx, document.subject, size=14, bold=True)
    nd30.rule(docx, width_cm=4, cell_width_cm=nd30.TEXT_WIDTH_CM)
    if document.addressees:
        _addressees(docx, document.addressees)
    if document.opening:
        _paragraphs(docx, document.opening.paragraphs)
    results_started = False
    for part in document.sections:
        if part.kind == "task" and not results_started:
            results_started = True
            nd30.paragraph(docx, document.results_heading, bold=True)
            _paragraphs(docx, document.results_intro)
        nd30.paragraph(docx, part.heading, bold=True)
        _paragraphs(docx, part.figures)
        _paragraphs(docx, part.paragraphs)
    _signature(docx, document)
    _appendix_start(docx, document)
    return docx


def _paragraphs(docx, lines: Iterable[str]) -> None:
    for line in lines:
        nd30.paragraph(docx, line)


def _addressees(docx, lines: list[str]) -> None:
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    nd30.no_borders(table)
    nd30.set_widths(table, [Cm(4.2), Cm(nd30.TEXT_WIDTH_CM - 4.2)])
    left, right = table.rows[0].cells
    nd30.cell_text(left, _("To:"), size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for index, line in enumerate(lines):
        item = nd30.cell_text(right, line, size=14, align=WD_ALIGN_PARAGRAPH.LEFT) if index == 0 else None
        if item is None:
            nd30.paragraph(right, line, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    nd30.centre(docx, "", after=6)


def _signature(docx, document: ReportDocument) -> None:
    table = docx.add_table(rows=1, cols=2)
    nd30.no_borders(table)
    nd30.set_widths(table, [Cm(8), Cm(nd30.TEXT_WIDTH_CM - 8)])
    left, right = table.rows[0].cells
    nd30.cell_text(left, _("Recipients:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in document.copies_to:
        item = nd30.paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
        item.paragraph_format.line_spacing = 1.0
    for index, line in enumerate(document.signer):
        if index == 0:
            nd30.cell_text(right, line, size=14, bold=True)
        else:
            nd30.centre(right, line, size=14, bold=True)
    for _line in range(4):  # the space to sign and seal
        nd30.centre(right, "", size=14)
    nd30.centre(right, document.signer_name, size=14, bold=True)


def _appendix_start(docx, document: ReportDocument) -> None:
    """The appendix on A4 landscape pages: its title, then the marker where the table goes, then the legend."""
    nd30.landscape_section(docx)
    report = document.report
    nd30.centre(docx, _("APPENDIX"), size=14, bold=True)
    nd30.centre(
        docx,
        _("Where every unit stands on every task, %(window)s, as of the end of %(date)s")
        % {"window": report.window.phrase, "date": wording.date_vn(report.report_date)},
        size=14,
        bold=True,
    )
    nd30.centre(
        docx,
        _("(Attached to report No. %(number)s dated %(date)s of %(authority)s)")
        % {
            "number": document.number,
            "date": wording.date_vn(report.report_date),
            "authority": document.organisation.authority_name,
        },
        size=13,
        italic=True,
        after=6,
    )
    docx.add_paragraph(APPENDIX_MARKER)
    legend = ", ".join(f"{label}: {name}" for label, name in (
        (_("Done on time"), TaskState.DONE_ON_TIME.label), (_("Done late"), TaskState.DONE_LATE.label),
        (_("In progress"), TaskState.IN_PROGRESS.label), (_("Overdue"), TaskState.OVERDUE.label),
        (_("Not due"), TaskState.NOT_DUE.label),
    ))  # fmt: skip
    nd30.paragraph(docx, _("Legend: %(legend)s.") % {"legend": legend}, size=12, italic=True, after=0)


# ---------------------------------------------------------------- the appendix table, as WordprocessingML


def _twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def _run(text: str, *, bold: bool = False) -> str:
    lines = [escape(text_clean(line)) for line in text.split("\n")]
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r><w:rPr>{'<w:b/>' if bold else ''}</w:rPr>{inner}</w:r>"


def _cell(text: str, width: int, *, bold: bool = False, left: bool = False, merge: str | None = None) -> str:
    """One table cell; ``merge`` "restart" or "continue" joins it with the cells under or over it (a unit's name)."""
    align = "left" if left else "center"
    vmerge = f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{vmerge}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/>'
        f'<w:rPr><w:sz w:val="{2 * TABLE_PT}"/></w:rPr></w:pPr>{_run(text, bold=bold) if text else ""}</w:p></w:tc>'
    )


def _appendix_tables(head, rows: Iterator[tuple[str, list[list[str]]]]) -> list[Iterator[str]]:
    """One table per group of at most TASKS_PER_TABLE tasks; each a stream of XML pieces."""
    groups = [head.tasks[start : start + TASKS_PER_TABLE] for start in range(0, len(head.tasks), TASKS_PER_TABLE)] or [[]]
    if len(groups) == 1:
        return [_table_xml(head, groups[0], 0, rows)]
    materialised = list(rows)  # several tables read the same rows
    return [_table_xml(head, group, index * TASKS_PER_TABLE, iter(materialised)) for index, group in enumerate(groups)]


def _table_xml(head, tasks: list[tuple[int, str]], first: int, rows) -> Iterator[str]:
    """The table, streamed: a header row repeated on every page, then one row per unit (per unit and period when
    the window holds several periods, the unit's number and name spanning its rows)."""
    states = _cell_states()
    several = len(head.periods) > 1
    fixed = [NUMBER_CM, UNIT_CM] + ([PERIOD_CM] if several else [])
    task_cm = (nd30.LANDSCAPE_TEXT_WIDTH_CM - sum(fixed)) / max(len(tasks), 1)
    widths = [_twips(cm) for cm in fixed] + [_twips(task_cm)] * len(tasks)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    yield (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )
    header = [
        _("No."),
        _("Unit"),
        *([_("Period")] if several else []),
        *[_("Task %(number)s") % {"number": n} for n, _label in tasks],
    ]
    yield '<w:tr><w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>'
    yield "".join(_cell(text, width, bold=True) for text, width in zip(header, widths, strict=True)) + "</w:tr>"
    task_widths = widths[len(fixed) :]
    for number, (unit_name, cells) in enumerate(rows, start=1):
        columns = cells[first : first + len(tasks)]
        for slot, period in enumerate(head.periods if several else [None]):
            merge = ("restart" if slot == 0 else "continue") if several else None
            pieces = [
                _cell(str(number) if slot == 0 else "", widths[0], merge=merge),
                _cell(unit_name if slot == 0 else "", widths[1], left=True, merge=merge),
            ]
            if several:
                pieces.append(_cell(period, widths[2]))
            pieces += [_cell(states[column[slot]], width) for column, width in zip(columns, task_widths, strict=True)]
            yield '<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>' + "".join(pieces) + "</w:tr>"
    yield "</w:tbl>"
    # Tables in a row would merge: a paragraph between them, and the list of the tasks this table shows.
    yield _paragraph_xml("; ".join(_("Task %(number)s: %(label)s") % {"number": n, "label": label} for n, label in tasks))


def _paragraph_xml(text: str) -> str:
    return (
        '<w:p><w:pPr><w:spacing w:before="60" w:after="120"/><w:ind w:firstLine="0"/>'
        f'<w:rPr><w:sz w:val="{2 * TABLE_PT}"/></w:rPr></w:pPr>{_run(text)}</w:p>'
    )


def _insert_appendix(source: IO[bytes], target: IO[bytes], *, tables: list[Iterator[str]]) -> None:
    """Copy the saved .docx into ``target``, writing the tables where the marker paragraph stands."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as result:
        for item in original.infolist():
            if item.filename != "word/document.xml":
                with original.open(item) as read, result.open(item, "w") as write:
                    shutil.copyfileobj(read, write)
                continue
            xml = original.read(item).decode("utf-8")
            marker = xml.index(APPENDIX_MARKER)
            start = max(xml.rfind("<w:p>", 0, marker), xml.rfind("<w:p ", 0, marker))
            end = xml.index("</w:p>", marker) + len("</w:p>")
            entry = zipfile.ZipInfo("word/document.xml", date_time=item.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with result.open(entry, "w") as write:
                write.write(xml[:start].encode("utf-8"))
                buffer: list[str] = []
                for table in tables:
                    for piece in table:
                        buffer.append(piece)
                        if len(buffer) >= 500:
                            write.write("".join(buffer).encode("utf-8"))
                            buffer.clear()
                write.write("".join(buffer).encode("utf-8"))
                write.write(xml[end:].encode("utf-8"))
