"""The rules of the report workflow, called as the views call them."""

import datetime
import io
import zipfile
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.models import (
    EvidenceFile,
    ExtensionRequest,
    ExtensionStatus,
    IndicatorValue,
    ProgressReport,
    ReportStatus,
    ReportVersion,
)
from directives.selectors import TaskState, reports_with_state
from directives.services import (
    ReportContent,
    evidence_delete,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_save_draft,
    report_submit,
)
from directives.working_days import working_days_after
from notifications.models import Notification

from .conftest import PDF_BYTES, PNG_BYTES

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def content(world, results="Đã tiếp nhận 120 hồ sơ.", received="120", on_time="118"):
    a, b = world.indicators
    return ReportContent(
        results=results,
        shortcomings="Còn 2 hồ sơ chậm.",
        solutions="Tăng cường đôn đốc.",
        indicators={a.pk: Decimal(received) if received else None, b.pk: Decimal(on_time) if on_time else None},
    )


def pdf(name="Biên bản kiểm tra.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def submit(world, user=None, **kwargs):
    return report_submit(report_id=world.report.pk, user=user or world.head_a, content=content(world, **kwargs))


# Drafts ------------------------------------------------------------------------------------------


def test_staff_saves_a_draft_with_indicators_and_evidence(world):
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world), files=[pdf()])

    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.status == ReportStatus.DRAFT
    assert report.results == "Đã tiếp nhận 120 hồ sơ."
    assert dict(IndicatorValue.objects.filter(report=report).values_list("indicator__code", "value")) == {
        "received": Decimal("120"),
        "on-time": Decimal("118"),
    }
    evidence = EvidenceFile.objects.get(report=report)
    assert (evidence.original_name, evidence.kind, evidence.submitted_in) == ("Biên bản kiểm tra.pdf", "pdf", None)
    assert "Biên" not in evidence.file.name  # stored under a random name


def test_clearing_an_indicator_in_a_draft_removes_its_value(world):
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world))
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world, on_time=None))

    assert list(IndicatorValue.objects.filter(report=world.report).values_list("indicator__code", flat=True)) == ["received"]


def test_another_units_head_cannot_save_a_draft(world):
    with pytest.raises(PermissionDenied):
        report_save_draft(report_id=world.report.pk, user=world.head_b, content=content(world))


# Submission --------------------------------------------------------------------------------------


def test_head_submits_a_frozen_version_with_submitter_and_files(world):
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world), files=[pdf()])

    version = submit(world)

    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == world.head_a
    assert report.first_submitted_at == report.submitted_at == version.submitted_at
    assert (report.revision, version.number) == (1, 1)
    assert version.indicators == [
        {"code": "received", "label": "Hồ sơ đã tiếp nhận", "unit_label": "hồ sơ", "value": "120"},
        {"code": "on-time", "label": "Hồ sơ đúng hạn", "unit_label": "hồ sơ", "value": "118"},
    ]
    assert list(EvidenceFile.objects.values_list("submitted_in", flat=True)) == [version.pk]


def test_deputy_may_submit_but_staff_may_not(world):
    with pytest.raises(PermissionDenied):
        submit(world, user=world.staff_a)
    assert submit(world, user=world.deputy_a).submitted_by == world.deputy_a


def test_a_second_submit_click_is_refused_and_creates_no_second_version(world):
    submit(world)

    with pytest.raises(ValidationError) as refused:
        submit(world)

    assert refused.value.code == "not_editable"
    assert ReportVersion.objects.filter(report=world.report).count() == 1


def test_a_submitted_report_cannot_be_edited_until_returned(world):
    submit(world)

    with pytest.raises(ValidationError) as refused:
        report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world, results="Sửa lén"))

    assert refused.value.code == "not_editable"
    assert ProgressReport.objects.get(pk=world.report.pk).results == "Đã tiếp nhận 120 hồ sơ."


def test_submitting_needs_results_and_every_indicator(world):
    with pytest.raises(ValidationError) as refused:
        submit(world, results="  ", on_time=None)

    assert len(refused.value.messages) == 2
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.DRAFT


# Review ------------------------------------------------------------------------------------------


def test_return_requires_a_comment(world):
    submit(world)

    with pytest.raises(ValidationError) as refused:
        report_return(report_id=world.report.pk, user=world.office, revision=1, comment="  ")

    assert refused.value.error_dict["comment"][0].code == "required"

    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED


def test_return_then_resubmit_then_accept_keeps_every_version_and_decision(world):
    submit(world)
    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung số liệu quá hạn.")
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world, results="Đã tiếp nhận 121 hồ sơ."))

    submit(world, results="Đã tiếp nhận 121 hồ sơ.")
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.RESUBMITTED
    report_accept(report_id=world.report.pk, user=world.office, revision=2)

    report = reports_with_state(ProgressReport.objects.filter(pk=world.report.pk)).get()
    assert (report.status, report.state) == (ReportStatus.ACCEPTED, TaskState.DONE_ON_TIME)
    versions = list(ReportVersion.objects.filter(report=report).values_list("number", "decision", "review_comment", "results"))
    assert versions == [
        (1, ReportStatus.RETURNED, "Bổ sung số liệu quá hạn.", "Đã tiếp nhận 120 hồ sơ."),
        (2, ReportStatus.ACCEPTED, "", "Đã tiếp nhận 121 hồ sơ."),
    ]


