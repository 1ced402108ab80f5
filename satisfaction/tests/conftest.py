"""Fixtures of the satisfaction tests: the SIPAS structure, measurements and survey answers."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from satisfaction.models import (
    CriterionValue,
    ElementValue,
    Measurement,
    Scope,
    SipasCriterion,
    SipasElement,
)
from satisfaction.seeding import sipas_seed
from satisfaction.services import survey_response_set_hidden, survey_response_submit


@pytest.fixture(autouse=True)
def _clear_cache():
    """The survey's rate limit lives in the cache: every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sipas(db):
    """The SIPAS structure (seeded explicitly: a transactional test elsewhere may have flushed it)."""
    sipas_seed()
    return {"elements": list(SipasElement.objects.all()), "criteria": {c.code: c for c in SipasCriterion.objects.all()}}


def make_measurement(*, year=2019, scope=Scope.DISTRICT, unit=None, overall="82.50", elements=None, criteria=None, is_demo=False):
    """A measurement with the given element values ({code: value}) and criterion values ({code: value})."""
    measurement = Measurement.objects.create(
        year=year, scope=scope, unit=unit, source_document="Quyết định 1633/QĐ-UBND ngày 12/12/2019",
        overall_index=Decimal(overall) if overall is not None else None, is_demo=is_demo,
    )  # fmt: skip
    for code, value in (elements or {}).items():
        ElementValue.objects.create(measurement=measurement, element=SipasElement.objects.get(code=code), value=Decimal(value))
    for code, value in (criteria or {}).items():
        CriterionValue.objects.create(
            measurement=measurement, criterion=SipasCriterion.objects.get(code=code), value=Decimal(value)
        )
    return measurement


def make_response(*, unit, scores, when=None, comment="", hidden=False):
    """A survey response with ``scores`` = five scores in element order, recorded (and hidden) as the app does."""
    scores_by_element = {element.pk: score for element, score in zip(SipasElement.objects.all(), scores, strict=True)}
    response = survey_response_submit(unit=unit, scores=scores_by_element, comment=comment, now=when)
    if hidden:
        survey_response_set_hidden(response=response, hidden=True, by=None)
    return response


def local_dt(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
