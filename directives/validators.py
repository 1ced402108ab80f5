"""Upload checks that look at the content of a file, not only its name."""

import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_pdf_scan(upload) -> None:
    """A scanned original must be a non-empty PDF (by content) within SCAN_MAX_BYTES."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > settings.SCAN_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.SCAN_MAX_BYTES)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("The scanned original must be a PDF file."), code="not_pdf")


# Magic numbers of the evidence types units may attach; the file name alone proves nothing.
_PDF = b"%PDF-"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
_ZIP = b"PK\x03\x04"  # .docx / .xlsx are ZIP packages; their parts say which
_EXTENSIONS = {
    "pdf": {".pdf"},
    "word": {".doc", ".docx"},
    "excel": {".xls", ".xlsx"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
}
EVIDENCE_ACCEPT = ",".join(sorted({ext for exts in _EXTENSIONS.values() for ext in exts}))


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith(_JPEG):
        return "jpeg"
    if head.startswith(_PNG):
        return "png"
    if head.startswith(_OLE2):
        return "ole2"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "word"
        if "xl/workbook.xml" in names:
            return "excel"
    return None


def evidence_kind_detect(upload) -> str:
    """Return the evidence kind (pdf, word, excel, jpeg, png) read from the content, or refuse the file.

    The content must be of an allowed type and agree with the file's extension, so a renamed
    executable or a PNG called .pdf is refused. Limits: non-empty, at most EVIDENCE_MAX_BYTES.
    """
    name = upload.name or ""
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
            code="too_large",
        )
    sniffed = _sniff(upload)
    extension = PurePath(name).suffix.lower()
    candidates = ["word", "excel"] if sniffed == "ole2" else [sniffed]
    for kind in candidates:
        if kind in _EXTENSIONS and extension in _EXTENSIONS[kind]:
            return kind
    raise ValidationError(
        _("The file “%(name)s” is not a PDF, Word, Excel, JPEG or PNG file (checked by its content).") % {"name": name},
        code="bad_type",
    )


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def evidence_safe_name(name: str) -> str:
    """A download name: Vietnamese letters kept (NFC), no path, no control or reserved characters."""
    name = unicodedata.normalize("NFC", PurePath(name.replace("\\", "/")).name)
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" .") or "tep-dinh-kem"
    stem, dot, suffix = name.rpartition(".")
    if dot and len(name) > 150:
        return stem[: 149 - len(suffix)] + "." + suffix
    return name[:150]


def evidence_caps_check(*, report, upload) -> None:
    """Refuse ``upload`` when the report already holds EVIDENCE_MAX_FILES_PER_REPORT files or the file would take
    its evidence past EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT (both settings); one query."""
    held = report.evidence.aggregate(files=Count("pk"), size=Sum("size"))
    if held["files"] >= settings.EVIDENCE_MAX_FILES_PER_REPORT:
        raise ValidationError(
            _("A report can hold at most %(count)s evidence files; remove one or gather several into one PDF.")
            % {"count": settings.EVIDENCE_MAX_FILES_PER_REPORT},
            code="too_many_files",
        )
    if (held["size"] or 0) + upload.size > settings.EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT:
        raise ValidationError(
            _("“%(name)s” would take this report's evidence past %(limit)s in all; remove a file or attach a smaller one.")
            % {"name": upload.name, "limit": filesizeformat(settings.EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT)},
            code="too_much_evidence",
        )
