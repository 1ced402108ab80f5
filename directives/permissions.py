"""Who may read and decide on a unit's work.

Reading: one function per object kind returns the object or raises Http404, the same for "missing"
and "forbidden", so nobody can probe which reports, files, requests or directives exist.

Deciding, with separation of duties between the units and their reviewers: what a unit
"submitted" must come from that unit and what the office "accepted" must come from someone else.
The same person never submits and reviews the same report, and nobody reviews (or decides an
extension of) a report of a unit they belong to. Office staff review; where some of them belong to
the unit (Văn phòng HĐND và UBND huyện is one of the recipient units), another office member or the
district leadership reviews. The services check these rules, whatever interface calls them.
"""

from django.db.models import QuerySet
from django.http import Http404

from units.models import Membership
from units.permissions import Actor, district_leadership, office_staff

from .models import Directive, EvidenceFile, ExtensionRequest, ProgressReport, ReportVersion


def report_get_for_actor(*, actor: Actor, report_id: int) -> ProgressReport:
    """A report the actor may read: their own unit's, or any for office and leadership."""
    report = (
        ProgressReport.objects.select_related(
            "assignment__unit", "assignment__task__directive", "period", "submitted_by", "reviewed_by"
        )
        .filter(pk=report_id)
        .order_by()  # one row by key: no need for the model's ordering joins
        .first()
    )
    if report is None or not actor.can_read_unit(report.assignment.unit_id):
        raise Http404
    return report


def evidence_get_for_actor(*, actor: Actor, evidence_id: int) -> EvidenceFile:
    """An evidence file the actor may download (same rule as its report)."""
    evidence = EvidenceFile.objects.select_related("report__assignment").filter(pk=evidence_id).order_by().first()
    if evidence is None or not actor.can_read_unit(evidence.report.assignment.unit_id):
        raise Http404
    return evidence


def extension_get_for_actor(*, actor: Actor, extension_id: int) -> ExtensionRequest:
    """An extension request the actor may see (same rule as its report)."""
    extension = (
        ExtensionRequest.objects.select_related(
            "report__assignment__unit", "report__assignment__task", "report__period", "requested_by"
        )
        .filter(pk=extension_id)
        .order_by()
        .first()
    )
    if extension is None or not actor.can_read_unit(extension.report.assignment.unit_id):
        raise Http404
    return extension


def directive_get_for_actor(*, actor: Actor, directive_id: int) -> Directive:
    """A directive for its district-wide pages (follow-up, dashboard, district reports): office and leadership only."""
    directive = Directive.objects.filter(pk=directive_id).order_by().first() if actor.sees_all_units else None
    if directive is None:
        raise Http404
    return directive


def _office_staff_belong_to(unit_id: int) -> bool:
    return Membership.objects.filter(unit_id=unit_id, user__in=office_staff()).exists()


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


def report_get_for_review(*, actor: Actor, report_id: int, deciding: bool) -> tuple[ProgressReport, bool]:
    """The report's review page and whether ``actor`` may decide it; the office reads every one, leadership its own."""
    report = report_get_for_actor(actor=actor, report_id=report_id)
    may_decide = can_review_report(actor=actor, report=report)
    if not (may_decide or (actor.is_office and not deciding)):
        raise Http404
    return report, may_decide


def extension_get_for_decision(*, actor: Actor, extension_id: int, deciding: bool) -> tuple[ExtensionRequest, bool]:
    """The extension's decision page and whether ``actor`` may decide it, on the same terms as a review."""
    extension = extension_get_for_actor(actor=actor, extension_id=extension_id)
    may_decide = can_decide_extension(actor=actor, extension=extension)
    if not (may_decide or (actor.is_office and not deciding)):
        raise Http404
    return extension, may_decide


def reviewers_of_unit(*, unit_id: int) -> QuerySet:
    """The active accounts that may review the unit's reports (``can_review_report`` as a query, submitters aside)."""
    reviewers = office_staff()
    if _office_staff_belong_to(unit_id):
        reviewers |= district_leadership()
    return reviewers.filter(is_active=True).exclude(memberships__unit_id=unit_id)


def can_delete_reports(*, reports: QuerySet[ProgressReport]) -> bool:
    """Whether ``reports`` may be deleted (with their directive, period, task or assignment): none was ever submitted."""
    return not reports.filter(revision__gt=0).exists()
