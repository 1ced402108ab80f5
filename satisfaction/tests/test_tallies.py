"""The survey tallies that the figures read, per unit and of all units together, agree with the answers themselves,
whatever happened."""

import threading

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.urls import reverse

from satisfaction.models import (
    SipasElement,
    SurveyQuarterCount,
    SurveyQuarterTally,
    SurveyResponse,
    SurveyResponseCount,
    SurveyTally,
)
from satisfaction.selectors import Quarter, survey_figures
from satisfaction.services import survey_response_set_hidden, survey_response_submit, survey_tallies_refresh
from tests.factories import UnitFactory

from .conftest import local_dt, make_response


def tallies() -> tuple[set, set]:
    """The units' stored tallies; the tallies of all units together are checked against their sum on the way."""
    units = (
        set(SurveyTally.objects.values_list("unit_id", "year", "quarter", "element_id", "answers", "satisfied")),
        set(SurveyResponseCount.objects.values_list("unit_id", "year", "quarter", "responses")),
    )
    summed_answers: dict[tuple, list[int]] = {}
    for _unit, year, quarter, element, answers, satisfied in units[0]:
        cell = summed_answers.setdefault((year, quarter, element), [0, 0])
        cell[0], cell[1] = cell[0] + answers, cell[1] + satisfied
    summed_responses: dict[tuple, int] = {}
    for _unit, year, quarter, responses in units[1]:
        summed_responses[(year, quarter)] = summed_responses.get((year, quarter), 0) + responses
    quarter_answers = {(y, q, e): [a, s] for y, q, e, a, s in SurveyQuarterTally.objects.values_list(
        "year", "quarter", "element_id", "answers", "satisfied"
    )}  # fmt: skip
    assert quarter_answers == summed_answers
    quarter_responses = SurveyQuarterCount.objects.filter(responses__gt=0).values_list("year", "quarter", "responses")
    assert {(year, quarter): n for year, quarter, n in quarter_responses} == summed_responses
    return units


def recounted() -> tuple[set, set]:
    """The tallies counted from scratch (what a full refresh writes), leaving the stored ones as they were."""
    stored = tallies()
    survey_tallies_refresh()
    fresh = tallies()
    SurveyTally.objects.all().delete()
    SurveyResponseCount.objects.all().delete()
    SurveyTally.objects.bulk_create(
        SurveyTally(unit_id=u, year=y, quarter=q, element_id=e, answers=a, satisfied=s) for u, y, q, e, a, s in stored[0]
    )
    SurveyResponseCount.objects.bulk_create(
        SurveyResponseCount(unit_id=u, year=y, quarter=q, responses=n) for u, y, q, n in stored[1]
    )
    return fresh


@pytest.mark.django_db
@time_machine.travel(local_dt(2020, 6, 10), tick=False)
def test_tallies_follow_every_response_recorded_hidden_and_shown_again(sipas):
    unit, other = UnitFactory(), UnitFactory()
    first = make_response(unit=unit, scores=[5, 4, 3, 2, 1], when=local_dt(2020, 4, 2))
    make_response(unit=unit, scores=[5, 5, 5, 5, 5], when=local_dt(2020, 3, 31, 23))  # Q1 in local time (Q2 is UTC+7 away)
    spam = make_response(unit=other, scores=[1, 1, 1, 1, 1], when=local_dt(2020, 5, 6))
    assert tallies() == recounted()
    assert SurveyResponseCount.objects.get(unit=unit, year=2020, quarter=1).responses == 1

    survey_response_set_hidden(response=spam, hidden=True, by=None)
    assert tallies() == recounted()
    assert not SurveyTally.objects.filter(unit=other).exists()

    survey_response_set_hidden(response=spam, hidden=False, by=None)
    survey_response_set_hidden(response=first, hidden=True, by=None)
    assert tallies() == recounted()
    figures = survey_figures()
    assert figures.responses_by_quarter == {Quarter(2020, 1): 1, Quarter(2020, 2): 1}
    assert figures.overall[Quarter(2020, 2)].answers == 5


@pytest.mark.django_db
def test_office_cannot_delete_a_response_in_the_admin(sipas, admin_client):
    response = make_response(unit=UnitFactory(), scores=[5, 4, 3, 2, 1])
    changelist = admin_client.get(reverse("admin:satisfaction_surveyresponse_changelist")).content.decode()

    delete = admin_client.post(reverse("admin:satisfaction_surveyresponse_delete", args=[response.pk]), {"post": "yes"})

    assert delete.status_code == 403
    assert 'value="delete_selected"' not in changelist
    assert SurveyResponse.objects.filter(pk=response.pk).exists()
    assert get_user_model().objects.filter(is_superuser=True).exists()  # the refusal holds even for a superuser


def _submit_at_once(units) -> list[Exception]:
    """One response per unit of ``units``, all recorded at the same moment, each in its own connection."""
    scores = {element.pk: 5 for element in SipasElement.objects.all()}
    barrier = threading.Barrier(len(units))
    errors = []

    def submit(unit):
        try:
            barrier.wait()
            survey_response_submit(unit=unit, scores=scores)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=[unit]) for unit in units]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_responses_recorded_at_the_same_moment_are_all_counted(sipas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...) for real row locks between connections")
    unit = UnitFactory()

    assert _submit_at_once([unit] * 4) == []
    assert sum(SurveyResponseCount.objects.filter(unit=unit).values_list("responses", flat=True)) == 4
    assert set(SurveyTally.objects.filter(unit=unit).values_list("answers", "satisfied")) == {(4, 4)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_responses_to_different_units_at_the_same_moment_are_all_counted_for_all_units_together(sipas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...) for real row locks between connections")
    units = [UnitFactory() for _ in range(4)]

    assert _submit_at_once(units) == []
    assert list(SurveyQuarterCount.objects.values_list("responses", flat=True)) == [4]
    assert set(SurveyQuarterTally.objects.values_list("answers", "satisfied")) == {(4, 4)}
    assert SurveyQuarterTally.objects.count() == SipasElement.objects.count()
