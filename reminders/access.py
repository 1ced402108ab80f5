"""Who may see which reminder pages: one function per object, the same 404 for missing and forbidden."""

from django.http import Http404

from directives.models import ProgressReport
from units.models import Unit
from units.permissions import Actor


def unit_get_for_log(*, actor: Actor, unit_id: int) -> Unit:
    """A unit whose reminder log ``actor`` may read: office and leadership any, members their own."""
    if not actor.can_read_unit(unit_id):
        raise Http404
    try:
        return Unit.objects.get(pk=unit_id)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc


def unit_get_for_urge(*, actor: Actor, unit_id: int, report_id: int | None) -> tuple[Unit, ProgressReport | None]:
    """A unit (and optionally one of its reports) that ``actor`` may urge: office staff and leadership only."""
    if not actor.sees_all_units:
        raise Http404
    try:
        unit = Unit.objects.get(pk=unit_id, is_active=True)
        report = ProgressReport.objects.get(pk=report_id, assignment__unit=unit) if report_id else None
    except (Unit.DoesNotExist, ProgressReport.DoesNotExist) as exc:
        raise Http404 from exc
    return unit, report
