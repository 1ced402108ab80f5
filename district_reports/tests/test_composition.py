"""What the app composes: which reports count, as of which day, empty versus zero, the first texts, the appendix."""

import datetime

import pytest

from dashboard.selectors import summary_data
from directives.models import ReportingPeriod
from directives.selectors import TaskState
from district_reports.document import report_document
from district_reports.selectors import AWAITING, accepted_texts, appendix_head, appendix_rows, report_figures, window_periods
from district_reports.services import district_report_create
from district_reports.windows import Window, WindowKind, window_for_period

from .conftest import REPORT_DATE

Q2 = Window(WindowKind.QUARTER, 2020, 2)


def compose(district, *, window=Q2, day=REPORT_DATE):
    return district_report_create(directive=district.directive, window=window, report_date=day, user=district.office)


def test_windows_are_named_as_offices_name_them_and_cover_the_periods_inside_them(district):
    assert [w.label for w in (Q2, Window(WindowKind.FIRST_HALF, 2020), Window(WindowKind.NINE_MONTHS, 2020), Window(WindowKind.YEAR, 2020))] == [
        "Quý II năm 2020", "6 tháng đầu năm 2020", "9 tháng đầu năm 2020", "Năm 2020",
    ]  # fmt: skip
    assert window_periods(directive=district.directive, window=Window(WindowKind.FIRST_HALF, 2020)) == [district.q2]
    assert window_periods(directive=district.directive, window=Window(WindowKind.NINE_MONTHS, 2020)) == [district.q2, district.q3]
    assert window_for_period(start=district.q3.start_date, end=district.q3.end_date) == Window(WindowKind.QUARTER, 2020, 3)
    assert window_for_period(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 30)) == Window(
        WindowKind.FIRST_HALF, 2020
    )
    assert window_for_period(start=datetime.date(2020, 7, 1), end=datetime.date(2020, 12, 31)) == Window(WindowKind.YEAR, 2020)


def test_only_reports_accepted_by_the_report_date_count_as_reported(district):
    figures = report_figures(report=compose(district))
    task1, task2 = (figures.by_task[task.pk] for task in district.tasks[:2])

    # A accepted on time; B sent late and still waits for the office on 05/07; C never sent.
    assert (task1.due, task1.on_time, task1.late, task1.awaiting, task1.owed, task1.owed_overdue) == (3, 1, 0, 1, 1, 1)
    assert (task2.due, task2.on_time, task2.late, task2.awaiting, task2.owed, task2.owed_overdue) == (3, 1, 0, 0, 2, 2)
    assert figures.units == 3


def test_a_later_report_date_sees_what_happened_by_then(district):
    report = compose(district, day=datetime.date(2020, 7, 15))

    task1 = report_figures(report=report).by_task[district.tasks[0].pk]

    assert (task1.on_time, task1.late, task1.awaiting) == (1, 1, 0)  # B was accepted on 10/07, late


@pytest.mark.parametrize("day", [REPORT_DATE, datetime.date(2020, 7, 15)])
def test_the_figures_are_the_dashboards_for_the_same_day(district, day):
    figures = report_figures(report=compose(district, day=day))
    summary = summary_data(
        directive=district.directive, period=district.q2, periods=list(ReportingPeriod.objects.order_by("start_date")), as_of=day
    )

    for row in summary.by_task:
        work, counts = figures.by_task[row.key.pk], row.tally.counts
        assert work.on_time == counts[TaskState.DONE_ON_TIME]
        assert work.late == counts[TaskState.DONE_LATE]
        assert work.awaiting + work.owed == counts[TaskState.IN_PROGRESS] + counts[TaskState.OVERDUE]
        assert work.due == row.tally.due
    assert {item.indicator.pk: (item.total, item.reports) for item in summary.indicators} == {
        item.indicator.pk: (item.total, item.reports) for items in figures.indicators.values() for item in items
    }


def test_an_indicator_nobody_reported_reads_no_data_and_one_reported_as_zero_reads_zero(district):
    early = report_document(report=compose(district))
    task1 = next(part for part in early.sections if part.section.task_id == district.tasks[0].pk)

    assert "- Hồ sơ đã tiếp nhận: 12 hồ sơ (từ 1 báo cáo được chấp nhận)." in task1.figures
    assert "- Kinh phí đầu tư: chưa có số liệu." in task1.figures
    assert not any("0 đồng" in line for line in task1.figures)

    late = compose(district, window=Window(WindowKind.FIRST_HALF, 2020), day=datetime.date(2020, 7, 15))
    late_task1 = next(part for part in report_document(report=late).sections if part.section.task_id == district.tasks[0].pk)
    # B's accepted 0 is a value: the total stays 12, now from 2 reports.
    assert "- Hồ sơ đã tiếp nhận: 12 hồ sơ (từ 2 báo cáo được chấp nhận)." in late_task1.figures


