"""Setting up a new directive in the app: the directive, its tasks, who it goes to, its periods."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from units.models import Unit
from units.permissions import actor_for

from ..models import Assignment, Directive, Task
from .periods import directive_sync_reports, period_generate


@dataclass(frozen=True)
class TaskDraft:
    number: int
    short_label: str
    text: str


@transaction.atomic
def directive_create(
    *,
    user: AbstractBaseUser,
    directive: Directive,
    tasks: Sequence[TaskDraft],
    unit_ids: Iterable[int] = (),
    unit_kinds: Iterable[str] = (),
    years: Iterable[int],
) -> Directive:
    """Save a new directive with its tasks, assignments, periods of ``years`` and report rows, in one go (office only)."""
    # Every task is assigned to the chosen units (and unit kinds); the periods follow the directive's schedule.
    if not actor_for(user).is_office:
        raise PermissionDenied
    if not tasks:
        raise ValidationError(_("Add at least one task."), code="no_tasks")
    unit_ids, unit_kinds = list(unit_ids), list(unit_kinds)
    units = list(
        Unit.objects.filter(is_active=True).filter(Q(pk__in=unit_ids) | Q(kind__in=unit_kinds)).values_list("pk", flat=True)
    )
    if not units:
        raise ValidationError(_("Choose the units (or kinds of units) the directive goes to."), code="no_units")
    directive.full_clean()
    directive.save()
    created_tasks = []
    for draft in tasks:
        task = Task(directive=directive, number=draft.number, short_label=draft.short_label, text=draft.text)
        task.full_clean()
        task.save()
        created_tasks.append(task)
    Assignment.objects.bulk_create([Assignment(task=task, unit_id=unit_id) for task in created_tasks for unit_id in units])
    for year in sorted(set(years)):
        period_generate(directive=directive, year=year)
    directive_sync_reports(directive=directive)
    return directive
