"""Write endpoints: the same services as the pages, the same refusals, nothing saved lost, and
every write in the audit trail with the token that made it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from api.models import ApiToken, ApiTokenScope
from api.services import integration_token_create
from directives.models import Directive, ExtensionStatus, ProgressReport, ReportStatus, ReportVersion

from .conftest import PDF_BYTES, expires_soon


def report_url(report, action: str = "") -> str:
    return f"/api/v1/reports/{report.pk}/{action + '/' if action else ''}"


def full_content(world) -> dict:
    return {"results": "Đã rút ngắn thời gian giải quyết hồ sơ.", "indicators": {"received": "120", "on-time": "118.5"}}


@pytest.fixture
def head_a(world, token_for):
    return token_for(world.head_a)


@pytest.fixture
def office(world, token_for):
    return token_for(world.office)


def test_a_draft_keeps_every_field_that_is_left_out(api, world, head_a):
    first = api("post", report_url(world.report, "draft"), head_a, data={"results": "Kết quả", "indicators": {"received": "5"}})
    assert first.status_code == 200, first.content
    second = api("post", report_url(world.report, "draft"), head_a, data={"solutions": "Giải pháp"})
    body = second.json()
    assert (body["results"], body["solutions"], body["status"]) == ("Kết quả", "Giải pháp", "draft")
    assert [(v["code"], v["value"]) for v in body["indicator_values"]] == [("received", "5.00")]
    cleared = api("post", report_url(world.report, "draft"), head_a, data={"indicators": {"received": None}}).json()
    assert cleared["indicator_values"] == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"indicators": {"no-such-code": "1"}}, "indicators.no-such-code"),
        ({"indicators": {"received": "-1"}}, "indicators.received"),
        ({"indicators": {"received": "nhiều"}}, "indicators.received"),
        ({"results": 5}, "results"),  # JSON types are kept: a number is not a text
        ({"indicators": {"received": True}}, "indicators.received"),
    ],
)
def test_bad_report_input_is_a_400_naming_the_field_and_saves_nothing(api, world, head_a, data, field):
    api("post", report_url(world.report, "draft"), head_a, data={"results": "Bản nháp đã lưu"})
    response = api("post", report_url(world.report, "draft"), head_a, data={"solutions": "mới", **data})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
    world.report.refresh_from_db()
    assert (world.report.results, world.report.solutions) == ("Bản nháp đã lưu", "")


def test_the_head_submits_a_new_version_and_a_second_submit_is_a_conflict(api, world, head_a):
    response = api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["revision"]) == ("submitted", 1)
    assert ReportVersion.objects.filter(report=world.report).count() == 1
    again = api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


def test_an_incomplete_submission_lists_what_is_missing_and_keeps_the_saved_draft(api, world, head_a):
    api("post", report_url(world.report, "draft"), head_a, data={"results": "Đã lưu", "indicators": {"received": "3"}})
    response = api("post", report_url(world.report, "submit"), head_a, data={"results": "", "indicators": {"received": "4"}})
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert any("kết quả" in message.lower() for message in messages)
    assert all(error["field"] is None for error in response.json()["errors"])
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert (report.results, report.status, list(report.indicator_values.values_list("value", flat=True))) == (
        "Đã lưu",
        "draft",
        [3],
    )


def test_refusals_of_the_services_are_the_sites_one_404(api, world, token_for):
    staff = token_for(world.staff_a)
    missing = api("post", "/api/v1/reports/999999/submit/", staff, data=full_content(world))
    cases = [
        (staff, report_url(world.report, "submit"), full_content(world)),  # staff draft, never submit
        (token_for(world.head_b), report_url(world.report, "draft"), {"results": "x"}),  # another unit
        (token_for(world.office), report_url(world.report, "draft"), {"results": "x"}),  # the office writes no report
        (token_for(world.head_a), report_url(world.report, "accept"), {"revision": 1}),  # a unit does not review
    ]
    for secret, url, data in cases:
        refused = api("post", url, secret, data=data)
        assert (refused.status_code, refused.content) == (404, missing.content), url
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.DRAFT


def test_the_office_accepts_the_revision_it_read_and_a_stale_one_is_a_conflict(api, world, head_a, office):
    api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    stale = api("post", report_url(world.report, "accept"), office, data={"revision": 2})
    assert stale.status_code == 409
    accepted = api("post", report_url(world.report, "accept"), office, data={"revision": 1, "comment": "Tốt"})
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["state"]) == ("accepted", "done_on_time")


def test_returning_needs_a_comment_naming_the_field(api, world, head_a, office):
    api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    refused = api("post", report_url(world.report, "return"), office, data={"revision": 1, "comment": " "})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "comment"
    returned = api("post", report_url(world.report, "return"), office, data={"revision": 1, "comment": "Bổ sung số liệu"})
    assert (returned.json()["status"], returned.json()["review_comment"]) == ("returned", "Bổ sung số liệu")


def test_an_extension_is_requested_by_the_head_and_decided_by_the_office(api, world, head_a, office):
    new_date = world.period.due_date + datetime.timedelta(days=10)
    created = api(
        "post",
        report_url(world.report, "extensions"),
        head_a,
        data={"requested_date": new_date.strftime("%d/%m/%Y"), "reason": "Lũ quét"},
    )
    assert created.status_code == 201, created.content
    extension_id = created.json()["id"]
    decided = api("post", f"/api/v1/extensions/{extension_id}/decision/", office, data={"approve": True})
    assert decided.status_code == 200
    assert decided.json()["status"] == ExtensionStatus.APPROVED
    assert ProgressReport.objects.get(pk=world.report.pk).deadline == new_date
    twice = api("post", f"/api/v1/extensions/{extension_id}/decision/", office, data={"approve": False, "note": "Không"})
    assert twice.status_code == 409


def test_evidence_is_attached_checked_by_content_and_refused_once_submitted(api, world, head_a):
    good = api(
        "post",
        report_url(world.report, "evidence"),
        head_a,
        data={"file": SimpleUploadedFile("bien-ban.pdf", PDF_BYTES)},
        format="multipart",
    )
    assert good.status_code == 201, good.content
    assert (good.json()["name"], good.json()["kind"], good.json()["submitted"]) == ("bien-ban.pdf", "pdf", False)
    fake = api(
        "post",
        report_url(world.report, "evidence"),
        head_a,
        data={"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" * 10)},
        format="multipart",
    )
    assert fake.status_code == 400
    assert fake.json()["errors"][0]["field"] == "file"
    api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    late = api(
        "post",
        report_url(world.report, "evidence"),
        head_a,
        data={"file": SimpleUploadedFile("them.pdf", PDF_BYTES)},
        format="multipart",
    )
    assert late.status_code == 409
    assert world.report.evidence.count() == 1


def directive_payload(world, **overrides) -> dict:
    return {
        "doc_type": "ke_hoach",
        "number": "120/KH-UBND",
        "issue_date": "2020-04-10",
        "issuing_body": "Ủy ban nhân dân huyện Tam Đường",
        "signer_title": "Phó Chủ tịch",
        "signer_name": "Người ký",
        "subject": "Kế hoạch cải cách hành chính năm 2020",
        "report_schedule": "six_monthly",
        "report_due_day": 20,
        "tasks": [{"number": 1, "short_label": "Tuyên truyền", "text": "Tuyên truyền về cải cách hành chính."}],
        "unit_codes": [world.unit_a.code],
        "year_from": 2020,
        "year_to": 2020,
    } | overrides


def test_the_office_sets_up_a_directive_with_its_tasks_recipients_and_periods(api, world, office):
    response = api("post", "/api/v1/directives/", office, data=directive_payload(world))
    assert response.status_code == 201, response.content
    directive = Directive.objects.get(number="120/KH-UBND")
    assert [task["short_label"] for task in response.json()["tasks"]] == ["Tuyên truyền"]
    assert list(directive.periods.values_list("label", flat=True)) == ["6 tháng đầu năm 2020", "6 tháng cuối năm 2020"]
    assert set(ProgressReport.objects.filter(period__directive=directive).values_list("unit_id", flat=True)) == {world.unit_a.pk}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "110/UBND-VP"}, "number"),  # the world's directive has it (DirectiveFactory's first number)
        ({"unit_codes": ["khong-co"]}, "unit_codes.0"),
        ({"tasks": []}, "tasks"),
        ({"tasks": [{"number": 1, "short_label": "", "text": "x"}]}, "tasks.0.short_label"),
        ({"year_to": 2019}, "year_to"),
        ({"report_due_day": 31}, "report_due_day"),
        ({"unit_codes": [], "unit_kinds": []}, "unit_codes"),
    ],
)
def test_a_bad_directive_is_a_400_naming_the_field_and_creates_nothing(api, world, office, overrides, field):
    Directive.objects.filter(pk=world.directive.pk).update(number="110/UBND-VP")
    before = Directive.objects.count()
    response = api("post", "/api/v1/directives/", office, data=directive_payload(world, **overrides))
    assert response.status_code == 400, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert Directive.objects.count() == before


def test_only_the_office_sets_up_a_directive(api, world, token_for):
    for user in (world.head_a, world.chairman):
        assert api("post", "/api/v1/directives/", token_for(user), data=directive_payload(world)).status_code == 404
    assert not Directive.objects.filter(number="120/KH-UBND").exists()


def test_read_only_and_integration_tokens_may_not_write(api, world, token_for):
    integration = integration_token_create(user=world.office, name="Cổng tỉnh", expires_on=expires_soon()).secret
    for secret in (token_for(world.head_a, ApiTokenScope.READ), integration):
        refused = api("post", report_url(world.report, "draft"), secret, data={"results": "x"})
        assert refused.status_code == 403
        assert refused.json()["code"] == "permission_denied"
    assert ProgressReport.objects.get(pk=world.report.pk).results == ""


def test_every_write_is_in_the_audit_trail_with_its_token(api, world, head_a, office):
    api("post", report_url(world.report, "draft"), head_a, data={"results": "Nháp"})
    api("post", report_url(world.report, "submit"), head_a, data=full_content(world))
    api("post", report_url(world.report, "accept"), office, data={"revision": 1})
    head_token, office_token = ApiToken.objects.get(user=world.head_a), ApiToken.objects.get(user=world.office)
    entries = LogEntry.objects.filter(additional_data__api_token_id__isnull=False).order_by("timestamp", "pk")
    operations = [(entry.additional_data["api_operation"], entry.additional_data["api_token_id"]) for entry in entries]
    for operation, token in [("report_save_draft", head_token), ("report_submit", head_token), ("report_accept", office_token)]:
        assert (operation, token.pk) in operations
    acceptance = entries.get(additional_data__api_operation="report_accept", object_pk=str(world.report.pk))
    assert acceptance.actor == world.office
    assert acceptance.changes_dict["status"] == ["submitted", "accepted"]


def test_a_write_without_a_token_is_refused_even_when_signed_in(client, world):
    client.force_login(world.head_a)
    response = client.post(report_url(world.report, "draft"), {"results": "x"}, content_type="application/json")
    assert response.status_code == 401
    assert ProgressReport.objects.get(pk=world.report.pk).results == ""


def test_the_offices_audit_page_says_which_token_wrote(api, client, world, head_a):
    api("post", report_url(world.report, "draft"), head_a, data={"results": "Nháp qua API"})
    client.force_login(world.office)
    page = client.get("/audit/").content.decode()
    assert "qua API, mã truy cập “Thử”" in page


def test_text_entering_through_the_api_is_cleaned_like_form_input(api, world, head_a):
    pasted = "Dòng một\x0bdòng hai\x00\x1f và e\u0301"  # Word's line break, invisible controls, a decomposed é
    body = api("post", report_url(world.report, "draft"), head_a, data={"results": pasted}).json()
    assert body["results"] == "Dòng một\ndòng hai và é"
