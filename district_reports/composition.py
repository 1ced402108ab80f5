"""What the app writes for the office when it composes a report: the header data and each section's first text.

The figures are not written into the sections: they are computed as of the report's date whenever a
draft is shown or exported (``selectors.report_figures``, ``wording.task_figures``), and frozen when
the report is marked final. Sections III–V start from the units' own shortcomings and solutions, for
the office to condense; the units' texts of each task are offered beside its section.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import translation

from directives.models import Directive, LegalBasis, Task
from organisation.models import Organisation

from . import wording
from .models import SectionKind
from .selectors import UnitText, accepted_texts, implemented_basis, window_periods, window_units
from .windows import Window

# Sections III–V start with at most this many of the units' texts (the rest are offered beside them).
PREFILL_ITEMS = 12
PREFILL_CHARS = 600
# A solution sentence that asks something of a higher level goes to "V. Đề xuất, kiến nghị"; the others
# to "IV. Phương hướng": the office moves them if it reads them otherwise.
PROPOSAL_WORDS = re.compile(r"\b(đề nghị|đề xuất|kiến nghị)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass
class SectionDraft:
    kind: str
    heading: str
    text: str
    task: Task | None = None


@dataclass
class ComposedDraft:
    subject: str
    addressees: str
    copies_to: str
    sections: list[SectionDraft]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str) -> str:
    return text if len(text) <= PREFILL_CHARS else text[: PREFILL_CHARS - 1].rstrip() + "…"


def _unit_lines(texts: list[UnitText]) -> list[str]:
    """Each unit's text once (the same words sent for several tasks are kept once), "- Unit: text"."""
    seen, lines = set(), []
    for item in texts:
        text = _one_line(item.text)
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        lines.append(f"- {item.unit_name}: {_clip(text)}")
        if len(lines) == PREFILL_ITEMS:
            break
    return lines


def _split_solutions(texts: list[UnitText]) -> tuple[list[UnitText], list[UnitText]]:
    """The units' solution sentences: (what they will do, what they ask of a higher level)."""
    ahead, proposals = [], []
    for item in texts:
        for sentence in SENTENCE_END.split(_one_line(item.text)):
            if sentence:
                target = proposals if PROPOSAL_WORDS.search(sentence) else ahead
                target.append(UnitText(item.report_id, item.unit_name, item.period_label, item.task_number, sentence))
    return ahead, proposals


def compose_draft(
    *, directive: Directive, window: Window, report_date: datetime.date, organisation: Organisation
) -> ComposedDraft:
    """The first text of a new report on ``directive`` for ``window`` (in Vietnamese; a constant number of queries)."""
    with translation.override(wording.DOCUMENT_LANGUAGE):
        basis = implemented_basis(directive=directive)
        bases = list(LegalBasis.objects.filter(directive=directive).order_by("position", "date"))
        tasks = list(Task.objects.filter(directive=directive).order_by("number"))
        units = window_units(window_periods(directive=directive, window=window))
        texts = {"directive": directive, "window": window, "as_of": report_date}
        _count, shortcomings = accepted_texts(**texts, field="shortcomings", per_page=PREFILL_ITEMS * 4)
        _count, solutions = accepted_texts(**texts, field="solutions", per_page=PREFILL_ITEMS * 8)
        ahead, proposals = _split_solutions(solutions)
        sections = [
            SectionDraft(
                SectionKind.OPENING,
                "",
                wording.opening(directive=directive, basis=basis, organisation=organisation, window_phrase=window.phrase),
            ),
            SectionDraft(
                SectionKind.DIRECTION,
                wording.section_heading(SectionKind.DIRECTION),
                "\n".join(
                    wording.direction(directive=directive, organisation=organisation, tasks=tasks, bases=bases, units=units)
                ),
            ),
            *[SectionDraft(SectionKind.TASK, wording.task_heading(task), "", task) for task in tasks],
            SectionDraft(
                SectionKind.SHORTCOMINGS, wording.section_heading(SectionKind.SHORTCOMINGS), "\n".join(_unit_lines(shortcomings))
            ),
            SectionDraft(SectionKind.AHEAD, wording.section_heading(SectionKind.AHEAD), "\n".join(_unit_lines(ahead))),
            SectionDraft(
                SectionKind.PROPOSALS, wording.section_heading(SectionKind.PROPOSALS), "\n".join(_unit_lines(proposals))
            ),
        ]
        return ComposedDraft(
            subject=wording.report_subject(directive=directive, basis=basis, window_phrase=window.phrase),
            addressees=basis.report_addressees.strip() if basis else "",
            copies_to="\n".join(wording.default_copies(directive=directive, organisation=organisation)),
            sections=sections,
        )
