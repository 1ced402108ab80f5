"""`make backup` / `make restore`: the database and the uploaded files survive a round trip."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from directives.models import Directive, ProgressReport, ReportStatus
from directives.seeding import seed_cv345
from security.backups import backup_read_manifest
from tests.workflow import report_submitted, unit_submitter
from units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _snapshot() -> dict[str, int]:
    counted = [*apps.get_app_config("units").get_models(), *apps.get_app_config("directives").get_models(), LogEntry]
    return {model._meta.label: model._base_manager.count() for model in counted}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_the_database_and_the_uploaded_files(settings, tmp_path):
    seed_cv345()
    directive = Directive.objects.get(number="345/UBND-NV")
    directive.scan.save("cv345.pdf", ContentFile(PDF))
    report = ProgressReport.objects.filter(assignment__unit__code="xa-ban-bo").order_by("pk").first()
    report_submitted(
        report, by=unit_submitter(report.unit), when=timezone.now(), results="Đã niêm yết công khai 100% thủ tục hành chính."
    )
    before = _snapshot()
    scan_path = Path(directive.scan.path)

    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.is_file()
    manifest = backup_read_manifest(archive=archive)
    assert manifest.engine == connection.vendor
    assert manifest.media_files == 1
    assert manifest.last_migrations["directives"]

    # After the backup, things go wrong: edits, a new unit, a lost file, a stray file.
    report.results = "Bị ghi đè nhầm."
    report.save()
    Unit.objects.create(code="sau-sao-luu", name="UBND xã Sau Sao Lưu", short_name="Sau Sao Lưu", kind="commune")
    Directive.objects.filter(pk=directive.pk).update(subject="Sửa nhầm")
    scan_path.unlink()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("stray")

    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())

    assert _snapshot() == before
    assert ProgressReport.objects.get(pk=report.pk).results == "Đã niêm yết công khai 100% thủ tục hành chính."
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    assert not Unit.objects.filter(code="sau-sao-luu").exists()
    restored = Directive.objects.get(pk=directive.pk)
    assert restored.subject == directive.subject
    assert Path(restored.scan.path).read_bytes() == PDF
    assert not (Path(settings.MEDIA_ROOT) / "stray.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup_of_this_database(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(junk), interactive=False)

    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = tmp_path / "foreign.tar.gz"
    manifest = json.dumps(
        {
            "format_version": 1,
            "created_at": "2026-01-01T00:00:00+00:00",
            "engine": other_engine,
            "media_files": 0,
            "last_migrations": {},
        }
    ).encode()
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    before = Unit.objects.count()
    with pytest.raises(CommandError, match=f"holds a {other_engine} database"):
        call_command("restore", str(foreign), interactive=False)
    assert Unit.objects.count() == before
