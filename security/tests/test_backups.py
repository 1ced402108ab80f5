"""`make backup` / `make restore`: the database and the uploaded files survive a round trip."""

import io
import json
import os
import stat
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
            "format_version": 2,
            "created_at": "2026-01-01T00:00:00+00:00",
            "engine": other_engine,
            "media_files": 0,
            "last_migrations": {},
            "checksums": {},
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


def _rewrite(archive: Path, target: Path, *, change=None, manifest=None) -> None:
    """Copy ``archive`` to ``target``, replacing a member's bytes (``change``) or the manifest's data."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if change and member.name.startswith(change[0]):
                data = change[1](data)
            if manifest and member.name == "manifest.json":
                data = json.dumps(manifest(json.loads(data))).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_backups_are_readable_by_their_owner_only_and_restore_refuses_what_it_cannot_verify(settings, tmp_path):
    seed_cv345()
    Path(settings.MEDIA_ROOT, "evidence").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "evidence", "a.pdf").write_bytes(PDF)
    previous_umask = os.umask(0o022)  # the usual default, which would leave a new file readable by all
    try:
        call_command("backup", output_dir=str(tmp_path / "backups"), stdout=io.StringIO())
    finally:
        os.umask(previous_umask)
    [archive] = (tmp_path / "backups").iterdir()

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    assert set(backup_read_manifest(archive=archive).checksums) >= {"media/evidence/a.pdf"}

    before = Unit.objects.count()
    changed, unlisted, old_format = tmp_path / "changed.tar.gz", tmp_path / "unlisted.tar.gz", tmp_path / "v1.tar.gz"
    _rewrite(archive, changed, change=("media/", lambda data: data + b"tampered"))
    _rewrite(archive, unlisted, manifest=lambda data: {**data, "checksums": {}})
    _rewrite(
        archive,
        old_format,
        manifest=lambda data: {key: value for key, value in data.items() if key != "checksums"} | {"format_version": 1},
    )
    for bad, reason in (
        (changed, "does not match its manifest"),
        (unlisted, "does not match its manifest"),
        (old_format, "cannot be verified"),
    ):
        with pytest.raises(CommandError, match=reason):
            call_command("restore", str(bad), interactive=False)
    assert Unit.objects.count() == before
