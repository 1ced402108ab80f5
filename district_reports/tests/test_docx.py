"""The Word file carries every Nghị định 30 rule, the report's own words and figures, and survives hostile text."""

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from district_reports.exports.docx_export import district_report_docx
from district_reports.services import (
    HeaderData,
    district_report_create,
    district_report_header_save,
    district_report_section_save,
)
from district_reports.windows import Window, WindowKind
from organisation.models import Organisation
from organisation.services import organisation_save

from .conftest import REPORT_DATE

Q2 = Window(WindowKind.QUARTER, 2020, 2)


@pytest.fixture
def report(district):
    report = district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=district.office)
    values = {name: getattr(report, name) for name in HeaderData.__dataclass_fields__}
    district_report_header_save(
        report_id=report.pk,
        user=district.office,
        data=HeaderData(**(values | {"number": "125/BC-UBND", "signer_name": "Nguyễn Văn A"})),
    )
    report.refresh_from_db()
    return report


def open_docx(report):
    data = district_report_docx(report=report).read()
    return docx.Document(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(data))


def texts(document) -> list[str]:
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found


def test_page_margins_orientation_and_the_landscape_appendix(report):
    document, _zip = open_docx(report)
    body, appendix = document.sections

    def mm(*lengths):
        return [round(length.mm) for length in lengths]

    assert mm(body.page_width, body.page_height) == [210, 297]
    assert mm(body.top_margin, body.bottom_margin, body.left_margin, body.right_margin) == [20, 20, 30, 15]
    assert mm(appendix.page_width, appendix.page_height) == [297, 210]
    assert body.different_first_page_header_footer and not appendix.different_first_page_header_footer
    assert "PAGE" in body.header._element.xml and body.first_page_header.paragraphs[0].text == ""


def test_times_new_roman_14_pt_in_vietnamese_on_every_style(report):
    document, archive = open_docx(report)
    styles = archive.read("word/styles.xml").decode()

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert styles.count('w:lang w:val="vi-VN" w:eastAsia="vi-VN"') >= 3  # the defaults, Normal, Table Grid
    assert 'w:themeFontLang w:val="vi-VN"' in archive.read("word/settings.xml").decode()
    assert document.core_properties.language == "vi-VN"
    body = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Công văn số 3088"))
    assert body.alignment == 3 and body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)  # justified
    assert body.paragraph_format.space_after == Pt(6)


def test_the_header_motto_title_and_addressees(report, district):
    document, _zip = open_docx(report)
    header = document.tables[0]
    left, right = (cell.paragraphs for cell in header.rows[0].cells)

    assert [p.text for p in left if p.text] == ["ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG", "Số: 125/BC-UBND"]
    assert [p.text for p in right if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Tam Đường, ngày 05 tháng 7 năm 2020",
    ]  # fmt: skip
    assert right[-1].runs[0].italic and left[0].runs[0].bold
    assert "<w:pBdr>" in header._element.xml  # the short rules under the issuer and the motto
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert any(text.startswith("Kết quả thực hiện Công văn số 3088/UBND-KSTT") for text in paragraphs)
    addressees = texts(document)
    assert (
        "Kính gửi:" in addressees
        and "- Ủy ban nhân dân tỉnh Lai Châu;" in addressees
        and "- Sở Nội vụ tỉnh Lai Châu." in addressees
    )


def test_the_signature_block_and_the_recipients(report):
    document, _zip = open_docx(report)
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = signature.rows[0].cells

    recipients = left.paragraphs
    assert recipients[0].text == "Nơi nhận:" and recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert recipients[0].runs[0].font.size == Pt(12) and recipients[1].runs[0].font.size == Pt(11)
    assert [p.text for p in recipients[1:]] == [
        "- Như trên;", "- Thường trực Huyện ủy;", "- Thường trực HĐND huyện;", "- Chủ tịch, các Phó Chủ tịch UBND huyện;",
        "- Lưu: VT, NV.",
    ]  # fmt: skip
    lines = [p.text for p in right.paragraphs]
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Nguyễn Văn A" and lines[3:-1] == ["", "", "", ""]  # the space to sign


def test_figures_and_the_offices_text_as_the_page_shows_them(report, district):
    position = report.sections.get(task=district.tasks[0]).position
    district_report_section_save(
        report_id=report.pk, position=position, user=district.office, text="Văn phòng đã tổng hợp\x0b\x00 ý kiến.", revision=0
    )

    document, _zip = open_docx(report)
    paragraphs = [p.text for p in document.paragraphs]

    assert "- Kinh phí đầu tư: chưa có số liệu." in paragraphs
    assert "- Hồ sơ đã tiếp nhận: 12 hồ sơ (từ 1 báo cáo được chấp nhận)." in paragraphs
    # A pasted vertical tab (Word's line break) starts a new paragraph; the NUL is gone.
    assert paragraphs[paragraphs.index("Văn phòng đã tổng hợp") + 1] == "ý kiến."
    assert (
        paragraphs.index("II. KẾT QUẢ THỰC HIỆN")
        < paragraphs.index("1. Nhiệm vụ số 1")
        < paragraphs.index("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    )


def test_the_appendix_table_repeats_its_header_and_its_columns_fit_their_text(report):
    document, _archive = open_docx(report)
    table = document.tables[-1]

    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells] == ["STT", "Đơn vị", "Nhiệm vụ 1", "Nhiệm vụ 2"]
    widths = [int(w.get(qn("w:w"))) for w in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] >= 900  # 1.6 cm: "STT" in bold 11 pt on one line, never "ST/T"
    assert sum(widths) <= 25.2 * 567 + 5  # inside the landscape text width
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        ["1", "UBND xã Bản Bo", "HT đúng hạn", "HT đúng hạn"],
        ["2", "UBND xã Bình Lư", "Quá hạn", "Quá hạn"],
        ["3", "UBND xã Giang Ma", "Quá hạn", "Quá hạn"],
    ]
    assert "PHỤ LỤC" in [p.text for p in document.paragraphs]


def test_another_district_changes_the_word_header_by_configuration_alone(report):
    organisation = Organisation.objects.get()
    organisation.area_name, organisation.place_name = "huyện Phong Thổ", "Phong Thổ"
    organisation_save(organisation=organisation)

    document, _zip = open_docx(report)
    left, right = (cell.paragraphs for cell in document.tables[0].rows[0].cells)

    assert [p.text for p in left if p.text][:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN PHONG THỔ"]
    # The place of a report already composed is its own data; a new one takes the organisation's.
    assert right[-1].text == "Tam Đường, ngày 05 tháng 7 năm 2020"
