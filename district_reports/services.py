"""Write-side rules of the district reports: compose a draft, save its header and sections, mark it final, comment.

Every change locks the report row, checks who may make it (``permissions``), refuses a final
report, and keeps the report's full text as a new version. A section is saved only if nobody else
saved it since the editor opened it (its ``revision``), so a colleague's work is never overwritten.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.models import Directive
from organisation.selectors import organisation_current
from security.text import text_clean
from units.permissions import actor_for

from .composition import compose_draft
from .document import ReportDocument, document_content, report_document
from .models import DistrictReport, ReportSection, ReportState, ReportVersion, SectionComment, SignerKind
from .permissions import can_comment, can_compose, can_edit
from .selectors import appendix_head, appendix_rows, report_for_window, report_sections, window_periods
from .windows import Window

CHANGE_COMPOSED = gettext_lazy("Composed by the app")
CHANGE_HEADER = gettext_lazy("Header edited")
CHANGE_FINAL = gettext_lazy("Marked final")


def _check_date(*, window: Window, report_date: datetime.date) -> None:
    if report_date > timezone.localdate():
        raise ValidationError(
            {"report_date": ValidationError(_("A report is dated today or an earlier day, not a future one."), code="future")}
        )
    if report_date < window.start:
        raise ValidationError(
            {
                "report_date": ValidationError(
                    _("A report on %(window)s cannot be dated before the window starts (%(start)s).")
                    % {"window": window.phrase, "start": window.start.strftime("%d/%m/%Y")},
                    code="before_window",
                )
            }
        )


def _version(
    *, report: DistrictReport, user: AbstractBaseUser, change: str, document: ReportDocument | None = None
) -> ReportVersion:
    document = document or report_document(report=report)
    return ReportVersion.objects.create(
        report=report,
        number=report.revision,
        saved_at=timezone.now(),
        saved_by=user,
        state=report.state,
        change=str(change),
        content=document_content(document),
    )


@transaction.atomic
def district_report_create(
    *, directive: Directive, window: Window, report_date: datetime.date, user: AbstractBaseUser
) -> DistrictReport:
    """Compose a draft report on ``directive`` for ``window`` dated ``report_date``, and keep it as version 1."""
    if not can_compose(actor_for(user)):
        raise PermissionDenied
    _check_date(window=window, report_date=report_date)
    if not window_periods(directive=directive, window=window):
        raise ValidationError(
            _("%(directive)s has no reporting period within %(window)s.")
            % {"directive": directive.title, "window": window.phrase},
            code="no_periods",
        )
    if report_for_window(directive=directive, window=window) is not None:
        raise ValidationError(_("This directive already has a report for %(window)s.") % {"window": window.phrase}, code="exists")
    organisation = organisation_current()
    draft = compose_draft(directive=directive, window=window, report_date=report_date, organisation=organisation)
    report = DistrictReport(
        directive=directive,
        window_kind=window.kind,
        year=window.year,
        quarter=window.quarter,
        report_date=report_date,
        place_name=organisation.place_name,
        subject=text_clean(draft.subject),
        addressees=text_clean(draft.addressees),
        copies_to=text_clean(draft.copies_to),
        signer_kind=SignerKind.VICE_CHAIRMAN,
        revision=1,
        created_by=user,
    )
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            _("This directive already has a report for %(window)s.") % {"window": window.phrase}, code="exists"
        ) from None
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report, position=position, kind=part.kind, task=part.task, heading=part.heading, text=text_clean(part.text)
        )
        for position, part in enumerate(draft.sections)
    )
    _version(report=report, user=user, change=CHANGE_COMPOSED)
    return report


def _locked_draft(*, report_id: int, user: AbstractBaseUser) -> DistrictReport:
    report = DistrictReport.objects.select_for_update().select_related("directive").get(pk=report_id)
    actor = actor_for(user)
    if not actor.is_office:
        raise PermissionDenied
    if not can_edit(actor, report):
        raise ValidationError(_("This report is final: it can no longer be changed."), code="final")
    return report


@dataclass(frozen=True)
class HeaderData:
    number: str
    report_date: datetime.date
    place_name: str
    subject: str
    addressees: str
    signer_kind: str
    signer_name: str
    copies_to: str


@transaction.atomic
def district_report_header_save(*, report_id: int, user: AbstractBaseUser, data: HeaderData) -> DistrictReport:
    """Save the header data of a draft (its date moves every figure to the new day) and keep the new version."""
    report = _locked_draft(report_id=report_id, user=user)
    _check_date(window=report.window, report_date=data.report_date)
    for name, value in vars(data).items():
        setattr(report, name, text_clean(value) if isinstance(value, str) else value)
    report.revision += 1
    report.full_clean(validate_unique=False)
    report.save()
    _version(report=report, user=user, change=CHANGE_HEADER)
    return report


@transaction.atomic
def district_report_section_save(
    *, report_id: int, position: int, user: AbstractBaseUser, text: str, revision: int
) -> ReportSection:
    """Save one section's text of a draft if nobody saved it since ``revision``, and keep the new version."""
    report = _locked_draft(report_id=report_id, user=user)
    saved = ReportSection.objects.filter(report=report, position=position, revision=revision).update(
        text=text_clean(text).strip(), revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not saved:
        if not ReportSection.objects.filter(report=report, position=position).exists():
            raise ReportSection.DoesNotExist
        raise ValidationError(
            _(
                "Someone else saved this section after you opened it. Your text is still below: compare it with theirs, "
                "then save again."
            ),
            code="stale",
        )
    section = ReportSection.objects.get(report=report, position=position)
    report.revision += 1
    report.save(update_fields=["revision"])
    _version(
        report=report,
        user=user,
        change=_("Section edited: %(heading)s") % {"heading": section.heading or section.get_kind_display()},
    )
    return section


@transaction.atomic
def district_report_finalise(*, report_id: int, user: AbstractBaseUser) -> DistrictReport:
    """Mark a draft final: its figures and appendix are frozen as of its date, nothing changes it afterwards."""
    report = _locked_draft(report_id=report_id, user=user)
    if not report.signer_name.strip():
        raise ValidationError(
            {"signer_name": ValidationError(_("Give the signer's name before marking the report final."), code="incomplete")}
        )
    sections = report_sections(report=report)
    document = report_document(report=report, sections=sections)
    head = appendix_head(report=report, figures=document.figures)
    report.frozen = {
        "intro": document.results_intro,
        "figures": {str(part.position): part.figures for part in document.sections if part.figures},
        "appendix": {"tasks": head.tasks, "periods": head.periods, "rows": list(appendix_rows(report=report, head=head))},
    }
    report.state = ReportState.FINAL
    report.finalised_at, report.finalised_by = timezone.now(), user
    report.revision += 1
    report.save()
    _version(report=report, user=user, change=CHANGE_FINAL, document=document)
    return report


def district_report_comment_add(*, report_id: int, position: int, user: AbstractBaseUser, text: str) -> SectionComment:
    """Leave the district leadership's comment on one section (of a draft or a final report)."""
    if not can_comment(actor_for(user)):
        raise PermissionDenied
    section = ReportSection.objects.get(report_id=report_id, position=position)
    text = text_clean(text).strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("Write the comment first."), code="required")})
    return SectionComment.objects.create(section=section, author=user, text=text)
