"""Read endpoints: what each caller may see (the pages' rules), the one status rule as of a date,
stable pages, conditional GET, a constant number of queries, and the refusals."""

import datetime
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiTokenScope
from dashboard.selectors import directive_tasks, period_breakdown
from directives.models import ProgressReport
from directives.selectors import reports_with_state
from directives.services import directive_sync_reports
from district_reports.services import (
    HeaderData,
    district_report_create,
    district_report_finalise,
    district_report_header_save,
)
from district_reports.tests.conftest import REPORT_DATE
from district_reports.windows import Window, WindowKind
from tests.factories import AssignmentFactory, DirectiveFactory, UnitFactory

REPORTS = "/api/v1/reports/"


@pytest.fixture
def office(world, token_for):
    return token_for(world.office, ApiTokenScope.READ)


@pytest.fixture
def head_a(world, token_for):
    return token_for(world.head_a, ApiTokenScope.READ)


def test_report_states_are_the_status_rules_as_of_the_given_date_in_either_date_format(api, world, office):
    as_of = world.period.due_date + datetime.timedelta(days=1)  # the current period is overdue the day after its deadline
    expected = dict(reports_with_state(ProgressReport.objects.all(), as_of=as_of).values_list("pk", "state"))
    for written in (as_of.isoformat(), as_of.strftime("%d/%m/%Y")):
        rows = api("get", REPORTS, office, data={"as_of": written}).json()["results"]
        assert {row["id"]: row["state"] for row in rows} == expected
    assert expected[world.report.pk] == "overdue"


def test_an_unreadable_as_of_is_a_400_naming_the_field_in_vietnamese(api, office):
    response = api("get", REPORTS, office, data={"as_of": "31-12-2020"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "as_of", "message": "Hãy viết ngày theo dạng yyyy-mm-dd hoặc dd/mm/yyyy.", "code": "invalid"}
    ]


@pytest.mark.parametrize(
    ("params", "field"), [({"state": "late"}, "state"), ({"unit": "x"}, "unit"), ({"period": "-1"}, "period")]
)
def test_a_bad_filter_is_a_400_naming_it(api, office, params, field):
    response = api("get", REPORTS, office, data=params)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_filters_keep_the_reports_of_that_directive_period_unit_and_state(api, world, office):
    rows = api("get", REPORTS, office, data={"period": world.period.pk, "unit": world.unit_b.pk}).json()["results"]
    assert [row["id"] for row in rows] == [world.report_b.pk]
    in_progress = api("get", REPORTS, office, data={"state": "in_progress", "directive": world.directive.pk}).json()["results"]
    assert {row["id"] for row in in_progress} == {world.report.pk, world.report_b.pk}


def test_a_unit_reads_only_its_own_reports_even_when_it_asks_for_another_unit(api, world, head_a):
    own = api("get", REPORTS, head_a).json()["results"]
    assert {row["unit"] for row in own} == {world.unit_a.pk}
    assert api("get", REPORTS, head_a, data={"unit": world.unit_b.pk}).json()["results"] == []


def test_another_units_report_answers_exactly_like_a_missing_one(api, world, head_a):
    refused = api("get", f"{REPORTS}{world.report_b.pk}/", head_a)
    missing = api("get", f"{REPORTS}{world.report_b.pk + 1000}/", head_a)
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    own = api("get", f"{REPORTS}{world.report.pk}/", head_a).json()
    assert (own["id"], own["state"], own["unit_code"]) == (world.report.pk, "in_progress", world.unit_a.code)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/directives/", "/api/v1/directives/{directive}/", "/api/v1/directives/{directive}/tally/", "/api/v1/units/",
     "/api/v1/periods/", "/api/v1/periods/{period}/tally/", "/api/v1/periods/{period}/indicators/", "/api/v1/review-queue/",
     "/api/v1/extensions/", "/api/v1/district-reports/"],
)  # fmt: skip
def test_district_reads_answer_a_unit_and_a_person_without_role_like_a_missing_page(api, world, token_for, path):
    url = path.format(directive=world.directive.pk, period=world.period.pk)
    missing = api("get", "/api/v1/reports/0/", token_for(world.head_a))
    for user in (world.head_a, world.nobody):
        refused = api("get", url, token_for(user))
        assert refused.status_code == 404, user
        assert refused.content == missing.content


def test_leadership_reads_the_district_but_not_the_offices_queues(api, world, token_for):
    secret = token_for(world.chairman)
    assert api("get", "/api/v1/directives/", secret).status_code == 200
    assert api("get", "/api/v1/review-queue/", secret).status_code == 404
    assert api("get", "/api/v1/extensions/", secret).status_code == 404


def test_a_directive_comes_with_its_tasks_and_indicators(api, world, office):
    directive = api("get", f"/api/v1/directives/{world.directive.pk}/", office).json()
    assert directive["number"] == world.directive.number
    assert [task["number"] for task in directive["tasks"]] == [world.task.number]
    assert [i["code"] for i in directive["tasks"][0]["indicators"]] == [i.code for i in world.indicators]


def test_units_come_with_their_validity_dates(api, world, office):
    world.unit_b.valid_to = datetime.date(2020, 12, 31)
    world.unit_b.save()
    units = {row["code"]: row for row in api("get", "/api/v1/units/", office).json()["results"]}
    assert units[world.unit_b.code]["valid_to"] == "2020-12-31"
    assert units[world.unit_a.code]["valid_from"] is None


