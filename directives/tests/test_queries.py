"""The unit's home page and the office's review queue cost the same number of queries for one unit
as for all 26 units of Công văn 345 (run with -s to print the figures)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directives.models import Assignment, ProgressReport
from directives.seeding import seed_cv345
from tests.factories import DistrictRoleFactory, MembershipFactory, UserFactory
from tests.workflow import report_reviewed, report_submitted
from units.models import Unit

UNIT_HOME_QUERIES = 10
REVIEW_QUEUE_QUERIES = 10


def _district(n_units: int):
    """Công văn 345 for ``n_units`` units, with every report of every unit submitted (by its head) and waiting."""
    directive, _ = seed_cv345(through=datetime.date(2020, 12, 31))
    keep = list(Unit.objects.order_by("code")[:n_units])
    Assignment.objects.filter(task__directive=directive).exclude(unit__in=keep).delete()
    heads = {
        unit.pk: MembershipFactory(unit=unit, user=UserFactory(username="head" if i == 0 else f"head-{i}")).user
        for i, unit in enumerate(keep)
    }
    for report in ProgressReport.objects.filter(period__directive=directive).select_related("task"):
        report_submitted(report, by=heads[report.unit_id], when=timezone.now())
    return heads[keep[0].pk]


@pytest.fixture(scope="module", params=[1, 26], ids=["1 unit", "26 units"])
def district(request, django_db_setup, django_db_blocker):
    """(number of units, a unit head), built once per size in a transaction rolled back at the end;
    each test runs in a savepoint within it (pytest-django's ``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield request.param, _district(request.param)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_unit_home_query_count_does_not_grow_with_units(client, district, django_assert_num_queries):
    n_units, head = district
    client.force_login(head)

    # session, user, district role, membership, active directives, current periods, the unit's
    # reports with state, their pending extensions, unread notifications, demo-data flag
    with django_assert_num_queries(UNIT_HOME_QUERIES) as captured:
        response = client.get(reverse("home"))
    print(f"\nunit home, {n_units} unit(s) in the district: {len(captured)} queries")

    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item list-group-item-action report-row') == 6


@pytest.mark.django_db
def test_review_queue_query_count_does_not_grow_with_units(client, district, django_assert_num_queries):
    n_units, _head = district
    office = DistrictRoleFactory(user=UserFactory(username="vp")).user
    client.force_login(office)

    # session, user, district role, membership, how many reports await review, the page of them
    # (one joined query), pending extension requests, the backlog (count, oldest, median), unread
    # notifications, demo-data flag
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES) as captured:
        response = client.get(reverse("directives:review_queue"))
    print(f"\nreview queue, {n_units} unit(s), {n_units * 6 * 3} reports waiting: {len(captured)} queries")

    assert response.status_code == 200
    assert response.content.decode().count(">Xem xét</a>") == min(n_units * 6 * 3, 30)  # one page of 30
    assert f'data-waiting="{n_units * 6 * 3}"' in response.content.decode()


@pytest.mark.django_db
def test_all_reports_list_query_count_does_not_grow_with_units(client, district, django_assert_num_queries):
    client.force_login(DistrictRoleFactory(user=UserFactory(username="vp")).user)

    # session, user, district role, membership, the periods, their reports by state (the stored
    # tallies), the page's ids, its reports with state, directives, their periods, units, unread
    # notifications, demo-data flag
    with django_assert_num_queries(13):
        response = client.get(reverse("directives:report_list"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_my_reports_query_count_does_not_grow_with_units(client, district, django_assert_num_queries):
    _n_units, head = district
    client.force_login(head)

    # session, user, district role, membership, how many reports the unit has (the pages), the page's
    # reports with state, their pending extensions, the current periods (what "days left" applies to),
    # unread notifications, demo-data flag
    with django_assert_num_queries(10):
        response = client.get(reverse("directives:my_reports"))

    assert response.content.decode().count("report-row") == 18


@pytest.mark.django_db
def test_report_page_query_count_does_not_grow_with_units(client, district, django_assert_num_queries):
    n_units, head = district
    report = ProgressReport.objects.filter(unit__memberships__user=head).order_by("-period__start_date", "task__number").first()
    office = DistrictRoleFactory(user=UserFactory(username="vp")).user
    report_reviewed(report, by=office, when=timezone.now(), accept=False)  # returned: the unit may edit it again
    client.force_login(head)

    # session, user, district role, membership, the report with its unit, task, directive, period and
    # people, its state, the directive's periods (is it the current one?), its indicator values (read
    # once for the form and the page), the task's indicators, evidence files, extension requests,
    # unread notifications, demo-data flag, the survey's low-rated criteria linked to the task
    with django_assert_num_queries(14) as captured:
        response = client.get(reverse("directives:report", args=[report.pk]))
    print(f"\nreport page, {n_units} unit(s) in the district: {len(captured)} queries")

    assert 'name="results"' in response.content.decode()