def test_the_work_sentence_names_units_for_one_period_and_reports_for_several(district):
    quarter = report_document(report=compose(district))
    nine_months = report_document(report=compose(district, window=Window(WindowKind.NINE_MONTHS, 2020)))

    task1 = next(part for part in quarter.sections if part.section.task_id == district.tasks[0].pk)
    assert task1.figures[0] == (
        "Đến hết ngày 05/07/2020, trong 3 đơn vị được giao: 1 đơn vị có báo cáo được chấp nhận (1 đúng hạn, 0 quá hạn); "
        "1 đơn vị đã gửi báo cáo, đang chờ Văn phòng xem xét; 1 đơn vị chưa báo cáo (trong đó 1 đơn vị quá hạn)."
    )
    assert quarter.results_intro[0].startswith("Tính chung 2 nhiệm vụ: Đến hết ngày 05/07/2020, qua 1 kỳ báo cáo (6 lượt")
    assert "qua 2 kỳ báo cáo (12 lượt báo cáo đến hạn)" in nine_months.results_intro[0]


def test_the_header_cites_the_document_carried_out_and_is_addressed_to_its_recipients(district):
    report = compose(district)
    document = report_document(report=report)

    assert report.subject.startswith("Kết quả thực hiện Công văn số 3088/UBND-KSTT ngày 31/12/2019 của UBND tỉnh Lai Châu")
    assert report.subject.endswith("quý II năm 2020")
    assert document.addressees == ["- Ủy ban nhân dân tỉnh Lai Châu;", "- Sở Nội vụ tỉnh Lai Châu."]
    assert document.opening.paragraphs[0].startswith(
        "Thực hiện Công văn số 3088/UBND-KSTT ngày 31/12/2019 của UBND tỉnh Lai Châu"
    )
    assert "Ủy ban nhân dân huyện Tam Đường đã ban hành Công văn số 345/UBND-NV ngày 31/03/2020" in document.opening.paragraphs[0]
    assert document.copies_to == [
        "- Như trên;", "- Thường trực Huyện ủy;", "- Thường trực HĐND huyện;", "- Chủ tịch, các Phó Chủ tịch UBND huyện;",
        "- Lưu: VT, NV.",
    ]  # fmt: skip
    assert document.signer == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert document.date_line == "Tam Đường, ngày 05 tháng 7 năm 2020"


def test_section_one_says_what_the_district_issued_and_the_other_bases(district):
    direction = report_document(report=compose(district)).sections[0]

    assert direction.heading == "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI"
    assert direction.paragraphs[0].startswith("Ngày 31/03/2020, Ủy ban nhân dân huyện Tam Đường ban hành Công văn số 345/UBND-NV")
    assert "3 cơ quan, đơn vị, địa phương thực hiện 2 nhiệm vụ: (1) Nhiệm vụ số 1; (2) Nhiệm vụ số 2." in direction.paragraphs[0]
    assert "Chỉ thị số 10/CT-TTg ngày 22/04/2019 của Thủ tướng Chính phủ" in direction.paragraphs[-1]


def test_sections_three_to_five_start_from_the_accepted_reports_only(district):
    sections = {part.kind: part for part in report_document(report=compose(district)).sections}

    assert sections["shortcomings"].paragraphs == ["- UBND xã Bản Bo: Thiếu cán bộ một cửa."]  # B's came after 05/07
    assert sections["ahead"].paragraphs == ["- UBND xã Bản Bo: Bố trí thêm cán bộ."]
    assert sections["proposals"].paragraphs == ["- UBND xã Bản Bo: Đề nghị tỉnh hỗ trợ kinh phí."]
    assert not any("Bản nháp chưa gửi" in line for part in sections.values() for line in part.paragraphs)


def test_the_units_texts_offered_beside_a_task_are_the_accepted_ones_in_official_order(district):
    texts = {"directive": district.directive, "window": Q2, "field": "results", "task_id": district.tasks[0].pk}

    early_count, early = accepted_texts(**texts, as_of=REPORT_DATE)
    late_count, late = accepted_texts(**texts, as_of=datetime.date(2020, 7, 15))

    assert (early_count, [t.unit_name for t in early]) == (1, ["UBND xã Bản Bo"])
    assert (late_count, [t.unit_name for t in late]) == (2, ["UBND xã Bản Bo", "UBND xã Bình Lư"])


def test_the_appendix_gives_each_unit_its_state_on_each_task_in_official_order(district):
    report = compose(district)

    head = appendix_head(report=report)
    rows = list(appendix_rows(report=report, head=head))

    assert head.tasks == [(1, "Nhiệm vụ số 1"), (2, "Nhiệm vụ số 2")] and head.periods == ["Quý II/2020"]
    assert rows == [
        ("UBND xã Bản Bo", [[TaskState.DONE_ON_TIME], [TaskState.DONE_ON_TIME]]),
        ("UBND xã Bình Lư", [[TaskState.OVERDUE], [TaskState.OVERDUE]]),  # sent late: overdue while it waits
        ("UBND xã Giang Ma", [[TaskState.OVERDUE], [TaskState.OVERDUE]]),
    ]
    assert AWAITING not in str(rows)


def test_figures_counted_from_demo_reports_say_so(district):
    from directives.models import ProgressReport

    plain = report_document(report=compose(district))
    ProgressReport.objects.filter(period=district.q2, unit=district.units[0]).update(is_demo=True)
    demo = report_document(report=compose(district, window=Window(WindowKind.FIRST_HALF, 2020)))

    assert "minh họa" not in plain.results_intro[0]
    assert demo.results_intro[0].endswith("(Số liệu trên có cả báo cáo minh họa, không phải số liệu chính thức.)")
