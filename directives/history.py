"""What changed between two submitted versions of a report, for the history page."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import ReportVersion
from .selectors import report_versions

TEXT_FIELDS = [
    ("results", _("Results achieved")),
    ("shortcomings", _("Shortcomings and their causes")),
    ("solutions", _("Solutions and proposals")),
]
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class TextChange:
    label: str
    # (op, text) with op in "same", "added", "removed": rendered as plain, <ins>, <del>.
    segments: list[tuple[str, str]]


@dataclass
class VersionChanges:
    version: ReportVersion
    texts: list[TextChange] = field(default_factory=list)
    indicators: list[tuple[str, str, str]] = field(default_factory=list)  # (label, before, after)
    new_files: list = field(default_factory=list)
    first: bool = False


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level differences between two texts."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(new[j1:j2])))
    return segments


def versions_with_changes(*, report_id: int) -> list[VersionChanges]:
    """Each submitted version with its changes against the one before it, newest first."""
    versions = report_versions(report_id=report_id)
    rows = []
    previous = None
    for version in versions:
        row = VersionChanges(version=version, new_files=list(version.evidence.all()), first=previous is None)
        if previous is not None:
            for name, label in TEXT_FIELDS:
                before, after = getattr(previous, name), getattr(version, name)
                if before != after:
                    row.texts.append(TextChange(label=str(label), segments=text_diff(before, after)))
            old_values = {item["code"]: item["value"] for item in previous.indicators}
            for item in version.indicators:
                if old_values.get(item["code"]) != item["value"]:
                    row.indicators.append((item["label"], old_values.get(item["code"], "–"), item["value"]))
        rows.append(row)
        previous = version
    return list(reversed(rows))
