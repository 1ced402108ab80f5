"""The district report as one document: what the page shows, what a version keeps and what the Word file prints.

A draft's figures are computed as of the report's date when the document is assembled; a final
report's are those frozen when it was marked final.
"""

from dataclasses import dataclass, field

from django.utils import translation

from organisation.models import Organisation
from organisation.selectors import organisation_current

from . import wording
from .models import DistrictReport, ReportSection, SectionKind
from .selectors import ReportFigures, iter_lines, report_figures, report_sections


@dataclass
class DocumentSection:
    section: ReportSection
    heading: str
    figures: list[str]
    paragraphs: list[str]

    @property
    def position(self) -> int:
        return self.section.position

    @property
    def kind(self) -> str:
        return self.section.kind


@dataclass
class ReportDocument:
    report: DistrictReport
    organisation: Organisation
    date_line: str
    number: str
    number_line: str
    title: str
    subject: str
    addressees: list[str]
    opening: DocumentSection | None
    results_heading: str
    results_intro: list[str]
    sections: list[DocumentSection] = field(default_factory=list)  # I, II.1…II.n, III, IV, V
    signer: list[str] = field(default_factory=list)
    signer_name: str = ""
    copies_to: list[str] = field(default_factory=list)
    figures: ReportFigures | None = None  # a draft's, as computed (None for a final report)


def figures_lines(figures: ReportFigures) -> tuple[list[str], dict[int, list[str]]]:
    """A draft's figures as text: the results' opening line, and each task section's paragraphs by task id."""
    with translation.override(wording.DOCUMENT_LANGUAGE):
        return [wording.results_intro(figures)], {task.pk: wording.task_figures(figures, task) for task in figures.tasks}


def report_document(*, report: DistrictReport, sections: list[ReportSection] | None = None) -> ReportDocument:
    """Assemble the report (its sections, read if not given, and a draft's figures: a constant number of queries)."""
    sections = report_sections(report=report) if sections is None else sections
    organisation = organisation_current()
    figures = None
    if report.frozen is not None:
        intro = report.frozen["intro"]
        by_position = {int(position): lines for position, lines in report.frozen["figures"].items()}
    else:
        figures = report_figures(report=report)
        intro, by_task = figures_lines(figures)
        by_position = {section.position: by_task.get(section.task_id, []) for section in sections if section.task_id}
    with translation.override(wording.DOCUMENT_LANGUAGE):
        parts = [
            DocumentSection(section, section.heading, by_position.get(section.position, []), list(iter_lines(section.text)))
            for section in sections
        ]
        number = report.number.strip() or "\u00a0" * 8 + "/BC-UBND"
        return ReportDocument(
            report=report,
            organisation=organisation,
            date_line=wording.date_line(place=report.place_name, day=report.report_date),
            number=number,
            number_line=wording.number_line(number),
            title=wording.report_title(),
            subject=report.subject,
            addressees=wording.listed(list(iter_lines(report.addressees))),
            opening=next((part for part in parts if part.kind == SectionKind.OPENING), None),
            results_heading=wording.section_heading(SectionKind.TASK),
            results_intro=intro,
            sections=[part for part in parts if part.kind != SectionKind.OPENING],
            signer=wording.signer_lines(kind=report.signer_kind, organisation=organisation),
            signer_name=report.signer_name,
            copies_to=wording.listed(list(iter_lines(report.copies_to))),
            figures=figures,
        )


def document_content(document: ReportDocument) -> dict:
    """The full text of the report, as a version keeps it."""
    report = document.report
    return {
        "header": {
            "number": report.number,
            "report_date": report.report_date.isoformat(),
            "place_name": report.place_name,
            "subject": report.subject,
            "addressees": report.addressees,
            "signer_kind": report.signer_kind,
            "signer_name": report.signer_name,
            "copies_to": report.copies_to,
        },
        "intro": document.results_intro,
        "sections": [
            {"position": part.position, "heading": part.heading, "figures": part.figures, "text": part.section.text}
            for part in ([document.opening] if document.opening else []) + document.sections
        ],
    }
