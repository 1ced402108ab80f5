"""Layout of official documents per Nghị định 30/2020/NĐ-CP, for python-docx: one home for every Word file the app writes.

A4, margins 20/20/30/15 mm (top, bottom, left, right), Times New Roman on every script slot, text
in Vietnamese (vi-VN, so Word does not check its spelling as English), 14 pt body justified with a
1.27 cm first-line indent and 6 pt after each paragraph, page numbers top centre from page 2, the
two-column header table with its short rules, and tables whose header row repeats on every page.
"""

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from security.text import text_clean

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT = 14
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER_PT = 6
LINE_SPACING = 1.2
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)
TEXT_WIDTH_CM = (A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10  # 16.5 cm portrait
LANDSCAPE_TEXT_WIDTH_CM = (A4_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10  # 25.2 cm


def _language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def new_document(*, title: str, author: str):
    """An empty A4 portrait document with the Nghị định 30 defaults: font, size, language, margins, page numbers."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = LANGUAGE
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(defaults)
    _language(defaults)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        _fonts(rpr)
        _language(rpr)
    document.styles["Normal"].font.size = Pt(BODY_PT)
    settings = document.settings.element
    theme_lang = OxmlElement("w:themeFontLang")
    theme_lang.set(qn("w:val"), LANGUAGE)
    settings.append(theme_lang)
    section = document.sections[0]
    _page(section, landscape=False)
    _page_number_header(section)
    return document


def _page(section, *, landscape: bool) -> None:
    width, height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)


def landscape_section(document):
    """A new section on A4 landscape pages (an appendix table), numbered on as the pages before it."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


def _page_number_header(section) -> None:
    """PAGE field top centre on every page but the first (Nghị định 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    set_font(run, size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def set_font(run, *, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _fonts(run._element.get_or_add_rPr())


def add_run(paragraph, text: str, **font):
    """Every text of a document is written here: cleaned first (security.text), as XML refuses control characters."""
    run = paragraph.add_run(text_clean(text))
    set_font(run, **font)
    return run


def paragraph(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold=False,
    italic=False,
    align=None,
    indent=True,
    after: float = SPACE_AFTER_PT,
):
    """A body paragraph: justified with a first-line indent unless ``align`` says otherwise."""
    item = container.add_paragraph()
    if text:
        add_run(item, text, size=size, bold=bold, italic=italic)
    item.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    fmt = item.paragraph_format
    fmt.first_line_indent = FIRST_LINE_INDENT if indent and align is None else Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = LINE_SPACING
    return item


def centre(container, text: str = "", *, size: float = 13, bold=False, italic=False, after: float = 0):
    return paragraph(container, text, size=size, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.CENTER, after=after)


def rule(container, *, width_cm: float, cell_width_cm: float) -> None:
    """A short centred horizontal line (under the issuer's name, the motto and the subject)."""
    item = centre(container, size=2)
    side = max((cell_width_cm - width_cm) / 2, 0)
    item.paragraph_format.left_indent = Cm(side)
    item.paragraph_format.right_indent = Cm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    item._p.get_or_add_pPr().append(borders)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def set_widths(table, widths) -> None:
    """Column widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def cell_text(cell, text: str, *, size: float = 13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    item = cell.paragraphs[0]
    add_run(item, text, size=size, bold=bold, italic=italic)
    item.alignment = align
    item.paragraph_format.space_after = Pt(0)
    item.paragraph_format.first_line_indent = Cm(0)
    return item


def header_table(document, *, issuer_lines: tuple[str, str], number_line: str, date_line: str) -> None:
    """The borderless two-column header: the issuer over its number, the national name and motto over the date."""
    left_cm, right_cm = 6.5, TEXT_WIDTH_CM - 6.5
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    set_widths(table, [Cm(left_cm), Cm(right_cm)])
    left, right = table.rows[0].cells
    cell_text(left, issuer_lines[0], size=13, bold=True)
    centre(left, issuer_lines[1], size=13, bold=True)
    rule(left, width_cm=2.2, cell_width_cm=left_cm)
    centre(left, number_line, size=13, after=0)
    cell_text(right, _("SOCIALIST REPUBLIC OF VIETNAM"), size=12, bold=True)
    centre(right, _("Independence - Freedom - Happiness"), size=13, bold=True)
    rule(right, width_cm=5.4, cell_width_cm=right_cm)
    centre(right, date_line, size=14, italic=True)
