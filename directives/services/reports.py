"""What a unit does with its report: save a draft, attach evidence, submit, ask for more time."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from units.permissions import actor_for

from ..models import (
    OWED_STATUSES,
    EvidenceFile,
    ExtensionRequest,
    ExtensionStatus,
    IndicatorValue,
    ProgressReport,
    ReportStatus,
    ReportVersion,
)
from ..validators import evidence_caps_check, evidence_kind_detect, evidence_safe_name
from .notices import notify_extension_requested, notify_report_submitted
from .tallies import report_state_tallies_refresh


@dataclass(frozen=True)
class ReportContent:
    """What the unit typed: the three texts and the indicator values (indicator id → value or None)."""

    results: str = ""
    shortcomings: str = ""
    solutions: str = ""
    indicators: dict[int, Decimal | None] = field(default_factory=dict)


def _lock_for_unit(*, report_id: int, user: AbstractBaseUser) -> ProgressReport:
    """Lock the report row for the unit's change; refuse other units and non-editable reports."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("assignment__unit", "assignment__task", "period")
        .get(pk=report_id)
    )
    if not actor_for(user).can_edit_unit(report.assignment.unit_id):
        raise PermissionDenied
    if not report.is_owed:
        raise ValidationError(
            _("This report has already been submitted; it cannot be changed unless the office returns it."),
            code="not_editable",
        )
    return report


def _apply_content(*, report: ProgressReport, content: ReportContent, files: Sequence[UploadedFile], user) -> None:
    report.results, report.shortcomings, report.solutions = content.results, content.shortcomings, content.solutions
    report.full_clean()
    report.save(update_fields=["results", "shortcomings", "solutions", "updated_at"])
    allowed = set(report.assignment.task.indicators.values_list("pk", flat=True))
    filled = {pk: value for pk, value in content.indicators.items() if pk in allowed and value is not None}
    cleared = [pk for pk, value in content.indicators.items() if pk in allowed and value is None]
    IndicatorValue.objects.filter(report=report, indicator_id__in=cleared).delete()
    values = [IndicatorValue(report=report, indicator_id=pk, value=value) for pk, value in filled.items()]
    for value in values:
        value.full_clean(validate_unique=False, validate_constraints=False)
    IndicatorValue.objects.bulk_create(
        values, update_conflicts=True, unique_fields=["report", "indicator"], update_fields=["value"]
    )
    for upload in files:
        evidence_attach(report=report, upload=upload, user=user)


