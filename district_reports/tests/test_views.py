"""The pages: thin over the services, refusals as the site gives them, typed text kept, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from district_reports.models import DistrictReport
from district_reports.services import district_report_create
from district_reports.windows import Window, WindowKind

from .conftest import REPORT_DATE, build_district

Q2 = Window(WindowKind.QUARTER, 2020, 2)


@pytest.fixture
def report(district):
    return district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=district.office)


def queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(captured), [query["sql"] for query in captured.captured_queries]


def test_a_unit_user_gets_exactly_the_page_of_something_missing(client, district, report):
    client.force_login(district.heads[0])

    refused = client.get(reverse("district_reports:detail", args=[report.pk]))
    missing = client.get(reverse("district_reports:detail", args=[report.pk + 1000]))

    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content


def test_the_office_composes_from_the_list_page(client, district):
    client.force_login(district.office)

    response = client.post(
        reverse("district_reports:create", args=[district.directive.pk]),
        {"window_kind": "quarter", "quarter": "2", "year": "2020", "report_date": "05/07/2020"},
    )

    report = DistrictReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("district_reports:detail", args=[report.pk])
    assert (report.window, report.report_date) == (Q2, REPORT_DATE)


def test_a_quarter_report_needs_its_quarter(client, district):
    client.force_login(district.office)

    response = client.post(
        reverse("district_reports:create", args=[district.directive.pk]),
        {"window_kind": "quarter", "quarter": "", "year": "2020", "report_date": "05/07/2020"},
    )

    assert response.status_code == 200 and "Hãy chọn quý." in response.content.decode()
    assert not DistrictReport.objects.exists()


def test_typed_text_survives_a_validation_error(client, district, report):
    client.force_login(district.office)
    url = reverse("district_reports:section", args=[report.pk, 2])
    text = "Đoạn đã gõ cẩn thận. " * 1500  # longer than a section may be

    response = client.post(url, {"text": text, "revision": "0"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đoạn đã gõ cẩn thận. Đoạn đã gõ cẩn thận." in page
    assert 'data-draft-key="cchc-district-report-' in page and "directives/report_form" in page
    assert report.sections.get(position=2).text == ""


def test_a_stale_save_keeps_the_typed_text_and_says_why(client, district, report):
    client.force_login(district.office)
    url = reverse("district_reports:section", args=[report.pk, 2])
    client.post(url, {"text": "Bản của đồng nghiệp.", "revision": "0"})

    response = client.post(url, {"text": "Bản của tôi.", "revision": "0"})

    page = response.content.decode()
    assert response.status_code == 200 and "Bản của tôi." in page and "Người khác đã lưu phần này" in page
    assert report.sections.get(position=2).text == "Bản của đồng nghiệp."


def test_the_leadership_reads_and_comments_but_finds_no_edit_control(client, district, report):
    client.force_login(district.leader)

    page = client.get(reverse("district_reports:detail", args=[report.pk])).content.decode()
    response = client.post(reverse("district_reports:comment", args=[report.pk, 2]), {"text": "Nêu rõ xã Giang Ma."})

    assert 'id="mark-final"' not in page and reverse("district_reports:header", args=[report.pk]) not in page
    assert "Ý kiến của đồng chí về phần này" in page
    assert response.status_code == 302
    assert "Nêu rõ xã Giang Ma." in client.get(reverse("district_reports:detail", args=[report.pk])).content.decode()


def test_the_dashboards_word_report_leads_to_the_district_report_of_the_period(client, district, report):
    client.force_login(district.leader)
    url = reverse("district_reports:for_period", args=[district.directive.pk])

    existing = client.get(url, {"period": district.q2.pk, "as_of": "05/07/2020"})
    missing = client.get(url, {"period": district.q3.pk, "as_of": "05/10/2020"})

    assert existing["Location"] == reverse("district_reports:detail", args=[report.pk])
    assert missing["Location"].startswith(reverse("district_reports:list", args=[district.directive.pk]) + "?")
    assert "window_kind=quarter" in missing["Location"] and "quarter=3" in missing["Location"]
    assert "report_date=05%2F10%2F2020" in missing["Location"]


# Every page: session, user, district role, unit membership (4), the report (1); then
# detail: sections, their comments; the window's periods, tasks, state tallies per task, units, demo reports,
#   indicators, indicator sums, SIPAS task links (10); the bell, the demo banner (2)                          → 17
# section: the section itself, then the detail's (12), then the units' texts beside it: periods, count,
#   the page of texts (3); the bell, the demo banner (2)                                                      → 21
# export: the detail's report queries (12), then the appendix rows, streamed in one query (1)                 → 16
QUERY_COUNTS = {"detail": 17, "section": 21, "export_docx": 16}


@pytest.mark.parametrize("name", list(QUERY_COUNTS))
def test_query_count_does_not_grow_with_units_tasks_and_periods(client, db, name):
    counts = []
    # Three units, two tasks, one period; then nine units, five tasks, two periods (9 tháng).
    for extra, window in ((0, Q2), (6, Window(WindowKind.NINE_MONTHS, 2020))):
        district = build_district(extra_units=extra, extra_tasks=extra // 2, number=f"{345 + extra}/UBND-NV")
        report = district_report_create(
            directive=district.directive, window=window, report_date=REPORT_DATE, user=district.office
        )
        client.force_login(district.office)
        args = [report.pk, 2] if name == "section" else [report.pk]
        counts.append(queries(client, reverse(f"district_reports:{name}", args=args))[0])

    assert counts == [QUERY_COUNTS[name]] * 2
