"""Who may read, compose, edit and comment on the district's reports to the province.

The office composes and edits drafts; the district leadership reads drafts and final reports and
comments on sections; nobody changes a final report. Everyone else (unit users, users without a
role) gets 404 for every page here, the answer for what does not exist (see units/permissions.py).
"""

from django.http import Http404

from units.permissions import Actor

from .models import DistrictReport


def district_report_get_for_actor(*, actor: Actor, report_id: int) -> DistrictReport:
    """A district report for office and leadership; Http404 for a missing report and a forbidden reader alike."""
    report = DistrictReport.objects.select_related("directive").filter(pk=report_id).first() if actor.sees_all_units else None
    if report is None:
        raise Http404
    return report


def can_compose(actor: Actor) -> bool:
    return actor.is_office


def can_edit(actor: Actor, report: DistrictReport) -> bool:
    """The office edits a draft; a final report is frozen."""
    return actor.is_office and not report.is_final


def can_comment(actor: Actor) -> bool:
    """The chairman and vice-chairmen comment on sections, of a draft or of a final report."""
    return actor.is_leadership
