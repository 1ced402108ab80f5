"""The rules of composing, editing and marking final: who may, versions with the full text, and what a final report refuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directives.models import ProgressReport, ReportStatus
from district_reports.document import report_document
from district_reports.models import ReportState, SectionComment
from district_reports.selectors import district_report_final_versions, report_versions
from district_reports.services import (
    HeaderData,
    district_report_comment_add,
    district_report_create,
    district_report_finalise,
    district_report_header_save,
    district_report_section_save,
)
from district_reports.windows import Window, WindowKind

from .conftest import REPORT_DATE

Q2 = Window(WindowKind.QUARTER, 2020, 2)


@pytest.fixture
def report(district):
    return district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=district.office)


def task_position(report, district, index=0) -> int:
    return report.sections.get(task=district.tasks[index]).position


def header(report, **changes) -> HeaderData:
    values = {name: getattr(report, name) for name in HeaderData.__dataclass_fields__}
    return HeaderData(**(values | changes))


@pytest.mark.parametrize("who", ["leader", "head"])
def test_only_the_office_composes(district, who):
    user = district.leader if who == "leader" else district.heads[0]

    with pytest.raises(PermissionDenied):
        district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=user)


@pytest.mark.parametrize(
    ("window", "day", "code"),
    [
        (Q2, timezone.localdate() + datetime.timedelta(days=1), "future"),
        (Q2, datetime.date(2020, 3, 31), "before_window"),
        (Window(WindowKind.QUARTER, 2020, 1), datetime.date(2020, 4, 5), "no_periods"),
    ],
)
def test_a_report_cannot_be_composed_for_a_wrong_day_or_an_empty_window(district, window, day, code):
    with pytest.raises(ValidationError) as caught:
        district_report_create(directive=district.directive, window=window, report_date=day, user=district.office)

    codes = [e.code for errors in getattr(caught.value, "error_dict", {"": [caught.value]}).values() for e in errors]
    assert codes == [code]


def test_one_report_per_directive_and_window(district, report):
    with pytest.raises(ValidationError) as caught:
        district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=district.office)

    assert caught.value.code == "exists"


def test_composing_keeps_version_one_with_the_full_text(district, report):
    (version,) = report_versions(report=report)

    assert (version.number, version.saved_by, version.state) == (1, district.office, ReportState.DRAFT)
    content = version.content
    assert content["header"]["subject"] == report.subject
    assert [section["heading"] for section in content["sections"]][:3] == [
        "",
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "1. Nhiệm vụ số 1",
    ]
    assert "- Kinh phí đầu tư: chưa có số liệu." in content["sections"][2]["figures"]


def test_saving_a_section_keeps_a_new_version_and_a_stale_editor_is_refused(district, report):
    position = task_position(report, district)
    district_report_section_save(
        report_id=report.pk, position=position, user=district.office, text="Đã tổng hợp.\nĐoạn hai.", revision=0
    )

    with pytest.raises(ValidationError) as caught:
        district_report_section_save(report_id=report.pk, position=position, user=district.office, text="Bản cũ", revision=0)

    assert caught.value.code == "stale"
    versions = report_versions(report=report)
    assert [v.number for v in versions] == [2, 1]
    latest = versions[0].__class__.objects.get(pk=versions[0].pk)
    assert latest.change == "Sửa phần: 1. Nhiệm vụ số 1"
    assert next(s for s in latest.content["sections"] if s["position"] == position)["text"] == "Đã tổng hợp.\nĐoạn hai."
    part = next(p for p in report_document(report=report).sections if p.position == position)
    assert part.paragraphs == ["Đã tổng hợp.", "Đoạn hai."]


def test_pasted_control_characters_never_reach_the_report(district, report):
    position = task_position(report, district)

    district_report_section_save(report_id=report.pk, position=position, user=district.office, text="A\x00B\x0bC\x1f", revision=0)

    assert report.sections.get(position=position).text == "AB\nC"


@pytest.mark.parametrize("who", ["leader", "head"])
def test_only_the_office_edits(district, report, who):
    user = district.leader if who == "leader" else district.heads[0]

    with pytest.raises(PermissionDenied):
        district_report_section_save(report_id=report.pk, position=1, user=user, text="x", revision=0)
    with pytest.raises(PermissionDenied):
        district_report_finalise(report_id=report.pk, user=user)


def test_the_report_date_moves_every_figure_to_the_new_day(district, report):
    district_report_header_save(
        report_id=report.pk, user=district.office, data=header(report, report_date=datetime.date(2020, 7, 15))
    )
    report.refresh_from_db()

    task1 = next(p for p in report_document(report=report).sections if p.section.task_id == district.tasks[0].pk)
    assert task1.figures[0].startswith("Đến hết ngày 15/07/2020, trong 3 đơn vị được giao: 2 đơn vị có báo cáo được chấp nhận")


def test_marking_final_needs_the_signer_and_then_freezes_text_and_figures(district, report):
    with pytest.raises(ValidationError) as caught:
        district_report_finalise(report_id=report.pk, user=district.office)
    assert caught.value.error_dict["signer_name"][0].code == "incomplete"

    district_report_header_save(report_id=report.pk, user=district.office, data=header(report, signer_name="Nguyễn Văn A"))
    district_report_finalise(report_id=report.pk, user=district.office)
    before = report_document(report=report.__class__.objects.get(pk=report.pk))
    # Whatever happens to the data afterwards, the final report says what it said.
    ProgressReport.objects.filter(period=district.q2).update(status=ReportStatus.DRAFT, first_submitted_at=None)
    report.refresh_from_db()
    after = report_document(report=report)

    assert report.state == ReportState.FINAL and report.finalised_by == district.office
    assert [p.figures for p in after.sections] == [p.figures for p in before.sections]
    assert after.results_intro == before.results_intro
    for attempt in (
        lambda: district_report_section_save(report_id=report.pk, position=1, user=district.office, text="x", revision=0),
        lambda: district_report_header_save(report_id=report.pk, user=district.office, data=header(report, number="1/BC-UBND")),
        lambda: district_report_finalise(report_id=report.pk, user=district.office),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "final"
    (final,) = district_report_final_versions(directive_id=district.directive.pk)
    assert (final.number, final.state, final.content["header"]["signer_name"]) == (3, ReportState.FINAL, "Nguyễn Văn A")


def test_the_leadership_comments_on_a_section_of_a_draft_or_a_final_report_and_nobody_else_does(district, report):
    district_report_comment_add(report_id=report.pk, position=2, user=district.leader, text="Bổ sung số liệu xã Giang Ma.")

    with pytest.raises(PermissionDenied):
        district_report_comment_add(report_id=report.pk, position=2, user=district.office, text="x")
    with pytest.raises(PermissionDenied):
        district_report_comment_add(report_id=report.pk, position=2, user=district.heads[0], text="x")
    with pytest.raises(ValidationError) as caught:
        district_report_comment_add(report_id=report.pk, position=2, user=district.leader, text=" \x00 ")
    assert caught.value.error_dict["text"][0].code == "required"
    (comment,) = SectionComment.objects.all()
    assert (comment.section.position, comment.author, comment.text) == (2, district.leader, "Bổ sung số liệu xã Giang Ma.")
