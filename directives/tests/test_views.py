"""Every workflow view refuses the wrong people (anonymous, another unit, no role) and serves the right ones."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from directives.models import EvidenceFile, ExtensionRequest, ProgressReport, ReportStatus, ReportVersion
from directives.services import ReportContent, report_accept, report_save_draft, report_submit
from directives.views.unit import MY_REPORTS_PAGE_SIZE
from tests.factories import PeriodFactory, ReportFactory
from tests.workflow import report_submitted, unit_submitter

from .conftest import PDF_BYTES


def _evidence(world):
    report_save_draft(
        report_id=world.report.pk,
        user=world.staff_a,
        content=ReportContent(results="Đã làm"),
        files=[SimpleUploadedFile("Biên bản họp Bản Bo.pdf", PDF_BYTES)],
    )
    return EvidenceFile.objects.get()


def _submitted(world):
    a, b = world.indicators
    report_submit(
        report_id=world.report.pk,
        user=world.head_a,
        content=ReportContent(results="Đã làm", indicators={a.pk: Decimal(1), b.pk: Decimal(1)}),
    )
    return world.report


# Which page answers whom is tamduong_cchc/tests/test_access_matrix.py's (every URL, every kind of visitor).
# Here: the actions posted to those pages, each by who may and who may not do it; anonymous is always
# sent to the sign-in page, and every refusal is 404 (units/permissions.py: how the site refuses).
ACTIONS = [
    ("save a draft", lambda w: reverse("directives:report", args=[w.report.pk]), {"action": "save", "results": "x"},
     {"staff_a": 302, "head_b": 404, "office": 404, "chairman": 404, "nobody": 404}),
    ("submit", lambda w: reverse("directives:report", args=[w.report.pk]), {"action": "submit", "results": "x"},
     {"staff_a": 404, "head_b": 404, "office": 404, "nobody": 404}),
    ("accept", lambda w: reverse("directives:review", args=[_submitted(w).pk]), {"revision": 1, "decision": "accept"},
     {"office": 302, "chairman": 404, "head_a": 404, "nobody": 404}),
]  # fmt: skip
CASES = [(name, build, data, who, status) for name, build, data, expected in ACTIONS for who, status in expected.items()]


@pytest.mark.parametrize(("name", "build", "data", "who", "status"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_an_action_answers_who_may_and_who_may_not(client, world, name, build, data, who, status):
    url = build(world)
    client.force_login(getattr(world, who))

    response = client.post(url, data)

    assert response.status_code == status


@pytest.mark.parametrize("name", [row[0] for row in ACTIONS])
def test_anonymous_is_sent_to_sign_in(client, world, name):
    _, build, data, _ = next(row for row in ACTIONS if row[0] == name)

    response = client.post(build(world), data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_missing_report_answers_exactly_like_another_units_report(client, world):
    client.force_login(world.head_b)
    forbidden = client.get(reverse("directives:report", args=[world.report.pk]))
    missing = client.get(reverse("directives:report", args=[world.report.pk + 10_000]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


# The unit's pages ---------------------------------------------------------------------------------


def test_unit_home_lists_the_current_period_with_state_deadline_and_days_left(client, world):
    client.force_login(world.head_a)

    page = client.get(reverse("home")).content.decode()

    assert "Một cửa, một cửa liên thông" in page
    assert world.period.due_date.strftime("%d/%m/%Y") in page
    assert "còn 10 ngày" in page
    assert reverse("directives:report", args=[world.report.pk]) in page
    assert reverse("directives:report", args=[world.report_b.pk]) not in page


def test_days_are_counted_only_in_the_current_period_and_earlier_ones_say_how_they_ended(client, world):
    world.previous_report.refresh_from_db()
    client.force_login(world.head_a)

    page = client.get(reverse("directives:my_reports")).content.decode()
    cards = dict(re.findall(r'data-report="(\d+)".*?<small>(?:(?!</small>).)*?· (.*?)</small>', page, re.S))

    assert "còn 10 ngày" in cards[str(world.report.pk)]
    assert "kỳ đã kết thúc: chưa gửi báo cáo" in cards[str(world.previous_report.pk)]
    assert "quá hạn" not in cards[str(world.previous_report.pk)].replace("Quá hạn", "")


def test_a_report_waiting_for_review_says_so_instead_of_counting_days(client, world, time_machine):
    _submitted(world)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=15), tick=False)  # past the deadline
    client.force_login(world.head_a)

    page = client.get(reverse("directives:report", args=[world.report.pk])).content.decode()

    assert page.count("Đã gửi, chờ xem xét") == 2  # the state badge and the deadline line
    assert "ngày quá hạn" not in page and "quá hạn 5 ngày" not in page


def test_returned_reports_come_first_on_the_unit_home(client, world):
    from directives.services import directive_sync_reports, report_return
    from tests.factories import AssignmentFactory, TaskFactory

    other = AssignmentFactory(task=TaskFactory(directive=world.directive, number=1), unit=world.unit_a)
    directive_sync_reports(directive=world.directive)
    _submitted(world)
    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung")
    client.force_login(world.head_a)

    page = client.get(reverse("home")).content.decode()
    rows = re.findall(r'data-report="(\d+)"', page)

    other_report = ProgressReport.objects.get(assignment=other, period=world.period)
    assert rows == [str(world.report.pk), str(other_report.pk)]


def test_validation_error_keeps_everything_typed(client, world):
    client.force_login(world.head_a)
    a = world.indicators[0]
    data = {"action": "submit", "results": "Kết quả dài đã gõ", "solutions": "Giải pháp", f"indicator_{a.pk}": "-5"}

    response = client.post(reverse("directives:report", args=[world.report.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả dài đã gõ" in page and "Giải pháp" in page and 'value="-5"' in page
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.DRAFT


def test_submit_with_an_indicator_left_empty_is_refused_on_the_form_and_the_text_is_kept(client, world):
    client.force_login(world.head_a)
    a, _b = world.indicators
    data = {"action": "submit", "results": "Kết quả đã gõ", f"indicator_{a.pk}": "3"}  # second indicator left empty

    response = client.post(reverse("directives:report", args=[world.report.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200  # the service's list of missing items, not a server error
    assert "Kết quả đã gõ" in page and "Hồ sơ đúng hạn" in page
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.DRAFT


def test_a_bad_file_is_refused_with_a_message_and_the_text_is_kept(client, world):
    client.force_login(world.staff_a)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ this is not a pdf")

    response = client.post(
        reverse("directives:report", args=[world.report.pk]), {"action": "save", "results": "Nội dung đã gõ", "evidence": [fake]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nội dung đã gõ" in page
    assert "bao-cao.pdf" in page and "PDF, Word, Excel, JPEG" in page
    assert not EvidenceFile.objects.exists()


def test_several_files_attach_in_one_save(client, world):
    client.force_login(world.staff_a)
    files = [SimpleUploadedFile(f"tệp {i}.pdf", PDF_BYTES) for i in range(3)]

    client.post(reverse("directives:report", args=[world.report.pk]), {"action": "save", "results": "x", "evidence": files})

    assert EvidenceFile.objects.filter(report=world.report).count() == 3


def test_submit_through_the_page_then_the_page_is_read_only(client, world):
    client.force_login(world.head_a)
    a, b = world.indicators
    url = reverse("directives:report", args=[world.report.pk])
    data = {"action": "submit", "results": "Đã làm", f"indicator_{a.pk}": "12", f"indicator_{b.pk}": "1,5"}

    first = client.post(url, data)
    second = client.post(url, data)  # the double click

    assert first.status_code == second.status_code == 302
    assert ReportVersion.objects.filter(report=world.report).count() == 1
    assert ReportVersion.objects.get().indicators[1]["value"] == "1.5"
    page = client.get(url).content.decode()
    assert 'id="report-form"' not in page


def test_download_is_an_attachment_with_the_vietnamese_name_preserved(client, world):
    evidence = _evidence(world)
    client.force_login(world.office)

    response = client.get(reverse("directives:evidence_download", args=[evidence.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20B%E1%BA%A3n%20Bo.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"


def test_media_files_are_not_served_from_a_public_url(client, world):
    evidence = _evidence(world)
    client.force_login(world.head_a)
    assert client.get("/media/" + evidence.file.name).status_code == 404
    assert client.get(evidence.file.url).status_code == 404


def test_extension_request_through_the_page(client, world):
    client.force_login(world.head_a)
    new_date = world.period.due_date.replace(day=28)

    response = client.post(
        reverse("directives:extension_request", args=[world.report.pk]),
        {"requested_date": new_date.isoformat(), "reason": "Đi tập huấn"},
    )

    assert response.status_code == 302
    assert ExtensionRequest.objects.get().requested_date == new_date


# The office's pages -------------------------------------------------------------------------------


def test_review_shows_the_previous_report_of_the_same_unit_and_task(client, world):
    ProgressReport.objects.filter(pk=world.previous_report.pk).update(results="Kết quả kỳ trước của Bản Bo")
    ProgressReport.objects.filter(pk=world.report_b.pk).update(results="Không phải của Bản Bo")
    _submitted(world)
    client.force_login(world.office)

    page = client.get(reverse("directives:review", args=[world.report.pk])).content.decode()

    assert "Kết quả kỳ trước của Bản Bo" in page
    assert "Không phải của Bản Bo" not in page


def test_return_without_comment_is_refused_on_the_page(client, world):
    _submitted(world)
    client.force_login(world.office)

    response = client.post(reverse("directives:review", args=[world.report.pk]), {"revision": 1, "decision": "return"})

    assert response.status_code == 200
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED


def test_second_reviewer_sees_a_clear_message(client, world):
    _submitted(world)
    report_accept(report_id=world.report.pk, user=world.office, revision=1)
    client.force_login(world.office2)

    response = client.post(
        reverse("directives:review", args=[world.report.pk]), {"revision": 1, "decision": "return", "comment": "Trả"}, follow=True
    )

    assert "Văn phòng đã quyết định về báo cáo này" in response.content.decode()
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.ACCEPTED


def test_review_queue_is_oldest_first(client, world):
    from directives.services import report_submit as submit

    _submitted(world)
    submit(
        report_id=world.report_b.pk,
        user=world.head_b,
        content=ReportContent(results="B", indicators={i.pk: 1 for i in world.indicators}),
    )
    client.force_login(world.office)

    page = client.get(reverse("directives:review_queue")).content.decode()

    assert page.index(reverse("directives:review", args=[world.report.pk])) < page.index(
        reverse("directives:review", args=[world.report_b.pk])
    )


def test_office_sets_up_a_directive_and_units_can_report_on_it(client, world):
    client.force_login(world.office)
    data = {
        "doc_type": "ke_hoach", "number": "12/KH-UBND", "issue_date": "2020-01-10",
        "issuing_body": "UBND huyện Tam Đường", "signer_title": "Chủ tịch", "signer_name": "Từ Hữu Hà",
        "subject": "Kế hoạch CCHC năm 2020", "report_schedule": "six_monthly", "report_due_day": "10",
        "units": [world.unit_a.pk], "year_from": "2020", "year_to": "2020",
        "tasks-TOTAL_FORMS": "3", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "1", "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-number": "1", "tasks-0-short_label": "Rà soát TTHC", "tasks-0-text": "Rà soát toàn bộ TTHC.",
        "tasks-1-number": "2", "tasks-1-short_label": "Số hóa hồ sơ", "tasks-1-text": "Số hóa hồ sơ.",
    }  # fmt: skip

    response = client.post(reverse("directives:directive_new"), data)

    assert response.status_code == 302
    reports = ProgressReport.objects.filter(period__directive__number="12/KH-UBND")
    assert reports.count() == 4  # 2 tasks × 1 unit × 2 half-years
    assert set(reports.values_list("assignment__unit", flat=True)) == {world.unit_a.pk}
    client.force_login(world.head_a)
    assert client.get(reverse("directives:report", args=[reports.first().pk])).status_code == 200


def test_directive_set_up_with_errors_keeps_the_input(client, world):
    client.force_login(world.office)
    data = {"number": "13/KH-UBND", "subject": "Chủ đề đã gõ", "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0",
            "tasks-0-short_label": "Nhiệm vụ đã gõ"}  # fmt: skip

    page = client.post(reverse("directives:directive_new"), data).content.decode()

    assert "Chủ đề đã gõ" in page and "Nhiệm vụ đã gõ" in page


def test_saved_indicator_values_show_as_typed_in_vietnamese_format(client, world):
    a, b = world.indicators
    report_save_draft(
        report_id=world.report.pk,
        user=world.staff_a,
        content=ReportContent(indicators={a.pk: Decimal("120.00"), b.pk: Decimal("1.50")}),
    )
    client.force_login(world.staff_a)

    page = client.get(reverse("directives:report", args=[world.report.pk])).content.decode()

    assert f'name="indicator_{a.pk}" value="120"' in page
    assert f'name="indicator_{b.pk}" value="1,5"' in page


def test_office_can_urge_the_unit_from_an_unfinished_report_but_the_unit_cannot(client, world):
    url = reverse("directives:report", args=[world.report.pk])
    client.force_login(world.office)
    assert reverse("reminders:urge") in client.get(url).content.decode()
    client.force_login(world.head_a)
    assert reverse("reminders:urge") not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("status", "owed"),
    [(ReportStatus.DRAFT, True), (ReportStatus.RETURNED, True), (ReportStatus.SUBMITTED, False),
     (ReportStatus.RESUBMITTED, False), (ReportStatus.ACCEPTED, False)],
)  # fmt: skip
def test_the_office_may_urge_from_a_report_only_while_the_unit_still_owes_it(client, world, status, owed):
    ProgressReport.objects.filter(pk=world.report.pk).update(status=status)
    client.force_login(world.office)
    response = client.get(reverse("directives:report", args=[world.report.pk]))
    assert response.context["report_owed"] is owed
    assert (reverse("reminders:urge") in response.content.decode()) is owed


def test_the_extension_page_says_why_none_may_be_asked_instead_of_the_form(client, world):
    ProgressReport.objects.filter(pk=world.report.pk).update(status=ReportStatus.ACCEPTED)
    client.force_login(world.head_a)
    report_page = client.get(reverse("directives:report", args=[world.report.pk]))
    page = client.get(reverse("directives:extension_request", args=[world.report.pk])).content.decode()
    assert report_page.context["can_request_extension"] is False
    assert "Báo cáo này đã được chấp nhận" in page and 'name="requested_date"' not in page


def test_report_pages_render_when_no_person_is_recorded(client, world):
    # Rows imported or edited in the admin may lack the submitter or reviewer.
    ProgressReport.objects.filter(pk=world.report.pk).update(status=ReportStatus.SUBMITTED, submitted_by=None)
    ExtensionRequest.objects.create(report=world.report, requested_date=world.period.due_date.replace(day=28), reason="x")
    client.force_login(world.office)

    for name in ("directives:report", "directives:review", "directives:history"):
        assert client.get(reverse(name, args=[world.report.pk])).status_code == 200
    ProgressReport.objects.filter(pk=world.report.pk).update(status=ReportStatus.RETURNED, reviewed_by=None)
    assert client.get(reverse("directives:report", args=[world.report.pk])).status_code == 200


def test_review_queue_pages_hold_every_waiting_report_once_oldest_first(client, world):
    from directives.views.office import REVIEW_PAGE_SIZE

    waiting = []
    for number in range(REVIEW_PAGE_SIZE + 3):
        report = ReportFactory()
        report_submitted(report, by=unit_submitter(report.unit), when=timezone.now() - datetime.timedelta(hours=100 - number))
        waiting.append(reverse("directives:review", args=[report.pk]))
    client.force_login(world.office)

    first = client.get(reverse("directives:review_queue")).content.decode()
    second = client.get(reverse("directives:review_queue"), {"page": 2}).content.decode()
    shown = [url for url in waiting if url in first] + [url for url in waiting if url in second]

    assert shown == waiting  # all of them, each once, oldest first across the pages
    assert [url for url in waiting if url in first] == waiting[:REVIEW_PAGE_SIZE]
    assert "1 / 2" in first and "?page=2" in first


def test_my_reports_come_a_page_at_a_time_newest_period_first(client, world):
    # 30 earlier periods of the world's task: with the world's own two, 32 reports of unit A, 2 beyond the first page.
    for quarter in range(30):
        start = datetime.date(2010 + quarter // 4, 3 * (quarter % 4) + 1, 1)
        period = PeriodFactory(directive=world.directive, label=f"Kỳ cũ {quarter:02d}", start_date=start,
                               end_date=start + datetime.timedelta(days=80), due_date=start + datetime.timedelta(days=75))  # fmt: skip
        ReportFactory(assignment=world.report.assignment, period=period)
    client.force_login(world.head_a)

    first = client.get(reverse("directives:my_reports")).content.decode()
    second = client.get(reverse("directives:my_reports"), {"page": 2}).content.decode()
    beyond = client.get(reverse("directives:my_reports"), {"page": 99}).content.decode()

    ids = [re.findall(r'data-report="(\d+)"', page) for page in (first, second)]
    expected = list(
        ProgressReport.objects.filter(unit=world.report.unit).order_by("-period__start_date").values_list("pk", flat=True)
    )
    assert [len(page) for page in ids] == [MY_REPORTS_PAGE_SIZE, len(expected) - MY_REPORTS_PAGE_SIZE]
    assert [int(pk) for pk in ids[0] + ids[1]] == expected
    assert 'href="?page=2"' in first and 'href="?page=1"' in second and "1 / 2" in first
    assert re.findall(r'data-report="(\d+)"', beyond) == ids[1]  # past the last page: the last page
