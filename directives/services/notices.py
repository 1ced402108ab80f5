"""Who hears about each workflow event, and what they read (in-app and by e-mail, after commit)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from notifications.services import notification_notify

from ..models import ExtensionRequest, ExtensionStatus, ProgressReport, ReportStatus
from ..permissions import reviewers_of_unit


def _unit_users(unit_id: int):
    return get_user_model().objects.filter(is_active=True, memberships__unit_id=unit_id)


def _about(report: ProgressReport) -> dict[str, str]:
    task = report.assignment.task
    return {
        "unit": report.assignment.unit.short_name,
        "task": f"{task.number}. {task.short_label}",
        "period": report.period.label,
    }


def notify_report_submitted(*, report: ProgressReport) -> None:
    """Tell the office a report is waiting for review."""
    with translation.override(settings.LANGUAGE_CODE):
        if report.status == ReportStatus.RESUBMITTED:
            title = gettext("%(unit)s resubmitted its report on task %(task)s (%(period)s)") % _about(report)
        else:
            title = gettext("%(unit)s submitted its report on task %(task)s (%(period)s)") % _about(report)
    notification_notify(
        recipients=reviewers_of_unit(unit_id=report.unit_id).exclude(pk=report.submitted_by_id),
        title=title,
        url=reverse("directives:review", args=[report.pk]),
    )


def notify_report_reviewed(*, report: ProgressReport) -> None:
    """Tell the unit its report was accepted or returned (with the office's comment)."""
    with translation.override(settings.LANGUAGE_CODE):
        if report.status == ReportStatus.ACCEPTED:
            title = gettext("Your report on task %(task)s (%(period)s) was accepted") % _about(report)
        else:
            title = gettext("Your report on task %(task)s (%(period)s) was returned for changes") % _about(report)
    notification_notify(
        recipients=_unit_users(report.assignment.unit_id),
        title=title,
        body=report.review_comment,
        url=reverse("directives:report", args=[report.pk]),
    )


def notify_extension_requested(*, extension: ExtensionRequest) -> None:
    """Tell the office a unit asks for more time."""
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("%(unit)s asks for an extension on task %(task)s (%(period)s) to %(date)s") % {
            **_about(extension.report),
            "date": extension.requested_date.strftime("%d/%m/%Y"),
        }
    notification_notify(
        recipients=reviewers_of_unit(unit_id=extension.report.unit_id).exclude(pk=extension.requested_by_id),
        title=title,
        body=extension.reason,
        url=reverse("directives:extension_decide", args=[extension.pk]),
    )


def notify_extension_decided(*, extension: ExtensionRequest) -> None:
    """Tell the unit whether its extension was approved (and to which date) or rejected."""
    with translation.override(settings.LANGUAGE_CODE):
        if extension.status == ExtensionStatus.APPROVED:
            about = {**_about(extension.report), "date": extension.granted_date.strftime("%d/%m/%Y")}
            title = gettext("Extension approved: task %(task)s (%(period)s) is now due %(date)s") % about
        else:
            title = gettext("Extension refused for task %(task)s (%(period)s)") % _about(extension.report)
    notification_notify(
        recipients=_unit_users(extension.report.assignment.unit_id),
        title=title,
        body=extension.decision_note,
        url=reverse("directives:report", args=[extension.report_id]),
    )
