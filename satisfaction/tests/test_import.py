"""Importing SIPAS results from the Excel template: every problem named by row and column, all or nothing."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from satisfaction.importing import ImportFileError, grid_check, template_build, workbook_read
from satisfaction.models import CriterionValue, ElementValue, Measurement, Scope
from satisfaction.services import ImportRefused, measurements_import
from security.text import text_clean
from tests.factories import DistrictRoleFactory, UnitFactory

from .conftest import make_measurement

pytestmark = pytest.mark.django_db

SOURCE = "Quyết định 1633/QĐ-UBND ngày 12/12/2019"


def filled_template(rows: list[dict], *, edit_header=None) -> bytes:
    """The app's own template with ``rows`` ({column key: value}) filled from row 3."""
    workbook = load_workbook(io.BytesIO(template_build()))
    sheet = workbook["SIPAS"]
    keys = [cell.value for cell in sheet[1]]
    if edit_header:
        edit_header(sheet)
    for offset, row in enumerate(rows):
        for key, value in row.items():
            sheet.cell(3 + offset, keys.index(key) + 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "sipas.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def check(content: bytes):
    return grid_check(workbook_read(upload=upload(content)))


def district_row(**extra):
    return {"year": 2019, "scope": "huyện", "source_document": SOURCE, "overall_index": 82.5, **extra}


def test_template_lists_every_element_and_criterion_column(sipas):
    sheet = load_workbook(io.BytesIO(template_build()))["SIPAS"]
    keys = [cell.value for cell in sheet[1]]
    assert keys[:5] == ["year", "scope", "unit_code", "source_document", "overall_index"]
    assert keys[5:10] == ["E1", "E2", "E3", "E4", "E5"]
    assert len(keys) == 5 + 5 + 22


def test_a_correct_file_imports_measurement_element_and_criterion_values(sipas):
    unit = UnitFactory(code="xa-ban-bo")
    content = filled_template(
        [
            district_row(E1=80.1, E3="84,45", **{"3.1": 61.2, "2.5": 0}),
            {"year": 2019, "scope": "tỉnh", "source_document": SOURCE, "overall_index": 85, "E1": 100},
            {"year": 2019, "scope": "đơn vị", "unit_code": "xa-ban-bo", "source_document": SOURCE, "overall_index": 79.99},
        ]
    )
    checked = check(content)
    assert checked.problems == []

    result = measurements_import(grid=workbook_read(upload=upload(content)))

    assert (result.created, result.replaced) == (3, 0)
    district = Measurement.objects.get(scope=Scope.DISTRICT, year=2019)
    assert district.overall_index == Decimal("82.50") and district.source_document == SOURCE and not district.is_demo
    assert dict(district.element_values.values_list("element__code", "value")) == {"E1": Decimal("80.10"), "E3": Decimal("84.45")}
    assert dict(district.criterion_values.values_list("criterion__code", "value")) == {
        "3.1": Decimal("61.20"),
        "2.5": Decimal("0.00"),
    }
    assert Measurement.objects.get(scope=Scope.UNIT).unit == unit


def test_an_excel_percentage_cell_is_read_as_percent(sipas):
    def as_percent(sheet):
        sheet["E3"].number_format = "0.00%"

    checked = check(filled_template([district_row(overall_index=0.8445)], edit_header=as_percent))
    assert checked.problems == []
    assert checked.measurements[0].overall_index == Decimal("84.45")


def test_wrong_headers_are_named_by_column(sipas):
    def break_header(sheet):
        sheet["A1"] = "nam"  # misspelt "year"
        sheet["F1"] = "E9"  # no such element (it was E1)
        sheet["G1"] = "E1"  # E1 now here…
        sheet["H1"] = "E1"  # …and twice

    problems = check(filled_template([], edit_header=break_header)).problems
    found = {(p.row, p.column, p.key) for p in problems}
    assert (1, "A", "nam") in found
    assert (1, "F", "E9") in found
    assert (1, "H", "E1") in found  # the second E1
    assert (1, "", "year") in found  # the missing column
    assert all(p.row == 1 for p in problems)


def test_bad_cells_are_each_named_by_row_and_column(sipas):
    content = filled_template(
        [
            district_row(E1="tám mươi"),  # row 3: text in a number cell (column F)
            district_row(year=2020, E2=100.5),  # row 4: over 100 (column G)
            {"year": 2019, "scope": "đơn vị", "unit_code": "xa-khong-co", "source_document": SOURCE},  # row 5: unknown unit (C)
            {"year": "hai nghìn", "scope": "xã", "source_document": ""},  # row 6: year, scope, source (A, B, D)
            district_row(**{"3.1": -1}),  # row 7: below 0
        ]
    )
    problems = check(content).problems
    found = {(p.row, p.column) for p in problems}
    assert {(3, "F"), (4, "G"), (5, "C"), (6, "A"), (6, "B"), (6, "D")} <= found
    assert any(p.row == 7 and p.key == "3.1" for p in problems)
    text = {(p.row, p.column): p.message for p in problems}
    assert "tám mươi" in text[(3, "F")]
    assert "xa-khong-co" in text[(5, "C")]


def test_unit_code_rules_follow_the_scope(sipas):
    UnitFactory(code="xa-ban-bo")
    problems = check(
        filled_template(
            [
                {"year": 2019, "scope": "đơn vị", "source_document": SOURCE},
                {"year": 2019, "scope": "huyện", "unit_code": "xa-ban-bo", "source_document": SOURCE},
            ]
        )
    ).problems
    assert {(p.row, p.key) for p in problems} == {(3, "unit_code"), (4, "unit_code")}


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"year,scope\n2019,huyen\n", "sipas.csv"),
        (b"%PDF-1.4 not a workbook", "sipas.xlsx"),
        (b"PK\x03\x04 broken zip", "sipas.xlsx"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_with_a_clear_message(client, sipas, content, name):
    client.force_login(DistrictRoleFactory().user)
    response = client.post(reverse("satisfaction:import_start"), {"file": upload(content, name)})
    assert response.status_code == 200
    assert "không phải tệp Excel .xlsx" in response.content.decode()
    assert "satisfaction_import" not in client.session


def test_a_workbook_without_the_sipas_sheet_is_refused(client, sipas):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    client.force_login(DistrictRoleFactory().user)
    response = client.post(reverse("satisfaction:import_start"), {"file": upload(buffer.getvalue())})
    assert "không có trang tính" in response.content.decode()


def test_nothing_is_saved_when_any_row_has_a_problem(sipas):
    content = filled_template([district_row(E1=80), district_row(year=2020, E1="n/a")])
    with pytest.raises(ImportRefused) as refused:
        measurements_import(grid=workbook_read(upload=upload(content)))
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "F")]
    assert not Measurement.objects.exists() and not ElementValue.objects.exists()


