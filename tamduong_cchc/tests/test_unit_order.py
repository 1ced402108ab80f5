"""Every page and export lists units in the one official order: group, then display order, then Vietnamese name."""

import csv
import datetime
import io

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from directives.services import directive_sync_reports
from district_reports.exports.docx_export import district_report_docx
from district_reports.services import district_report_create
from district_reports.windows import Window, WindowKind
from tests.factories import (
    AssignmentFactory,
    DirectiveFactory,
    DistrictRoleFactory,
    PeriodFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from tests.workflow import at
from transparency.services import directive_publish
from units.models import DistrictRoleKind, Unit, UnitKind

TODAY = datetime.date(2020, 8, 20)

# (kind, display order, name), created in this order so that neither the primary key, the name nor
# the display order alone gives the official order.
UNITS = [
    (UnitKind.COMMUNE, 0, "UBND xã Giang Ma"),
    (UnitKind.COMMUNE, 0, "UBND xã Bản Bo"),
    (UnitKind.AGENCY, 2, "Phòng Nội vụ"),
    (UnitKind.PUBLIC_SERVICE, 0, "Trung tâm Y tế"),
    (UnitKind.AGENCY, 1, "Phòng Tư pháp"),
]
OFFICIAL = ["Phòng Tư pháp", "Phòng Nội vụ", "Trung tâm Y tế", "UBND xã Bản Bo", "UBND xã Giang Ma"]


def in_order_of_appearance(text: str) -> list[str]:
    """The units' names in the order they first appear in ``text``."""
    return sorted((name for name in OFFICIAL if name in text), key=text.index)


@pytest.fixture
def district(db, time_machine):
    time_machine.move_to(at(TODAY, 10), tick=False)
    directive = DirectiveFactory()
    task = TaskFactory(directive=directive, number=1)
    period = PeriodFactory(directive=directive, label="Quý II/2020")
    for kind, display_order, name in UNITS:
        AssignmentFactory(task=task, unit=UnitFactory(kind=kind, display_order=display_order, name=name, short_name=name))
    directive_sync_reports(directive=directive)
    office = DistrictRoleFactory(user=UserFactory(username="vp-thu-tu"), role=DistrictRoleKind.OFFICE).user
    directive_publish(user=office, directive=directive)
    client = Client()
    client.force_login(office)
    return directive, period, office, client


def test_the_fixture_differs_in_group_display_order_and_name(district):
    assert list(Unit.objects.in_official_order().values_list("name", flat=True)) == OFFICIAL
    assert sorted(OFFICIAL) != OFFICIAL != [name for _kind, _order, name in UNITS]


@pytest.mark.parametrize(
    "page",
    ["dashboard:dashboard", "dashboard:summary", "directives:report_list", "transparency:directive"],
)
def test_every_page_lists_the_units_in_the_official_order(district, page):
    directive, period, _office, client = district
    if page == "directives:report_list":
        url = reverse(page) + f"?directive={directive.pk}"
    else:
        url = reverse(page, args=[directive.pk]) + ("" if page.startswith("transparency") else f"?period={period.pk}")
    response = client.get(url)
    assert response.status_code == 200
    assert in_order_of_appearance(response.content.decode()) == OFFICIAL


def test_both_excel_sheets_list_the_units_in_the_official_order(district):
    directive, period, _office, client = district
    response = client.get(reverse("dashboard:export_xlsx", args=[directive.pk]), {"period": period.pk})
    compliance, data = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    assert [row[1] for row in compliance.iter_rows(min_row=9, values_only=True) if row[1] in OFFICIAL] == OFFICIAL
    assert [row[6] for row in data.iter_rows(min_row=2, values_only=True)] == OFFICIAL


def test_the_district_reports_word_appendix_lists_the_units_in_the_official_order(district):
    directive, _period, office, _client = district
    window = Window(WindowKind.QUARTER, 2020, 2)
    report = district_report_create(directive=directive, window=window, report_date=TODAY, user=office)
    document = docx.Document(district_report_docx(report=report))
    appendix = document.tables[-1]
    assert [row.cells[1].text for row in appendix.rows if row.cells[1].text in OFFICIAL] == OFFICIAL


def test_the_open_data_csv_lists_the_units_in_the_official_order(district):
    directive, _period, _office, client = district
    response = client.get(reverse("transparency:directive_csv", args=[directive.pk]))
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert [row["unit_name"] for row in rows] == OFFICIAL


def test_the_api_lists_the_units_in_the_official_order(district):
    _directive, _period, _office, client = district
    assert [row["name"] for row in client.get("/api/v1/units/").json()["results"]] == OFFICIAL
