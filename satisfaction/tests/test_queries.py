"""The satisfaction page and the summary tags read a constant number of queries, however much data."""

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from satisfaction.models import LowRatedTaskLink, Measurement, Scope
from tests.factories import DistrictRoleFactory, TaskFactory, UnitFactory

from .conftest import local_dt, make_measurement, make_response

pytestmark = pytest.mark.django_db


def fill(*, units: int, responses_per_unit: int) -> None:
    """District and province results once, then ``units`` units with their results and responses."""
    if not Measurement.objects.exists():
        make_measurement(overall="82", elements={"E1": "80", "E2": "70"}, criteria={"1.1": "60", "2.2": "90"})
        make_measurement(scope=Scope.PROVINCE, overall="85", criteria={"1.1": "70", "2.2": "95"})
    for index in range(units):
        unit = UnitFactory()
        make_measurement(scope=Scope.UNIT, unit=unit, overall="75", criteria={"3.1": "55"})
        for n in range(responses_per_unit):
            make_response(
                unit=unit, scores=[5, 4, 3, 2, 1], when=local_dt(2020, 1 + (n * 3) % 12, 5), comment=f"ý kiến {index}-{n}"
            )


def satisfaction_queries(client, url) -> tuple[int, int]:
    """(all queries, queries on this app's tables) of one page view."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), sum("satisfaction_" in q["sql"] for q in queries.captured_queries)


@time_machine.travel(local_dt(2020, 12, 20), tick=False)
def test_overview_query_count_does_not_grow_with_units_and_responses(client, sipas):
    client.force_login(DistrictRoleFactory().user)
    url = reverse("satisfaction:overview")
    fill(units=2, responses_per_unit=2)
    small = satisfaction_queries(client, url)
    fill(units=20, responses_per_unit=4)

    large = satisfaction_queries(client, url)

    assert large == small
    # This app's share, pinned: years, measurements of the year, setting; survey (from the tallies):
    # counts per quarter × element, per unit × element in the selected quarter, responses per
    # quarter, baseline, baseline elements, elements, demo flag; results table: element values, criterion values, elements + criteria; low-rated: latest
    # district measurement, province comparison, element values, criterion values; recent
    # responses + their answers. (Session, user, roles, units and base.html's counters come on top.)
    assert small[1] == 20


@time_machine.travel(local_dt(2020, 12, 20), tick=False)
def test_summary_tags_query_count_is_constant(sipas, django_assert_num_queries):
    template = Template("{% load satisfaction_tags %}{% low_rated_summary %}{% survey_trend_summary %}")
    fill(units=1, responses_per_unit=1)
    with CaptureQueriesContext(connection) as queries:
        template.render(Context())
    fill(units=10, responses_per_unit=5)
    with django_assert_num_queries(len(queries)):
        template.render(Context())


@time_machine.travel(local_dt(2020, 12, 20), tick=False)
def test_tag_query_counts_are_pinned(sipas, django_assert_num_queries):
    fill(units=5, responses_per_unit=3)
    linked, other = TaskFactory(), TaskFactory()
    LowRatedTaskLink.objects.create(task=linked)
    context = Context({"linked": linked, "other": other})
    with django_assert_num_queries(1):  # the link lookup only: unlinked task pages pay one query
        Template("{% load satisfaction_tags %}{% low_rated_panel other %}").render(context)
    with django_assert_num_queries(6):  # link, setting, latest district, province, element and criterion values
        Template("{% load satisfaction_tags %}{% low_rated_panel linked %}").render(context)
    # setting, counts per quarter, responses per quarter, baseline, its elements, demo flag
    with django_assert_num_queries(6):
        Template("{% load satisfaction_tags %}{% survey_trend_summary %}").render(context)
