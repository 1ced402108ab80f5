"""Write-side rules: importing SIPAS results, recording a survey response, hiding one, and the survey tallies."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from units.models import Unit

from .importing import Grid, Problem, grid_check
from .models import (
    CriterionValue,
    ElementValue,
    Measurement,
    SipasCriterion,
    SipasElement,
    SurveyAnswer,
    SurveyQuarterCount,
    SurveyQuarterTally,
    SurveyResponse,
    SurveyResponseCount,
    SurveyTally,
)
from .selectors import SATISFIED_MIN_SCORE, Quarter


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
    """Save every measurement of ``grid`` or none: re-checked here, inside the transaction."""
    # A measurement for a year and scope (or unit) that exists already has its figures replaced and is no longer marked
    # as demo data: imported figures are official.
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
    _response_tallies_refresh(response)
    return response


@transaction.atomic
def survey_response_set_hidden(*, response: SurveyResponse, hidden: bool, by) -> SurveyResponse:
    """Hide a response from every figure (or show it again), recording who did it and when."""
    response.is_hidden = hidden
    response.hidden_by = by if hidden else None
    response.hidden_at = timezone.now() if hidden else None
    response.full_clean()
    response.save(update_fields=["is_hidden", "hidden_by", "hidden_at"])
    _response_tallies_refresh(response)
    return response


def _response_tallies_refresh(response: SurveyResponse) -> None:
    survey_tallies_refresh(unit_id=response.unit_id, quarter=Quarter.of(timezone.localdate(response.submitted_at)))


@transaction.atomic
def survey_tallies_refresh(*, unit_id: int | None = None, quarter: Quarter | None = None) -> None:
    """Count again, from the visible answers, the survey tallies of one unit in one quarter (or all of them)."""
    # The only writer of ``SurveyTally`` and ``SurveyResponseCount`` (and, through them, of the figures of all units
    # together). The unit's row is locked first (FOR NO KEY UPDATE, which the foreign-key locks of new responses do not
    # block), so that of two responses recorded at the same moment the second count waits for, and includes, the first.
    answers = SurveyAnswer.objects.filter(response__is_hidden=False)
    responses = SurveyResponse.objects.filter(is_hidden=False)
    tallies, counts = SurveyTally.objects.all(), SurveyResponseCount.objects.all()
    if unit_id is not None:
        list(Unit.objects.select_for_update(no_key=True).filter(pk=unit_id).values_list("pk"))
        answers, responses = answers.filter(response__unit_id=unit_id), responses.filter(unit_id=unit_id)
        tallies, counts = tallies.filter(unit_id=unit_id), counts.filter(unit_id=unit_id)
    if quarter is not None:
        in_quarter = {"submitted_at__year": quarter.year, "submitted_at__quarter": quarter.number}
        answers = answers.filter(**{f"response__{lookup}": value for lookup, value in in_quarter.items()})
        responses = responses.filter(**in_quarter)
        tallies = tallies.filter(year=quarter.year, quarter=quarter.number)
        counts = counts.filter(year=quarter.year, quarter=quarter.number)
    tallies.delete()
    counts.delete()
    SurveyTally.objects.bulk_create(
        SurveyTally(unit_id=unit, year=year, quarter=number, element_id=element, answers=n, satisfied=satisfied)
        for year, number, unit, element, n, satisfied in answers.annotate(
            year=ExtractYear("response__submitted_at"), number=ExtractQuarter("response__submitted_at")
        )
        .values_list("year", "number", "response__unit_id", "element_id")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=SATISFIED_MIN_SCORE)))
        .order_by()
    )
    SurveyResponseCount.objects.bulk_create(
        SurveyResponseCount(unit_id=unit, year=year, quarter=number, responses=n)
        for year, number, unit, n in responses.annotate(year=ExtractYear("submitted_at"), number=ExtractQuarter("submitted_at"))
        .values_list("year", "number", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    _quarter_tallies_refresh(quarter=quarter)


def _quarter_tallies_refresh(*, quarter: Quarter | None) -> None:
    """Count again the figures of all units together (``SurveyQuarterTally``, ``SurveyQuarterCount``) from the units' tallies."""
    tallies, counts = SurveyTally.objects.all(), SurveyResponseCount.objects.all()
    totals, quarter_counts = SurveyQuarterTally.objects.all(), SurveyQuarterCount.objects.all()
    if quarter is not None:
        key = {"year": quarter.year, "quarter": quarter.number}
        # The quarter's count row is the lock: of two responses of different units recorded at once, the second counts
        # after the first has committed, and so includes it (each statement sees what was committed before it began).
        SurveyQuarterCount.objects.bulk_create([SurveyQuarterCount(**key, responses=0)], ignore_conflicts=True)
        list(SurveyQuarterCount.objects.select_for_update().filter(**key).values_list("pk"))
        tallies, counts, totals, quarter_counts = (rows.filter(**key) for rows in (tallies, counts, totals, quarter_counts))
    totals.delete()
    SurveyQuarterTally.objects.bulk_create(
        SurveyQuarterTally(year=year, quarter=number, element_id=element, answers=answers, satisfied=satisfied)
        for year, number, element, answers, satisfied in tallies.values_list("year", "quarter", "element_id")
        .annotate(answers_sum=Sum("answers"), satisfied_sum=Sum("satisfied"))
        .order_by()
    )
    responses = counts.values_list("year", "quarter").annotate(n=Sum("responses")).order_by()
    if quarter is not None:
        quarter_counts.update(responses=sum(n for _year, _number, n in responses))
        return
    quarter_counts.delete()
    SurveyQuarterCount.objects.bulk_create(
        SurveyQuarterCount(year=year, quarter=number, responses=n) for year, number, n in responses
    )
