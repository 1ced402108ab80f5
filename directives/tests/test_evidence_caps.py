"""A report carries a bounded amount of evidence: a number of files and a total size (both settings)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import EvidenceFile
from directives.services import ReportContent, report_save_draft

from .conftest import PDF_BYTES


def pdf(name: str, size: int = len(PDF_BYTES)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + b"%" * (size - len(PDF_BYTES)), content_type="application/pdf")


def save(world, *files):
    return report_save_draft(report_id=world.report.pk, user=world.staff_a, content=ReportContent(results="Nháp"), files=files)


def test_a_report_holds_at_most_the_configured_number_of_files(world, settings):
    settings.EVIDENCE_MAX_FILES_PER_REPORT = 2
    save(world, pdf("1.pdf"), pdf("2.pdf"))

    with pytest.raises(ValidationError) as refused:
        save(world, pdf("3.pdf"))

    assert refused.value.code == "too_many_files"
    assert EvidenceFile.objects.filter(report=world.report).count() == 2


def test_a_report_holds_at_most_the_configured_total_size(world, settings):
    settings.EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT = 1000
    save(world, pdf("lon.pdf", 600))

    with pytest.raises(ValidationError) as refused:
        save(world, pdf("them.pdf", 500))

    assert refused.value.code == "too_much_evidence"
    assert list(EvidenceFile.objects.filter(report=world.report).values_list("original_name", flat=True)) == ["lon.pdf"]


def test_the_report_page_says_why_and_keeps_what_was_typed(client, world, settings):
    settings.EVIDENCE_MAX_FILES_PER_REPORT = 1
    save(world, pdf("1.pdf"))
    client.force_login(world.staff_a)

    response = client.post(
        reverse("directives:report", args=[world.report.pk]),
        {"results": "Đã niêm yết 100% thủ tục", "action": "save", "evidence": [pdf("2.pdf")]},
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "tối đa 1 tệp minh chứng" in page and "Đã niêm yết 100% thủ tục" in page
    assert EvidenceFile.objects.filter(report=world.report).count() == 1