def test_second_reviewer_gets_a_clear_conflict_not_a_silent_overwrite(world):
    submit(world)
    report_accept(report_id=world.report.pk, user=world.office, revision=1)

    with pytest.raises(ValidationError) as conflict:
        report_return(report_id=world.report.pk, user=world.office2, revision=1, comment="Trả lại")

    assert conflict.value.code == "conflict"
    assert "Văn phòng" in conflict.value.messages[0]
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, world.office)


def test_a_decision_on_an_older_version_is_refused(world):
    submit(world)
    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung")
    submit(world)

    with pytest.raises(ValidationError) as conflict:
        report_accept(report_id=world.report.pk, user=world.office2, revision=1)

    assert conflict.value.code == "conflict"
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.RESUBMITTED


def test_only_office_reviews(world):
    submit(world)
    for user in (world.chairman, world.head_a):
        with pytest.raises(PermissionDenied):
            report_accept(report_id=world.report.pk, user=user, revision=1)


@pytest.mark.parametrize(
    ("returned_on", "expected"),
    [
        (datetime.date(2020, 6, 1), datetime.date(2020, 6, 8)),  # Monday: five weekdays later
        (datetime.date(2020, 6, 12), datetime.date(2020, 6, 19)),  # Friday: over a weekend
        (datetime.date(2020, 4, 29), datetime.date(2020, 5, 8)),  # over 30/4, 1/5 and a weekend
        (datetime.date(2026, 2, 13), datetime.date(2026, 2, 27)),  # over the Tết holidays of 2026
        (datetime.date(2020, 6, 13), datetime.date(2020, 6, 19)),  # returned on a Saturday
    ],
)
def test_working_days_skip_weekends_and_vietnamese_public_holidays(returned_on, expected):
    assert working_days_after(returned_on, 5) == expected


def test_a_return_gives_the_directive_s_working_days_or_the_deadline_if_later(world, time_machine):
    world.directive.resubmission_working_days = 3
    world.directive.save()
    content_ = content(world)
    report_submit(report_id=world.report.pk, user=world.head_a, content=content_)
    returned_on = world.report.deadline + datetime.timedelta(days=2)
    time_machine.move_to(datetime.datetime.combine(returned_on, datetime.time(9), tzinfo=TZ), tick=False)

    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung.")

    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.resubmit_by == working_days_after(returned_on, 3) > report.deadline
    assert ReportVersion.objects.get(report=report, number=1).resubmit_by == report.resubmit_by
    report_submit(report_id=report.pk, user=world.head_a, content=content_)
    assert ReportVersion.objects.get(report=report, number=2).resubmission_due == report.resubmit_by
    # Returned long before the deadline, the deadline is the later day and so the window.
    other = world.report_b
    time_machine.move_to(datetime.datetime.combine(other.period.start_date, datetime.time(9), tzinfo=TZ), tick=False)
    report_submit(report_id=other.pk, user=world.head_b, content=content_)
    report_return(report_id=other.pk, user=world.office, revision=1, comment="Bổ sung.")
    assert ProgressReport.objects.get(pk=other.pk).resubmit_by == other.deadline


# Notifications -----------------------------------------------------------------------------------


def test_submission_notifies_the_office_and_emails_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(world)

    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"office", "office2"}
    assert sorted(m.to[0] for m in mail.outbox) == ["office2@example.invalid", "office@example.invalid"]
    assert "Bản Bo" in mail.outbox[0].subject
    assert Notification.objects.filter(email_sent_at__isnull=True).count() == 0


def test_no_email_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(world)

    assert len(callbacks) == 2
    assert mail.outbox == []


def test_return_notifies_every_member_of_the_unit_with_the_comment(world, django_capture_on_commit_callbacks):
    submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung số liệu.")

    unit_notes = Notification.objects.filter(recipient__memberships__unit=world.unit_a)
    assert set(unit_notes.values_list("recipient__username", flat=True)) == {"head-a", "deputy-a", "staff-a"}
    assert all(n.body == "Bổ sung số liệu." for n in unit_notes)
    assert not Notification.objects.filter(recipient=world.head_b).exists()
    assert {m.to[0] for m in mail.outbox} >= {"head-a@example.invalid", "staff-a@example.invalid"}


# Extensions --------------------------------------------------------------------------------------


def ask(world, days=20, user=None, at=None):
    return extension_request_create(
        report_id=world.report.pk,
        user=user or world.head_a,
        requested_date=world.period.due_date + datetime.timedelta(days=days),
        reason="Cán bộ đi tập huấn.",
        at=at,
    )


