"""Migrations 0003 and 0004 count the survey answers recorded before the tallies existed, per unit and for all units."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from satisfaction.models import SurveyQuarterCount, SurveyQuarterTally, SurveyResponseCount, SurveyTally
from satisfaction.services import survey_tallies_refresh

BEFORE = [("satisfaction", "0002_seed_sipas_structure")]
AFTER = [("satisfaction", "0004_survey_quarter_tallies")]


def stored() -> tuple[set, set, set, set]:
    return (
        set(SurveyTally.objects.values_list("unit_id", "year", "quarter", "element_id", "answers", "satisfied")),
        set(SurveyResponseCount.objects.values_list("unit_id", "year", "quarter", "responses")),
        set(SurveyQuarterTally.objects.values_list("year", "quarter", "element_id", "answers", "satisfied")),
        set(SurveyQuarterCount.objects.values_list("year", "quarter", "responses")),
    )


@pytest.fixture
def before_tallies():
    """The database at 0002, with the SIPAS structure (a transactional test may have flushed it); latest again after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    importlib.import_module("satisfaction.migrations.0002_seed_sipas_structure").load_structure(old, None)
    yield old
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_counts_existing_answers_as_the_service_would(before_tallies):
    old = before_tallies
    unit_model, element_model = old.get_model("units", "Unit"), old.get_model("satisfaction", "SipasElement")
    response_model, answer_model = old.get_model("satisfaction", "SurveyResponse"), old.get_model("satisfaction", "SurveyAnswer")
    unit = unit_model.objects.create(code="xa-thu", name="UBND xã Thử", short_name="Xã Thử", kind="commune")
    elements = list(element_model.objects.order_by("position"))
    local = datetime.timezone(datetime.timedelta(hours=7))
    for day, hidden, scores in (
        (datetime.datetime(2020, 3, 31, 23, tzinfo=local), False, [5, 5, 5, 5, 5]),  # Q1 in local time
        (datetime.datetime(2020, 4, 2, 9, tzinfo=local), False, [5, 4, 3, 2, 1]),
        (datetime.datetime(2020, 4, 3, 9, tzinfo=local), True, [1, 1, 1, 1, 1]),  # hidden: not counted
    ):
        response = response_model.objects.create(unit=unit, submitted_at=day, is_hidden=hidden)
        answer_model.objects.bulk_create(
            answer_model(response=response, element=element, score=score) for element, score in zip(elements, scores, strict=True)
        )

    MigrationExecutor(connection).migrate(AFTER)
    migrated = stored()
    survey_tallies_refresh()

    assert migrated[1] == {(unit.pk, 2020, 1, 1), (unit.pk, 2020, 2, 1)}
    assert migrated[3] == {(2020, 1, 1), (2020, 2, 1)}
    assert {(year, quarter, answers) for year, quarter, _element, answers, _satisfied in migrated[2]} == {
        (2020, 1, 1),
        (2020, 2, 1),
    }
    assert migrated == stored()
    assert SurveyTally.objects.filter(year=2020, quarter=2).values_list("satisfied", flat=True).distinct().count() == 2
