"""Who may see which reminder pages and who may urge a unit: the same 404 for missing and forbidden."""

from django.http import Http404

from directives.models import ProgressReport
from units.models import Unit
from units.permissions import Actor


def can_urge(actor: Actor) -> bool:
    """Office staff and leadership urge units ("Đôn đốc"): the district roles that see every unit."""
    return actor.sees_all_units


def unit_get_for_log(*, actor: Actor, unit_id: int) -> Unit:
    """A unit whose reminder log ``actor`` may read: office and leadership any, members their own."""
    unit = Unit.objects.filter(pk=unit_id).first() if actor.can_read_unit(unit_id) else None
    if unit is None:
        raise Http404
    return unit


def unit_get_for_urge(*, actor: Actor, unit_id: int, report_id: int | None) -> tuple[Unit, ProgressReport | None]:
    """An active unit (and optionally one of its reports) that ``actor`` may urge."""
    if not can_urge(actor):
        raise Http404
    try:
        unit = Unit.objects.get(pk=unit_id, is_active=True)
        report = ProgressReport.objects.get(pk=report_id, assignment__unit=unit) if report_id else None
    except (Unit.DoesNotExist, ProgressReport.DoesNotExist) as exc:
        raise Http404 from exc
    return unit, report
