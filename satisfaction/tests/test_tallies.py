"""The survey tallies that the figures read agree with the answers themselves, whatever happened."""

import threading

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.urls import reverse

from satisfaction.models import SipasElement, SurveyResponse, SurveyResponseCount, SurveyTally
from satisfaction.selectors import Quarter, survey_figures
from satisfaction.services import survey_response_set_hidden, survey_response_submit, survey_tallies_refresh
from tests.factories import UnitFactory

from .conftest import local_dt, make_response


def tallies() -> tuple[set, set]:
    return (
        set(SurveyTally.objects.values_list("unit_id", "year", "quarter", "element_id", "answers", "satisfied")),
        set(SurveyResponseCount.objects.values_list("unit_id", "year", "quarter", "responses")),
    )


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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_responses_recorded_at_the_same_moment_are_all_counted(sipas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...) for real row locks between connections")
    unit = UnitFactory()
    scores = {element.pk: 5 for element in SipasElement.objects.all()}
    barrier = threading.Barrier(4)
    errors = []

    def submit():
        try:
            barrier.wait()
            survey_response_submit(unit=unit, scores=scores)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(SurveyResponseCount.objects.filter(unit=unit).values_list("responses", flat=True)) == 4
    assert set(SurveyTally.objects.filter(unit=unit).values_list("answers", "satisfied")) == {(4, 4)}