def test_period_counts_are_the_dashboards_counts(api, world, office):
    as_of = world.period.due_date + datetime.timedelta(days=1)
    body = api("get", f"/api/v1/periods/{world.period.pk}/tally/", office, data={"as_of": as_of.isoformat()}).json()
    expected = period_breakdown(period=world.period, tasks=directive_tasks(directive=world.directive), as_of=as_of)
    assert body["total"]["counts"] == expected.total.counts
    assert body["total"]["counts"]["overdue"] == 2
    assert {row["unit_code"]: row["tally"]["counts"] for row in body["by_unit"]} == {
        row.unit.code: row.tally.counts for row in expected.units
    }
    trend = api("get", f"/api/v1/directives/{world.directive.pk}/tally/", office, data={"as_of": as_of.isoformat()}).json()
    assert [point["period"]["id"] for point in trend["periods"]] == [world.previous_period.pk, world.period.pk]
    assert trend["periods"][1]["tally"]["counts"] == expected.total.counts


def test_pages_are_stable_and_cover_every_report_once(api, world, office):
    seen, page = [], 1
    while True:
        body = api("get", REPORTS, office, data={"page_size": 1, "page": page}).json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert sorted(seen) == sorted(ProgressReport.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == body["count"]


def test_a_list_answers_304_to_a_conditional_get_until_something_changes(api, world, office):
    first = api("get", REPORTS, office)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert api("get", REPORTS, office, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert api("get", REPORTS, office, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    ProgressReport.objects.filter(pk=world.report.pk).update(
        results="Đã cập nhật", updated_at=timezone.now() + datetime.timedelta(seconds=2), status="submitted"
    )
    again = api("get", REPORTS, office, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_the_report_list_runs_the_same_number_of_queries_for_more_units(api, world, office):
    def count() -> int:
        cache.clear()  # the rate limit counts in the cache; keep it out of the way
        with CaptureQueriesContext(connection) as queries:
            assert api("get", REPORTS, office).status_code == 200
        return len(queries)

    count()  # the token's first use also records it (one UPDATE); count from the second request
    small = count()
    for _ in range(5):
        AssignmentFactory(task=world.task, unit=UnitFactory())
    directive_sync_reports(directive=world.directive)
    # The token; the person's district role and membership (actor_for); COUNT(*) for the page; the
    # page's rows; the Last-Modified aggregate.
    assert count() == small == 6


def test_the_rate_limit_is_per_token_and_answers_429_with_retry_after(api, world, token_for, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    cache.clear()
    first, second = token_for(world.office), token_for(world.office)
    answers = [api("get", REPORTS, first).status_code for _ in range(4)]
    limited = api("get", REPORTS, first)
    assert answers == [200, 200, 200, 429]
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["code"] == "throttled"
    assert api("get", REPORTS, second).status_code == 200
    cache.clear()


def test_a_signed_in_person_reads_from_the_browser_but_cannot_write_with_the_session(client, world):
    client.force_login(world.head_a)
    assert client.get(REPORTS).status_code == 200
    response = client.post(f"{REPORTS}{world.report.pk}/draft/", {"results": "x"}, content_type="application/json")
    assert response.status_code in (401, 404)


def test_the_schema_and_its_documentation_are_served_in_vietnamese(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    body = schema.json() if schema["Content-Type"].startswith("application/json") else None
    text = schema.content.decode()
    assert "Tình trạng" in text or "tình trạng" in text
    assert body is None or "/api/v1/reports/" in body["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "<script" in docs.content.decode() and "cdn" not in docs.content.decode().lower()


def test_the_district_reports_final_text_is_read_by_the_office_and_leadership_not_a_draft_nor_by_a_unit(api, district, token_for):
    Q2 = Window(WindowKind.QUARTER, 2020, 2)
    report = district_report_create(directive=district.directive, window=Q2, report_date=REPORT_DATE, user=district.office)
    draft_only = district_report_create(
        directive=district.directive, window=Window(WindowKind.QUARTER, 2020, 3), report_date=REPORT_DATE, user=district.office
    )
    data = HeaderData(**{name: getattr(report, name) for name in HeaderData.__dataclass_fields__})
    district_report_header_save(report_id=report.pk, user=district.office, data=replace(data, signer_name="Nguyễn Văn A"))
    district_report_finalise(report_id=report.pk, user=district.office)
    final = report.versions.get(state="final")

    for user in (district.office, district.leader):
        body = api("get", "/api/v1/district-reports/", token_for(user), data={"directive": district.directive.pk}).json()
        (row,) = body["results"]
        assert (row["id"], row["report"], row["window"], row["version"]) == (final.pk, report.pk, "Quý II năm 2020", final.number)
        assert row["content"]["header"]["signer_name"] == "Nguyễn Văn A"
    office = token_for(district.office)
    assert api("get", f"/api/v1/district-reports/{final.pk}/", office).json()["content"] == final.content
    other = DirectiveFactory()
    assert api("get", "/api/v1/district-reports/", office, data={"directive": other.pk}).json()["count"] == 0
    missing = api("get", "/api/v1/district-reports/0/", office)
    assert missing.status_code == 404
    assert api("get", f"/api/v1/district-reports/{draft_only.versions.get().pk}/", office).content == missing.content
    for path in ("/api/v1/district-reports/", f"/api/v1/district-reports/{final.pk}/"):
        assert api("get", path, token_for(district.heads[0])).content == missing.content


def test_an_indicator_nobody_reported_totals_null_not_zero(api, world, office):
    body = api("get", f"/api/v1/periods/{world.period.pk}/indicators/", office).json()

    totals = {row["indicator"]["code"]: (row["total"], row["reports"]) for row in body["indicators"]}
    assert totals == {indicator.code: (None, 0) for indicator in world.indicators}
    schema = api("get", "/api/schema/", office, headers={"Accept": "application/vnd.oai.openapi+json"}).json()
    assert schema["components"]["schemas"]["IndicatorTotal"]["properties"]["total"]["nullable"] is True