def evidence_attach(*, report: ProgressReport, upload: UploadedFile, user: AbstractBaseUser) -> EvidenceFile:
    """Store one evidence file after checking its content type and size and the report's caps."""
    kind = evidence_kind_detect(upload)
    evidence_caps_check(report=report, upload=upload)
    evidence = EvidenceFile(
        report=report, file=upload, original_name=evidence_safe_name(upload.name), kind=kind, size=upload.size, uploaded_by=user
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def report_save_draft(
    *, report_id: int, user: AbstractBaseUser, content: ReportContent, files: Sequence[UploadedFile] = ()
) -> ProgressReport:
    """Save the unit's text, indicators and new evidence without submitting (any member of the unit)."""
    report = _lock_for_unit(report_id=report_id, user=user)
    _apply_content(report=report, content=content, files=files, user=user)
    return report


def report_missing_for_submission(*, report: ProgressReport, content: ReportContent) -> list[str]:
    """What a report still lacks before it can be submitted (empty list: ready)."""
    missing = []
    if not content.results.strip():
        missing.append(_("Write the results achieved before submitting."))
    for indicator in report.assignment.task.indicators.all():
        if content.indicators.get(indicator.pk) is None:
            missing.append(_("Enter a value for “%(label)s” (0 if none).") % {"label": indicator.label})
    return missing


@transaction.atomic
def report_submit(
    *,
    report_id: int,
    user: AbstractBaseUser,
    content: ReportContent,
    files: Sequence[UploadedFile] = (),
    at: datetime.datetime | None = None,
) -> ReportVersion:
    """Save and submit the report as a new frozen version (head or deputy only); a second click is refused."""
    # ``at`` is for the demo seed, which places its illustrative submissions in the past.
    if not actor_for(user).can_submit_for_unit:
        raise PermissionDenied
    report = _lock_for_unit(report_id=report_id, user=user)
    missing = report_missing_for_submission(report=report, content=content)
    if missing:
        raise ValidationError(missing, code="incomplete")
    _apply_content(report=report, content=content, files=files, user=user)
    now = at or timezone.now()
    new_status = ReportStatus.RESUBMITTED if report.status == ReportStatus.RETURNED else ReportStatus.SUBMITTED
    # Conditional UPDATE: only the request that still sees the editable revision moves it on.
    moved = ProgressReport.objects.filter(pk=report.pk, status__in=OWED_STATUSES, revision=report.revision).update(
        status=new_status,
        submitted_at=now,
        submitted_by=user,
        first_submitted_at=Coalesce(F("first_submitted_at"), Value(now)),
        revision=F("revision") + 1,
        updated_at=now,
    )
    if not moved:
        raise ValidationError(_("This report has already been submitted."), code="not_editable")
    report_state_tallies_refresh(periods=[report.period_id])
    report.refresh_from_db()
    version = ReportVersion(
        report=report,
        number=report.revision,
        submitted_at=now,
        submitted_by=user,
        results=report.results,
        shortcomings=report.shortcomings,
        solutions=report.solutions,
        resubmission_due=report.resubmit_by if new_status == ReportStatus.RESUBMITTED else None,
        indicators=[
            {
                "code": v.indicator.code,
                "label": v.indicator.label,
                "unit_label": v.indicator.unit_label,
                "value": format(v.value.normalize(), "f"),
            }
            for v in report.indicator_values.select_related("indicator")
        ],
    )
    version.full_clean()
    version.save()
    EvidenceFile.objects.filter(report=report, submitted_in__isnull=True).update(submitted_in=version)
    notify_report_submitted(report=report)
    return version


@transaction.atomic
def evidence_delete(*, evidence_id: int, user: AbstractBaseUser) -> None:
    """Remove a file not yet submitted from an editable report; submitted files stay for the record."""
    evidence = EvidenceFile.objects.select_related("report").get(pk=evidence_id)
    _lock_for_unit(report_id=evidence.report_id, user=user)
    if evidence.submitted_in_id is not None:
        raise ValidationError(_("This file was part of a submitted version and is kept for the record."), code="kept")
    evidence.file.delete(save=False)
    evidence.delete()


def extension_request_refusal(*, report: ProgressReport, today: datetime.date) -> ValidationError | None:
    """Why no extension may be asked for ``report`` on ``today`` (accepted, or its deadline passed), or None."""
    if report.status == ReportStatus.ACCEPTED:
        return ValidationError(_("This report has been accepted; no extension is needed."), code="accepted")
    if today > report.deadline:
        return ValidationError(
            _("The deadline (%(date)s) has passed; an extension must be requested before it.")
            % {"date": report.deadline.strftime("%d/%m/%Y")},
            code="too_late",
        )
    return None


@transaction.atomic
def extension_request_create(
    *,
    report_id: int,
    user: AbstractBaseUser,
    requested_date: datetime.date,
    reason: str,
    at: datetime.datetime | None = None,
) -> ExtensionRequest:
    """Ask the office for a later deadline (head or deputy, before the deadline passes, one pending at a time)."""
    now = at or timezone.now()
    today = timezone.localdate(now)
    actor = actor_for(user)
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("assignment__unit", "assignment__task", "period")
        .get(pk=report_id)
    )
    if not (actor.can_edit_unit(report.assignment.unit_id) and actor.can_submit_for_unit):
        raise PermissionDenied
    refusal = extension_request_refusal(report=report, today=today)
    if refusal is not None:
        raise refusal
    if requested_date <= report.deadline:
        message = _("Choose a date after the current deadline (%(date)s).") % {"date": report.deadline.strftime("%d/%m/%Y")}
        raise ValidationError({"requested_date": ValidationError(message, code="not_later")})
    if report.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request for this report is already waiting for a decision."), code="pending")
    extension = ExtensionRequest(
        report=report, requested_date=requested_date, reason=reason.strip(), requested_by=user, requested_at=now
    )
    extension.full_clean(exclude=["period"])  # copied from the report when saved
    extension.save()
    notify_extension_requested(extension=extension)
    return extension
