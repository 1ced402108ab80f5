"""The words of the report upward, as a Vietnamese office writes them (always in Vietnamese: it is an official document).

Each function turns data (the directive, the organisation, the figures) into sentences; the page
and the Word export print the same sentences.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboard.selectors import IndicatorTotal
from directives.formatting import percent
from directives.models import Directive, LegalBasis, Task
from organisation.models import Organisation

from .models import SectionKind, SignerKind
from .selectors import ReportFigures, SipasFigures, WorkFigures

# Official documents of the district are written in Vietnamese whatever the reader's interface language.
DOCUMENT_LANGUAGE = "vi"


def date_vn(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def date_line(*, place: str, day: datetime.date) -> str:
    """ "Tam Đường, ngày 05 tháng 7 năm 2020": days 1–9 and months 1–2 take a leading zero (Nghị định 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def number_vn(value: Decimal | int) -> str:
    """1234567.5 → "1.234.567,5" (Vietnamese separators), without trailing zeros."""
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _about(subject: str) -> str:
    """A subject as it follows a document's name: "về việc sử dụng …" (whether it was written "V/v …", "Về việc …" or bare)."""
    text = subject.strip()
    for prefix in ("V/v ", "v/v ", "Về việc ", "về việc "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return _("on %(subject)s") % {"subject": text.rstrip(".")} if text else ""


def document_name(*, doc_type_label: str, number: str, date: datetime.date, issuer: str, subject: str) -> str:
    """ "Công văn số 3088/UBND-KSTT ngày 31/12/2019 của UBND tỉnh Lai Châu về việc …"."""
    name = _("%(type)s No. %(number)s dated %(date)s of %(issuer)s") % {
        "type": doc_type_label,
        "number": number,
        "date": date_vn(date),
        "issuer": issuer,
    }
    about = _about(subject)
    return f"{name} {about}" if about else name


def basis_name(basis: LegalBasis) -> str:
    return document_name(
        doc_type_label=basis.get_doc_type_display(),
        number=basis.number,
        date=basis.date,
        issuer=basis.issuer,
        subject=basis.subject,
    )


def directive_name(directive: Directive, *, with_issuer: bool = True) -> str:
    if not with_issuer:
        name = _("%(type)s No. %(number)s dated %(date)s") % {
            "type": directive.get_doc_type_display(),
            "number": directive.number,
            "date": date_vn(directive.issue_date),
        }
        return f"{name} {_about(directive.subject)}"
    return document_name(
        doc_type_label=directive.get_doc_type_display(),
        number=directive.number,
        date=directive.issue_date,
        issuer=directive.issuing_body,
        subject=directive.subject,
    )


def report_subject(*, directive: Directive, basis: LegalBasis | None, window_phrase: str) -> str:
    """The subject under "BÁO CÁO": what was carried out, and over which window."""
    carried_out = basis_name(basis) if basis else directive_name(directive)
    return _("Results of carrying out %(document)s, %(window)s") % {"document": carried_out, "window": window_phrase}


def opening(*, directive: Directive, basis: LegalBasis | None, organisation: Organisation, window_phrase: str) -> str:
    issued = _("%(authority)s issued %(directive)s to carry it out") % {
        "authority": organisation.authority_name,
        "directive": directive_name(directive, with_issuer=False),
    }
    if basis is not None:
        first = _("Carrying out %(document)s, %(issued)s.") % {"document": basis_name(basis), "issued": issued}
    else:
        first = _("%(authority)s issued %(directive)s.") % {
            "authority": organisation.authority_name,
            "directive": directive_name(directive, with_issuer=False),
        }
    report = _("%(authority)s reports the results of %(window)s as follows:") % {
        "authority": organisation.authority_name,
        "window": window_phrase,
    }
    return f"{first} {report}"


def direction(
    *, directive: Directive, organisation: Organisation, tasks: list[Task], bases: list[LegalBasis], units: int
) -> list[str]:
    """Section I, pre-filled: what the district issued and when, the tasks it gave, the schedule, the other bases."""
    task_list = "; ".join(f"({task.number}) {task.short_label}" for task in tasks)
    lines = [
        ngettext(
            "On %(date)s, %(authority)s issued %(directive)s, asking %(units)s agency, unit and commune to carry out "
            "%(tasks)s tasks: %(list)s.",
            "On %(date)s, %(authority)s issued %(directive)s, asking %(units)s agencies, units and communes to carry out "
            "%(tasks)s tasks: %(list)s.",
            units,
        )
        % {
            "date": date_vn(directive.issue_date),
            "authority": organisation.authority_name,
            "directive": directive_name(directive, with_issuer=False),
            "units": units,
            "tasks": len(tasks),
            "list": task_list,
        },
        _(
            "The units report %(schedule)s, by day %(day)s of the last month of each period, in the tracker; "
            "%(office)s reviews the reports and urges the units that are late."
        )
        % {
            "schedule": directive.get_report_schedule_display().lower(),
            "day": directive.report_due_day,
            "office": organisation.office_name,
        },
    ]
    others = [basis_name(basis) for basis in bases if not basis.implemented]
    if others:
        lines.append(_("Together with it, the district directed the carrying out of: %(list)s.") % {"list": "; ".join(others)})
    return lines


def work_sentence(work: WorkFigures, *, as_of: datetime.date, periods: int, per_unit: bool) -> str:
    """How the units stand by the report's date: accepted on time and late, waiting for review, still owed.

    ``per_unit``: one task over one period, where each report is one unit's, so the sentence counts units.
    """
    values = {
        "date": date_vn(as_of),
        "due": work.due,
        "accepted": work.accepted,
        "on_time": work.on_time,
        "late": work.late,
        "awaiting": work.awaiting,
        "owed": work.owed,
        "overdue": work.owed_overdue,
        "periods": periods,
    }
    if per_unit:
        sentence = _(
            "By the end of %(date)s, of %(due)s units assigned: %(accepted)s had their report accepted (%(on_time)s on time, "
            "%(late)s late); %(awaiting)s had sent it and wait for the office's review; %(owed)s have not reported yet "
            "(%(overdue)s of them overdue)."
        )
    else:
        sentence = _(
            "By the end of %(date)s, over %(periods)s reporting periods (%(due)s reports due): %(accepted)s reports accepted "
            "(%(on_time)s on time, %(late)s late); %(awaiting)s sent and waiting for the office's review; %(owed)s not sent "
            "yet (%(overdue)s of them overdue)."
        )
    sentence = sentence % values
    if work.not_due:
        sentence += " " + _("%(count)s reports are not due yet.") % {"count": work.not_due}
    return sentence


def indicator_line(item: IndicatorTotal) -> str:
    """ "- Hồ sơ quá hạn: 12 hồ sơ (từ 8 báo cáo)"; "chưa có số liệu" when no accepted report gave a value (never 0)."""
    if item.total is None:
        return _("- %(label)s: no data yet.") % {"label": item.indicator.label}
    unit = f" {item.indicator.unit_label}" if item.indicator.unit_label else ""
    return ngettext(
        "- %(label)s: %(total)s%(unit)s (from %(reports)s accepted report).",
        "- %(label)s: %(total)s%(unit)s (from %(reports)s accepted reports).",
        item.reports,
    ) % {"label": item.indicator.label, "total": number_vn(item.total), "unit": unit, "reports": item.reports}


def sipas_lines(sipas: SipasFigures, *, window_phrase: str) -> list[str]:
    """The satisfaction figures of a task's section; demo figures say they are demo."""
    lines = []
    measurement = sipas.measurement
    if measurement is None:
        lines.append(_("No SIPAS result of the district has been entered yet."))
    else:
        values = {
            "year": measurement.year,
            "value": percent(measurement.overall_index, 1),
            "source": measurement.source_document,
        }
        if sipas.comparison is not None and sipas.comparison.overall_index is not None:
            lines.append(
                _("SIPAS %(year)s: the district's index is %(value)s, the province's %(province)s (%(source)s).")
                % {**values, "province": percent(sipas.comparison.overall_index, 1)}
            )
        else:
            lines.append(_("SIPAS %(year)s: the district's index is %(value)s (%(source)s).") % values)
        if sipas.low:
            items = "; ".join(f"{item.label} ({percent(item.value, 1)})" for item in sipas.low)
            lines.append(_("Items citizens rated low: %(items)s.") % {"items": items})
    if sipas.survey_responses:
        lines.append(
            ngettext(
                "Live survey at the one-stop desks in %(window)s: %(count)s response, %(percent)s of answers satisfied.",
                "Live survey at the one-stop desks in %(window)s: %(count)s responses, %(percent)s of answers satisfied.",
                sipas.survey_responses,
            )
            % {"window": window_phrase, "count": sipas.survey_responses, "percent": percent(sipas.survey_percent, 1)}
        )
    else:
        lines.append(_("Live survey at the one-stop desks in %(window)s: no response yet.") % {"window": window_phrase})
    if sipas.is_demo:
        lines.append(_("(These satisfaction figures are demo data, not official figures.)"))
    return lines


def number_line(number: str) -> str:
    """ "Số: 125/BC-UBND"."""
    return _("No.: %(number)s") % {"number": number}


def report_title() -> str:
    return _("REPORT")


def section_heading(kind: str) -> str:
    """The numbered, upper-case heading of a part of the report."""
    return {
        SectionKind.DIRECTION: "I. " + _("DIRECTION AND IMPLEMENTATION"),
        SectionKind.TASK: "II. " + _("RESULTS"),
        SectionKind.SHORTCOMINGS: "III. " + _("SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES"),
        SectionKind.AHEAD: "IV. " + _("DIRECTIONS AND TASKS AHEAD"),
        SectionKind.PROPOSALS: "V. " + _("PROPOSALS AND RECOMMENDATIONS"),
    }[kind]


def task_heading(task: Task) -> str:
    return f"{task.number}. {task.short_label}"


def task_figures(figures: ReportFigures, task: Task) -> list[str]:
    """The figures paragraphs of a task's section (section II), as of the report's date."""
    periods = len(figures.periods)
    lines = [work_sentence(figures.by_task[task.pk], as_of=figures.as_of, periods=periods, per_unit=periods == 1)]
    indicators = figures.indicators.get(task.pk, [])
    if indicators:
        lines.append(_("Indicators, totalled over the accepted reports:"))
        lines += [indicator_line(item) for item in indicators]
    if figures.sipas is not None and task.pk in figures.sipas_task_ids:
        lines += sipas_lines(figures.sipas, window_phrase=figures.window.phrase)
    return lines


def results_intro(figures: ReportFigures) -> str:
    """The line under "II. KẾT QUẢ THỰC HIỆN": all tasks together, counted in reports (one per unit, task and period)."""
    sentence = work_sentence(figures.total, as_of=figures.as_of, periods=len(figures.periods), per_unit=False)
    line = _("All %(tasks)s tasks together: %(sentence)s") % {"tasks": len(figures.tasks), "sentence": sentence}
    if figures.has_demo_reports:
        line += " " + _("(These figures include demo reports, not official figures.)")
    return line


def signer_lines(*, kind: str, organisation: Organisation) -> list[str]:
    """ "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (or "… / CHỦ TỊCH")."""
    on_behalf = _("ON BEHALF OF THE %(authority)s") % {"authority": organisation.authority.upper()}
    if kind == SignerKind.CHAIRMAN:
        return [on_behalf, _("CHAIRMAN")]
    return [on_behalf, _("FOR THE CHAIRMAN"), _("VICE-CHAIRMAN")]


def drafting_code(directive: Directive) -> str:
    """The drafting unit's code in a document number: "345/UBND-NV" → "NV" (empty if the number has none)."""
    tail = directive.number.partition("/")[2]
    return tail.rpartition("-")[2] if "-" in tail else ""


def default_copies(*, directive: Directive, organisation: Organisation) -> list[str]:
    """Nơi nhận: "Như trên" (covers Kính gửi), the organisation's usual copies, the archive with the drafting unit."""
    archive = ", ".join(part for part in ("VT", drafting_code(directive)) if part)
    return [_("As above"), *[line.strip() for line in organisation.report_copies_to.splitlines() if line.strip()],
            _("Archive: %(codes)s") % {"codes": archive}]  # fmt: skip


def listed(lines: list[str]) -> list[str]:
    """Lines of "Kính gửi" and "Nơi nhận": "- a;", "- b;", …, "- z."."""
    return [f"- {line.rstrip(';.')}{'.' if index == len(lines) - 1 else ';'}" for index, line in enumerate(lines)]
