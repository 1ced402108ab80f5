"""Fixtures reach their workflow states through the services, at the moment the story says (time_machine),
so a "submitted" report has its version, submitter and times exactly as the app would record them."""

import datetime
import zoneinfo
from decimal import Decimal

import time_machine
from django.conf import settings

from directives.models import ExtensionRequest, ProgressReport, ReportStatus, ReportVersion
from directives.services import (
    ReportContent,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_submit,
)
from tests.factories import MembershipFactory, UserFactory
from units.models import MemberRole, Membership

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """``hour`` o'clock in Vietnam on ``day``."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def report_submitted(
    report: ProgressReport, *, by, when: datetime.datetime, results: str = "Đã thực hiện.", value: Decimal = Decimal(0)
) -> ReportVersion:
    """Submit ``report`` as ``by`` (its unit's head or deputy) at ``when``; every indicator of its task gets ``value``."""
    indicators = dict.fromkeys(report.task.indicators.values_list("pk", flat=True), value)
    with time_machine.travel(when, tick=False):
        return report_submit(report_id=report.pk, user=by, content=ReportContent(results=results, indicators=indicators))


def report_reviewed(report: ProgressReport, *, by, when: datetime.datetime, accept: bool, comment: str = "") -> ProgressReport:
    """Accept (or return, with ``comment``) the report's latest submitted version as ``by`` at ``when``."""
    revision = ProgressReport.objects.values_list("revision", flat=True).get(pk=report.pk)
    decide = report_accept if accept else report_return
    with time_machine.travel(when, tick=False):
        return decide(report_id=report.pk, user=by, revision=revision, comment=comment or ("" if accept else "Bổ sung."))


def extension_asked(
    report: ProgressReport, *, by, when: datetime.datetime, until: datetime.date, reason: str = "Lũ quét."
) -> ExtensionRequest:
    """Ask, as ``by`` at ``when``, for the report's deadline to move to ``until``."""
    with time_machine.travel(when, tick=False):
        return extension_request_create(report_id=report.pk, user=by, requested_date=until, reason=reason)


def extension_decided(
    extension: ExtensionRequest,
    *,
    by,
    when: datetime.datetime,
    approve: bool,
    note: str = "",
    granted: datetime.date | None = None,
) -> ExtensionRequest:
    """Decide ``extension`` as ``by`` at ``when``, approving to ``granted`` (default: the date asked);
    a refusal gets a reason when none is given."""
    with time_machine.travel(when, tick=False):
        return extension_decide(
            extension_id=extension.pk,
            user=by,
            approve=approve,
            new_date=granted,
            note=note or ("" if approve else "Không đủ căn cứ."),
        )


def unit_submitter(unit) -> object:
    """The unit's head or deputy, or a new head without an e-mail address (so no reminder goes to them)."""
    member = Membership.objects.filter(unit=unit, role__in=(MemberRole.HEAD, MemberRole.DEPUTY)).select_related("user").first()
    if member is not None:
        return member.user
    return MembershipFactory(unit=unit, role=MemberRole.HEAD, user=UserFactory(email="")).user


def report_brought_to(report: ProgressReport, status: str, *, reviewer, submitted: datetime.datetime) -> ProgressReport:
    """Take a draft to ``status`` (submitted, returned, resubmitted or accepted) the way a unit and the office would,
    first submitted at ``submitted`` and reviewed an hour after each submission."""
    head = unit_submitter(report.unit)
    report_submitted(report, by=head, when=submitted)
    if status in (ReportStatus.RETURNED, ReportStatus.RESUBMITTED, ReportStatus.ACCEPTED):
        report_reviewed(report, by=reviewer, when=submitted + datetime.timedelta(hours=1), accept=status == ReportStatus.ACCEPTED)
    if status == ReportStatus.RESUBMITTED:
        report_submitted(report, by=head, when=submitted + datetime.timedelta(hours=2))
    report.refresh_from_db()
    return report
