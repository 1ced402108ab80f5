"""One access function per object kind: return the object or raise Http404, the same for "missing"
and "forbidden", so nobody can probe which reports, files or requests exist."""

from django.http import Http404

from units.permissions import Actor

from .models import Directive, EvidenceFile, ExtensionRequest, ProgressReport


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
    """A directive's follow-up page: office and leadership only."""
    directive = Directive.objects.filter(pk=directive_id).order_by().first()
    if directive is None or not actor.sees_all_units:
        raise Http404
    return directive
