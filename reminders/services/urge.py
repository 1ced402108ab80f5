""" "Đôn đốc": office staff or leadership urge a unit now, at most once per unit per day."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import ProgressReport
from units.models import Unit
from units.permissions import Actor

from ..models import ReminderKind, Urge
from ..permissions import can_urge
from ..selectors import open_report_rows, open_reports_queryset, policies_by_directive, unit_recipients
from .claims import PlannedItem, PlannedMessage, messages_claim
from .dispatch import deliveries_queue


@dataclass(frozen=True)
class UrgeResult:
    urge: Urge
    messages: int
    undeliverable: bool


def urge_create(
    *, actor: Actor, urged_by, unit: Unit, report: ProgressReport | None = None, today: datetime.date | None = None
) -> UrgeResult:
    """Urge ``unit`` about its open reports (or one of them) now; refused if it was urged today or owes nothing."""
    if not can_urge(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    reports = open_reports_queryset(
        today=today,
        directive_ids=list(policies_by_directive()),
        unit_id=unit.pk,
        report_id=report.pk if report else None,
    )
    rows = open_report_rows(reports)
    if not rows:
        raise ValidationError(_("%(unit)s has no report left to submit, so there is nothing to urge.") % {"unit": unit.name})
    stage = f"urge/{today.isoformat()}"
    items = [
        PlannedItem(row.report_id, stage, row.deadline, (row.deadline - today).days, row.status)
        for row in sorted(rows, key=lambda row: (row.deadline, row.report_id))
    ]
    urge = Urge(unit=unit, day=today, report=report, urged_by=urged_by)
    urge.full_clean()
    try:
        with transaction.atomic():
            urge.save()
            recipients = unit_recipients(unit_ids=[unit.pk])[unit.pk]
            messages = [PlannedMessage(ReminderKind.URGE, recipient, items) for recipient in recipients]
            log_ids = messages_claim(messages=messages, day=today, urge=urge)
            deliveries_queue(log_ids=log_ids)
    except IntegrityError as exc:  # a colleague urged the same unit a moment ago
        raise ValidationError(_("%(unit)s has already been urged today.") % {"unit": unit.name}) from exc
    return UrgeResult(urge=urge, messages=len(log_ids), undeliverable=any(r.undeliverable for r in recipients))
