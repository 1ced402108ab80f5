"""Illustrative SIPAS figures and survey answers for trying the app. Never official: every row is
flagged ``is_demo`` and every screen that shows them says "demo data"."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from units.models import Unit

from .models import CriterionValue, ElementValue, Measurement, Scope, SipasCriterion, SipasElement, SurveyAnswer, SurveyResponse
from .services import survey_tallies_refresh

DEMO_SOURCE = "[DỮ LIỆU MINH HỌA – không phải số liệu chính thức]"
DEMO_YEAR = 2019


@dataclass
class SipasDemoResult:
    measurements: int = 0
    responses: int = 0


def _value(index: int, *, offset: int) -> Decimal:
    """A spread of plausible-looking but made-up percentages (70–96), deterministic."""
    return Decimal(70 + (index * 7 + offset) % 27)


@transaction.atomic
def sipas_demo_seed() -> SipasDemoResult:
    """Add demo district and province results for 2019 and demo survey answers, each marked as demo.

    Idempotent: creates nothing where a measurement of the same year and scope exists (official or
    not), and adds survey answers only when there are no demo answers yet.
    """
    result = SipasDemoResult()
    elements = list(SipasElement.objects.all())
    criteria = list(SipasCriterion.objects.all())
    for scope, offset in ((Scope.DISTRICT, 0), (Scope.PROVINCE, 5)):
        if Measurement.objects.filter(year=DEMO_YEAR, scope=scope, unit__isnull=True).exists():
            continue
        measurement = Measurement(
            year=DEMO_YEAR, scope=scope, source_document=DEMO_SOURCE, overall_index=Decimal(80 + offset), is_demo=True
        )
        measurement.full_clean()
        measurement.save()
        ElementValue.objects.bulk_create(
            ElementValue(measurement=measurement, element=e, value=_value(i, offset=offset)) for i, e in enumerate(elements)
        )
        CriterionValue.objects.bulk_create(
            CriterionValue(measurement=measurement, criterion=c, value=_value(i, offset=offset)) for i, c in enumerate(criteria)
        )
        result.measurements += 1

    if SurveyResponse.objects.filter(is_demo=True).exists() or not elements:
        return result
    now = timezone.now()
    answers = []
    for unit_index, unit in enumerate(Unit.objects.filter(is_active=True)):
        for n in range(8):  # eight answers per unit spread over the last year, slowly improving
            days_ago = 360 - n * 45
            when = now - datetime.timedelta(days=days_ago, hours=unit_index % 7)
            response = SurveyResponse.objects.create(unit=unit, submitted_at=when, is_demo=True)
            for element_index, element in enumerate(elements):
                score = 2 + (unit_index + element_index + n) % 3 + (1 if n >= 4 else 0)
                answers.append(SurveyAnswer(response=response, element=element, score=min(score, 5)))
            result.responses += 1
    SurveyAnswer.objects.bulk_create(answers)
    survey_tallies_refresh()
    return result
