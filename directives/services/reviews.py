"""What the office does with a submitted report or an extension request: decide, once."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from units.permissions import actor_for

from ..models import AWAITING_REVIEW, ExtensionRequest, ExtensionStatus, ProgressReport, ReportStatus, ReportVersion
from ..permissions import can_decide_extension, can_review_report
from ..working_days import working_days_after
from .deadlines import report_deadlines_refresh
from .notices import notify_extension_decided, notify_report_reviewed
from .tallies import indicator_totals_refresh, report_state_tallies_refresh


def _require_report_reviewer(*, user: AbstractBaseUser, report_id: int) -> None:
    """Separation of duties (directives.permissions): refuse a reviewer who belongs to the unit or submitted the report."""
    report = ProgressReport.objects.only("pk", "unit_id", "submitted_by_id").get(pk=report_id)
    if not can_review_report(actor=actor_for(user), report=report):
        raise PermissionDenied


def _already_decided(*, report_id: int) -> ValidationError:
    current = ProgressReport.objects.select_related("reviewed_by").get(pk=report_id)
    if current.status in AWAITING_REVIEW:
        message = _("The unit submitted a newer version while you were reading; please review that version.")
    elif current.reviewed_by is not None:
        message = _("%(name)s already decided on this report at %(time)s (%(status)s); your decision was not saved.") % {
            "name": current.reviewed_by.get_full_name() or current.reviewed_by.get_username(),
            "time": formats.date_format(timezone.localtime(current.reviewed_at), "d/m/Y H:i"),
            "status": current.get_status_display(),
        }
    else:
        message = _("This report is no longer waiting for review; your decision was not saved.")
    return ValidationError(message, code="conflict")


def resubmission_deadline(*, report: ProgressReport, returned_on: datetime.date) -> datetime.date:
    """The day a report returned on ``returned_on`` must come back by: the directive's working days, or the deadline if later."""
    window = working_days_after(returned_on, report.period.directive.resubmission_working_days)
    return max(window, report.deadline)


@transaction.atomic
def _report_decide(
    *, report_id: int, user: AbstractBaseUser, revision: int, status: str, comment: str, at: datetime.datetime | None
) -> ProgressReport:
    _require_report_reviewer(user=user, report_id=report_id)
    now = at or timezone.now()
    changes = {}
    if status == ReportStatus.RETURNED:
        report = ProgressReport.objects.select_related("period__directive").get(pk=report_id)
        changes["resubmit_by"] = resubmission_deadline(report=report, returned_on=timezone.localdate(now))
    # Conditional UPDATE: of two reviewers of the same version, exactly one wins.
    decided = ProgressReport.objects.filter(pk=report_id, status__in=AWAITING_REVIEW, revision=revision).update(
        status=status, reviewed_at=now, reviewed_by=user, review_comment=comment, updated_at=now, **changes
    )
    if not decided:
        raise _already_decided(report_id=report_id)
    periods = list(ProgressReport.objects.filter(pk=report_id).values_list("period_id", flat=True))
    report_state_tallies_refresh(periods=periods)
    if status == ReportStatus.ACCEPTED:
        indicator_totals_refresh(periods=periods)
    ReportVersion.objects.filter(report_id=report_id, number=revision).update(
        decision=status, reviewed_at=now, reviewed_by=user, review_comment=comment, **changes
    )
    report = ProgressReport.objects.select_related("assignment__unit", "assignment__task", "period").get(pk=report_id)
    notify_report_reviewed(report=report)
    return report


def report_accept(
    *, report_id: int, user: AbstractBaseUser, revision: int, comment: str = "", at: datetime.datetime | None = None
) -> ProgressReport:
    """Accept the submitted version ``revision`` (a reviewer, see directives.permissions); ``at``: the demo seed's past."""
    return _report_decide(
        report_id=report_id, user=user, revision=revision, status=ReportStatus.ACCEPTED, comment=comment.strip(), at=at
    )


def report_return(
    *, report_id: int, user: AbstractBaseUser, revision: int, comment: str, at: datetime.datetime | None = None
) -> ProgressReport:
    """Return the submitted version ``revision`` with a required comment and a resubmission window (a reviewer)."""
    if not comment.strip():
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say what the unit should change: a comment is required to return a report."), code="required"
                )
            }
        )
    return _report_decide(
        report_id=report_id, user=user, revision=revision, status=ReportStatus.RETURNED, comment=comment.strip(), at=at
    )


@transaction.atomic
def extension_decide(
    *,
    extension_id: int,
    user: AbstractBaseUser,
    approve: bool,
    new_date: datetime.date | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ExtensionRequest:
    """Approve (with the granted date) or reject (with a reason) a pending extension request, once (a reviewer)."""
    extension = ExtensionRequest.objects.select_related("report__period").get(pk=extension_id)
    if not can_decide_extension(actor=actor_for(user), extension=extension):
        raise PermissionDenied
    note = note.strip()
    if approve:
        new_date = new_date or extension.requested_date
        if new_date <= extension.report.period.due_date:
            message = _("The new deadline must be after the period's due date (%(date)s).") % {
                "date": extension.report.period.due_date.strftime("%d/%m/%Y")
            }
            raise ValidationError({"new_date": ValidationError(message, code="not_later")})
        changes = {"status": ExtensionStatus.APPROVED, "granted_date": new_date}
    else:
        if not note:
            raise ValidationError({"note": ValidationError(_("Give the reason for refusing the extension."), code="required")})
        changes = {"status": ExtensionStatus.REJECTED}
    decided = ExtensionRequest.objects.filter(pk=extension_id, status=ExtensionStatus.PENDING).update(
        decision_note=note, decided_by=user, decided_at=at or timezone.now(), **changes
    )
    if not decided:
        raise ValidationError(_("This extension request has already been decided."), code="conflict")
    if approve:
        report_deadlines_refresh(reports=ProgressReport.objects.filter(pk=extension.report_id))
    extension = ExtensionRequest.objects.select_related(
        "report__assignment__unit", "report__assignment__task", "report__period"
    ).get(pk=extension_id)
    notify_extension_decided(extension=extension)
    return extension
