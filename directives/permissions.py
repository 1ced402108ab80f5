"""Who may decide on a unit's work: separation of duties between the units and their reviewers.

What a unit "submitted" must come from that unit and what the office "accepted" must come from
someone else: the same person never submits and reviews the same report, and nobody reviews (or
decides an extension of) a report of a unit they belong to. Office staff review; where some of them
belong to the unit (Văn phòng HĐND và UBND huyện is one of the recipient units), another office
member or the district leadership reviews. The services check these rules, whatever interface
calls them.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from units.models import LEADERSHIP_ROLES, DistrictRoleKind, Membership
from units.permissions import Actor

from .models import ExtensionRequest, ProgressReport, ReportVersion


def _office_staff_belong_to(unit_id: int) -> bool:
    return Membership.objects.filter(unit_id=unit_id, user__district_role__role=DistrictRoleKind.OFFICE).exists()


def _may_review_unit(*, actor: Actor, unit_id: int) -> bool:
    if actor.user_id is None or Membership.objects.filter(user_id=actor.user_id, unit_id=unit_id).exists():
        return False
    if actor.is_office:
        return True
    # Leadership reviews the units some office staff belong to, whose reports the office may not all review.
    return actor.is_leadership and _office_staff_belong_to(unit_id)


def can_review_report(*, actor: Actor, report: ProgressReport) -> bool:
    """Whether ``actor`` may accept or return ``report``: a reviewer outside its unit who submitted none of its versions."""
    if report.submitted_by_id is not None and report.submitted_by_id == actor.user_id:
        return False
    if ReportVersion.objects.filter(report_id=report.pk, submitted_by_id=actor.user_id).exists():
        return False
    return _may_review_unit(actor=actor, unit_id=report.unit_id)


def can_decide_extension(*, actor: Actor, extension: ExtensionRequest) -> bool:
    """Whether ``actor`` may decide ``extension``: a reviewer of the report's unit who did not ask for it."""
    if extension.requested_by_id is not None and extension.requested_by_id == actor.user_id:
        return False
    return _may_review_unit(actor=actor, unit_id=extension.report.unit_id)


def reviewers_of_unit(*, unit_id: int) -> QuerySet:
    """The active accounts that may review the unit's reports (``can_review_report`` as a query, submitters aside)."""
    reviewers = Q(district_role__role=DistrictRoleKind.OFFICE)
    if _office_staff_belong_to(unit_id):
        reviewers |= Q(district_role__role__in=LEADERSHIP_ROLES)
    return get_user_model().objects.filter(reviewers, is_active=True).exclude(memberships__unit_id=unit_id)


def can_delete_reports(*, reports: QuerySet[ProgressReport]) -> bool:
    """Whether ``reports`` may be deleted (with their directive, period, task or assignment): none was ever submitted."""
    return not reports.filter(revision__gt=0).exists()
