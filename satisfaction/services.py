"""Write-side rules: importing SIPAS results, recording a survey response, hiding one."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from units.models import Unit

from .importing import Grid, Problem, grid_check
from .models import CriterionValue, ElementValue, Measurement, SipasCriterion, SipasElement, SurveyAnswer, SurveyResponse


class ImportRefused(Exception):
    """The grid has problems: nothing was saved."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    replaced: int = 0


@transaction.atomic
def measurements_import(*, grid: Grid) -> ImportResult:
    """Save every measurement of ``grid`` or none: re-checked here, inside the transaction.

    A measurement for a year and scope (or unit) that exists already has its figures replaced and is
    no longer marked as demo data: imported figures are official.
    """
    checked = grid_check(grid)
    if not checked.ok:
        raise ImportRefused(checked.problems)
    elements = {e.code: e for e in SipasElement.objects.all()}
    criteria = {c.code: c for c in SipasCriterion.objects.all()}
    years = {m.year for m in checked.measurements}
    existing = {
        (m.year, m.scope, m.unit_id): m for m in Measurement.objects.select_for_update().filter(year__in=years).order_by("pk")
    }
    result = ImportResult()
    element_rows, criterion_rows = [], []
    for parsed in checked.measurements:
        measurement = existing.get(parsed.key)
        if measurement is None:
            measurement = Measurement(year=parsed.year, scope=parsed.scope, unit=parsed.unit)
            result.created += 1
        else:
            result.replaced += 1
        measurement.source_document = parsed.source_document
        measurement.overall_index = parsed.overall_index
        measurement.is_demo = False
        measurement.full_clean()
        measurement.save()
        measurement.element_values.all().delete()
        measurement.criterion_values.all().delete()
        element_rows += [
            ElementValue(measurement=measurement, element=elements[c], value=v) for c, v in parsed.element_values.items()
        ]
        criterion_rows += [
            CriterionValue(measurement=measurement, criterion=criteria[c], value=v) for c, v in parsed.criterion_values.items()
        ]
    for row in element_rows + criterion_rows:
        row.full_clean(exclude=["measurement"], validate_unique=False, validate_constraints=False)
    ElementValue.objects.bulk_create(element_rows)
    CriterionValue.objects.bulk_create(criterion_rows)
    return result


@transaction.atomic
def survey_response_submit(
    *, unit: Unit, scores: dict[int, int], comment: str = "", now: datetime.datetime | None = None
) -> SurveyResponse:
    """Record one citizen's answers (``scores``: element id → 1–5). Stores no personal data."""
    response = SurveyResponse(unit=unit, submitted_at=now or timezone.now(), comment=comment.strip())
    response.full_clean()
    response.save()
    answers = [SurveyAnswer(response=response, element_id=element_id, score=score) for element_id, score in scores.items()]
    for answer in answers:
        answer.full_clean(exclude=["response", "element"], validate_unique=False, validate_constraints=False)
    SurveyAnswer.objects.bulk_create(answers)
    return response


def survey_response_set_hidden(*, response: SurveyResponse, hidden: bool, by) -> SurveyResponse:
    """Hide a response from every figure (or show it again), recording who did it and when."""
    response.is_hidden = hidden
    response.hidden_by = by if hidden else None
    response.hidden_at = timezone.now() if hidden else None
    response.full_clean()
    response.save(update_fields=["is_hidden", "hidden_by", "hidden_at"])
    return response
