"""Loading Công văn 345/UBND-NV and the district's recipient units from data shipped in the project."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from units.models import Unit

from .models import Assignment, Directive, DirectiveStatus, Indicator, LegalBasis, ProgressReport, Task
from .services import directive_periods_extend, directive_sync_reports, period_generate

SEED_FILE = Path(__file__).resolve().parent / "seed" / "cv345.json"


@dataclass
class SeedResult:
    created_units: int = 0
    created_tasks: int = 0
    created_assignments: int = 0
    created_periods: int = 0
    created_reports: int = 0
    created_indicators: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


@transaction.atomic
def seed_cv345(*, path: Path = SEED_FILE, through: datetime.date | None = None) -> tuple[Directive, SeedResult]:
    """Create what is missing of the directive, its units, assignments and periods; never overwrite edits.

    Its tasks are ongoing, so it gets the periods of every year up to ``through``'s (today by default).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    result = SeedResult()
    for row in data["units"]:
        _, created = Unit.objects.get_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
        result.created_units += created

    fields = dict(data["directive"])
    fields["issue_date"] = datetime.date.fromisoformat(fields["issue_date"])
    directive, _ = Directive.objects.get_or_create(number=fields.pop("number"), defaults=fields)
    for position, basis in enumerate(data["legal_bases"], start=1):
        LegalBasis.objects.get_or_create(
            directive=directive,
            number=basis["number"],
            defaults={**basis, "position": position, "date": datetime.date.fromisoformat(basis["date"])},
        )
    _seed_implemented_basis(directive=directive, legal_bases=data["legal_bases"])
    for task_row in data["tasks"]:
        _, created = Task.objects.get_or_create(directive=directive, number=task_row["number"], defaults=task_row)
        result.created_tasks += created
    result.created_indicators = _seed_indicators(directive=directive, indicators=data.get("indicators", {}))

    seeded_codes = [row["code"] for row in data["units"]]
    existing = set(Assignment.objects.filter(task__directive=directive).values_list("task_id", "unit_id"))
    new_assignments = [
        Assignment(task_id=task_id, unit_id=unit_id)
        for task_id in directive.tasks.values_list("pk", flat=True)
        for unit_id in Unit.objects.filter(code__in=seeded_codes).values_list("pk", flat=True)
        if (task_id, unit_id) not in existing
    ]
    Assignment.objects.bulk_create(new_assignments)
    result.created_assignments = len(new_assignments)

    reports_before = ProgressReport.objects.filter(period__directive=directive).count()
    for year in data["period_years"]:
        result.created_periods += len(period_generate(directive=directive, year=year, sync=False))
    if directive.is_ongoing and directive.status == DirectiveStatus.ACTIVE:
        result.created_periods += len(directive_periods_extend(directive=directive, through=through or timezone.localdate()))
    directive_sync_reports(directive=directive)
    result.created_reports = ProgressReport.objects.filter(period__directive=directive).count() - reports_before
    return directive, result


def _seed_implemented_basis(*, directive: Directive, legal_bases: list[dict]) -> None:
    """Mark the document the directive carries out (3088/UBND-KSTT for 345) in a database seeded before the
    mark existed; the office's own choice, once made, is kept."""
    seeded = next((basis for basis in legal_bases if basis.get("implemented")), None)
    if seeded is None or LegalBasis.objects.filter(directive=directive, implemented=True).exists():
        return
    basis = LegalBasis.objects.filter(directive=directive, number=seeded["number"]).first()
    if basis is not None:
        basis.implemented = True
        basis.report_addressees = basis.report_addressees or seeded.get("report_addressees", "")
        basis.save(update_fields=["implemented", "report_addressees"])


def _seed_indicators(*, directive: Directive, indicators: dict[str, list[list[str]]]) -> int:
    """Add the seeded indicators a task lacks (matched by code); labels the office edited are kept."""
    tasks = {task.number: task for task in directive.tasks.all()}
    existing = set(Indicator.objects.filter(task__directive=directive).values_list("task_id", "code"))
    rows = []
    for number, items in indicators.items():
        task = tasks.get(int(number))
        if task is None:
            continue
        for position, (code, label, unit_label) in enumerate(items, start=1):
            if (task.pk, code) not in existing:
                rows.append(Indicator(task=task, code=code, label=label, unit_label=unit_label, position=position))
    Indicator.objects.bulk_create(rows)
    return len(rows)