def test_importing_again_replaces_the_figures_of_the_same_year_and_scope(sipas):
    old = make_measurement(overall="70", elements={"E1": "60"}, criteria={"1.1": "50"}, is_demo=True)
    measurements_import(grid=workbook_read(upload=upload(filled_template([district_row(E2=90)]))))
    old.refresh_from_db()
    assert old.overall_index == Decimal("82.50") and not old.is_demo
    assert list(old.element_values.values_list("element__code", flat=True)) == ["E2"]
    assert not CriterionValue.objects.exists()


def test_upload_preview_confirm_in_the_browser_flow(client, sipas):
    client.force_login(DistrictRoleFactory().user)
    content = filled_template([district_row(E1=80)])

    response = client.post(reverse("satisfaction:import_start"), {"file": upload(content)})
    assert response.status_code == 302 and response["Location"] == reverse("satisfaction:import_preview")
    assert not Measurement.objects.exists()  # the preview saves nothing

    preview = client.get(reverse("satisfaction:import_preview")).content.decode()
    assert "Không phát hiện lỗi" in preview
    token = client.session["satisfaction_import"]["token"]

    assert client.post(reverse("satisfaction:import_confirm"), {"token": "stale"}).status_code == 302
    assert not Measurement.objects.exists()  # a stale or forged token imports nothing

    response = client.post(reverse("satisfaction:import_confirm"), {"token": token}, follow=True)
    assert Measurement.objects.get().overall_index == Decimal("82.50")
    assert "satisfaction_import" not in client.session
    assert "Đã nhập" in response.content.decode()


def test_preview_lists_problems_and_offers_no_confirm_button(client, sipas):
    client.force_login(DistrictRoleFactory().user)
    client.post(reverse("satisfaction:import_start"), {"file": upload(filled_template([district_row(E1=101)]))})

    html = client.get(reverse("satisfaction:import_preview")).content.decode()

    assert "<td>3</td><td>F <code>E1</code></td>" in html
    assert reverse("satisfaction:import_confirm") not in html
    token = client.session["satisfaction_import"]["token"]
    client.post(reverse("satisfaction:import_confirm"), {"token": token})
    assert not Measurement.objects.exists()  # confirming anyway is refused


def test_an_oversized_upload_is_refused_before_it_is_read(client, sipas):
    client.force_login(DistrictRoleFactory().user)
    response = client.post(reverse("satisfaction:import_start"), {"file": upload(b"PK" + b"\0" * (2 * 1024 * 1024))})
    assert "lớn hơn 2 MB" in response.content.decode()
    assert "satisfaction_import" not in client.session


def test_the_template_writes_unit_names_as_text_never_as_formulas(sipas):
    hostile = {'=HYPERLINK("http://x","Bấm")': "xa-a", "@SUM(A1)": "xa-b", "+1-1": "xa-c", "Bản\x0bBo": "xa-d"}
    for name, code in hostile.items():
        UnitFactory(code=code, name=name)

    units = load_workbook(io.BytesIO(template_build())).worksheets[1]

    cells = {row[1].value: row[1].data_type for row in units.iter_rows(min_row=2)}
    assert {name: cells.get(text_clean(name)) for name in hostile} == dict.fromkeys(hostile, "s")


def _bomb(unpacked_bytes: int) -> bytes:
    """A small .xlsx-looking package whose sheet would unpack to ``unpacked_bytes``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (unpacked_bytes // 6))
    return buffer.getvalue()


def test_an_import_is_refused_by_its_unpacked_size_before_any_sheet_is_parsed(sipas, monkeypatch):
    from satisfaction import importing

    monkeypatch.setattr(importing, "load_workbook", lambda *args, **kwargs: pytest.fail("the workbook was parsed"))
    content = _bomb(importing.MAX_UNPACKED_BYTES + 1024)
    assert len(content) < importing.MAX_FILE_BYTES  # small enough to pass the upload's own size check

    with pytest.raises(ImportFileError) as refused:
        workbook_read(upload=upload(content))

    assert "20 MB" in str(refused.value)


def test_an_import_is_refused_by_its_cell_count_while_the_sheet_is_read(sipas):
    from satisfaction import importing

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importing.SHEET
    for _row in range(importing.MAX_CELLS // 500 + 1):
        sheet.append(["x"] * 500)  # far more columns than the template has: they count all the same
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(ImportFileError) as refused:
        workbook_read(upload=upload(buffer.getvalue()))

    assert str(importing.MAX_CELLS) in str(refused.value)