def test_extension_approved_moves_the_deadline_and_notifies_the_unit(world, django_capture_on_commit_callbacks):
    extension = ask(world)
    with django_capture_on_commit_callbacks(execute=True):
        extension_decide(extension_id=extension.pk, user=world.office, approve=True)

    report = reports_with_state(ProgressReport.objects.filter(pk=world.report.pk)).get()
    assert report.deadline == world.period.due_date + datetime.timedelta(days=20)
    new_date = report.deadline.strftime("%d/%m/%Y")
    assert Notification.objects.filter(recipient=world.head_a, title__contains=new_date).count() == 1
    assert [m.to[0] for m in mail.outbox if new_date in m.subject] != []


def test_office_may_approve_a_different_date_and_both_dates_are_kept(world):
    extension = ask(world, days=20)
    granted = world.period.due_date + datetime.timedelta(days=7)

    extension_decide(extension_id=extension.pk, user=world.office, approve=True, new_date=granted)

    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    assert (extension.requested_date, extension.granted_date) == (world.period.due_date + datetime.timedelta(days=20), granted)
    assert ProgressReport.objects.get(pk=world.report.pk).deadline == granted


def test_rejecting_needs_a_reason_and_leaves_the_deadline(world):
    extension = ask(world)
    with pytest.raises(ValidationError) as no_reason:
        extension_decide(extension_id=extension.pk, user=world.office, approve=False, note="")
    assert no_reason.value.error_dict["note"][0].code == "required"

    extension_decide(extension_id=extension.pk, user=world.office, approve=False, note="Không có lý do chính đáng.")

    report = reports_with_state(ProgressReport.objects.filter(pk=world.report.pk)).get()
    assert report.deadline == world.period.due_date
    with pytest.raises(ValidationError) as twice:
        extension_decide(extension_id=extension.pk, user=world.office2, approve=True)
    assert twice.value.code == "conflict"


def test_extension_must_be_asked_before_the_deadline_for_a_later_date_once(world):
    with pytest.raises(ValidationError) as late:
        ask(world, at=datetime.datetime.combine(world.period.due_date + datetime.timedelta(days=1), datetime.time(9), tzinfo=TZ))
    assert late.value.code == "too_late"
    with pytest.raises(ValidationError) as not_later:
        ask(world, days=0)
    assert not_later.value.error_dict["requested_date"][0].code == "not_later"
    ask(world)
    with pytest.raises(ValidationError) as again:
        ask(world, days=25)
    assert again.value.code == "pending"
    assert ExtensionRequest.objects.count() == 1


def test_staff_cannot_ask_for_an_extension(world):
    with pytest.raises(PermissionDenied):
        ask(world, user=world.staff_a)


# Evidence ----------------------------------------------------------------------------------------


def _zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("bien-ban.pdf", PDF_BYTES, "pdf"),
        ("anh.PNG", PNG_BYTES, "png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
        ("bao-cao.docx", _zip("word/document.xml"), "word"),
        ("so-lieu.xlsx", _zip("xl/workbook.xml"), "excel"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "word"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "excel"),
    ],
)
def test_allowed_evidence_is_recognised_by_content(world, name, data, kind):
    report_save_draft(
        report_id=world.report.pk, user=world.staff_a, content=content(world), files=[SimpleUploadedFile(name, data)]
    )
    assert EvidenceFile.objects.get().kind == kind


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 20, "bad_type"),  # an executable renamed .pdf
        ("anh.pdf", PNG_BYTES, "bad_type"),  # a real PNG with the wrong name
        ("bao-cao.docx", _zip("xl/workbook.xml"), "bad_type"),  # a workbook named .docx
        ("tai-lieu.zip", _zip("word/document.xml"), "bad_type"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(world, name, data, code):
    with pytest.raises(ValidationError) as refused:
        report_save_draft(
            report_id=world.report.pk, user=world.staff_a, content=content(world), files=[SimpleUploadedFile(name, data)]
        )
    assert refused.value.code == code
    assert not EvidenceFile.objects.exists()
    assert ProgressReport.objects.get(pk=world.report.pk).results == ""


def test_evidence_over_the_configured_limit_is_refused(world, settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError) as refused:
        report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world), files=[pdf()])
    assert refused.value.code == "too_large"


def test_only_unsubmitted_evidence_can_be_removed(world):
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world), files=[pdf("a.pdf")])
    submit(world)
    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung")
    report_save_draft(report_id=world.report.pk, user=world.staff_a, content=content(world), files=[pdf("b.pdf")])
    sent, fresh = EvidenceFile.objects.order_by("pk")

    with pytest.raises(ValidationError) as kept:
        evidence_delete(evidence_id=sent.pk, user=world.staff_a)
    assert kept.value.code == "kept"
    evidence_delete(evidence_id=fresh.pk, user=world.staff_a)

    assert list(EvidenceFile.objects.values_list("original_name", flat=True)) == ["a.pdf"]
