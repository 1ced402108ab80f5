"""The public progress pages: what anonymous visitors see (and never see), open data, cache
validators with 304, a constant number of queries, and the office's publish button."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.models import ProgressReport
from directives.selectors import reports_with_state
from directives.services import ReportContent, directive_sync_reports, report_accept, report_submit
from tests.factories import AssignmentFactory, PeriodFactory, TaskFactory, UnitFactory
from transparency.models import Publication

from .conftest import PDF_BYTES, SECRET_NUMBER

REPORT_TEXT = "Nội dung báo cáo nội bộ không được công bố"


def _submit_and_accept(world, report):
    report_submit(
        report_id=report.pk,
        user=world.head_a,
        content=ReportContent(results=REPORT_TEXT, indicators={i.pk: 7 for i in world.indicators}),
        files=[SimpleUploadedFile("bien-ban-mat.pdf", PDF_BYTES)],
    )
    report_accept(report_id=report.pk, user=world.office, revision=1, comment="Nhận xét nội bộ")


def test_an_anonymous_visitor_sees_the_text_tasks_and_each_units_state_of_the_latest_ended_period(client, published):
    world = published
    _submit_and_accept(world, world.previous_report)
    page = client.get(reverse("transparency:directive", args=[world.directive.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert world.directive.title in html and world.task.text in html
    progress = page.context["progress"]
    assert progress.latest == world.previous_period  # the current period has not ended
    expected = dict(
        reports_with_state(ProgressReport.objects.filter(period=world.previous_period)).values_list("unit_id", "state")
    )
    assert {row.unit.pk: row.cells[0].state for row in progress.rows} == expected
    assert expected == {world.unit_a.pk: "done_late", world.unit_b.pk: "overdue"} or expected[world.unit_b.pk] == "overdue"
    assert "Hoàn thành" in html and "Quá hạn" in html


def test_no_report_text_evidence_comment_or_persons_name_reaches_the_public(client, published):
    world = published
    _submit_and_accept(world, world.previous_report)
    world.unit_a.head_name = "Giàng A Páo"
    world.unit_a.save()
    urls = [
        reverse(name, args=[world.directive.pk])
        for name in ("transparency:directive", "transparency:directive_csv", "transparency:directive_json")
    ]
    for url in [*urls, reverse("transparency:index")]:
        body = client.get(url).content.decode()
        for private in (
            REPORT_TEXT,
            "bien-ban-mat.pdf",
            "Nhận xét nội bộ",
            "Trưởng A",
            "Giàng A Páo",
            "head-a",
            world.directive.signer_name,
        ):
            assert private not in body, (url, private)


@pytest.mark.parametrize("name", ["transparency:directive", "transparency:directive_csv", "transparency:directive_json"])
def test_an_unpublished_directive_answers_exactly_like_a_missing_one(client, published, name):
    from directives.models import Directive

    hidden = Directive.objects.get(number=SECRET_NUMBER)
    refused = client.get(reverse(name, args=[hidden.pk]))
    missing = client.get(reverse(name, args=[hidden.pk + 1000]))
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content


def test_withdrawing_a_directive_takes_it_off_the_public_pages(client, published):
    world = published
    client.force_login(world.office)
    response = client.post(reverse("transparency:publication_set", args=[world.directive.pk]), {"action": "unpublish"})
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("transparency:directive", args=[world.directive.pk])).status_code == 404
    assert world.directive.title not in client.get(reverse("transparency:index")).content.decode()


def test_only_the_office_publishes_and_the_directive_page_shows_the_button_to_it_alone(client, world):
    url = reverse("transparency:publication_set", args=[world.directive.pk])
    for user in (world.chairman, world.head_a):
        client.force_login(user)
        assert client.post(url, {"action": "publish"}).status_code == 404
    assert not Publication.objects.exists()
    client.force_login(world.chairman)
    assert "Công bố tiến độ" not in client.get(reverse("directives:directive", args=[world.directive.pk])).content.decode()
    client.force_login(world.office)
    page = client.get(reverse("directives:directive", args=[world.directive.pk])).content.decode()
    assert "Công bố tiến độ" in page
    client.post(url, {"action": "publish"})
    assert Publication.objects.get().published_by == world.office


def test_open_data_csv_and_json_carry_every_unit_task_state_of_the_ended_periods(client, published):
    world = published
    _submit_and_accept(world, world.previous_report)
    response = client.get(reverse("transparency:directive_csv", args=[world.directive.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {(row["unit_code"], row["task_number"], row["state"]) for row in rows} == {
        (world.unit_a.code, str(world.task.number), "done_late"),
        (world.unit_b.code, str(world.task.number), "overdue"),
    } or {row["period"] for row in rows} == {world.previous_period.label}
    assert {row["period"] for row in rows} == {world.previous_period.label}
    data = json.loads(client.get(reverse("transparency:directive_json", args=[world.directive.pk])).content)
    (period,) = data["periods"]
    assert period["label"] == world.previous_period.label
    assert period["figures"]["counts"]["overdue"] == sum(1 for row in rows if row["state"] == "overdue")
    assert {unit["code"]: unit["tasks"][str(world.task.number)] for unit in period["units"]} == {
        row["unit_code"]: row["state"] for row in rows
    }


@pytest.mark.parametrize("name", ["transparency:index", "transparency:directive", "transparency:directive_json"])
def test_pages_are_cacheable_and_answer_304_until_something_changes(client, published, name):
    world = published
    url = reverse(name, args=[] if name == "transparency:index" else [world.directive.pk])
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert not first.cookies  # nothing per visitor, so a shared cache may keep it
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    ProgressReport.objects.filter(pk=world.report.pk).update(updated_at=timezone.now() + datetime.timedelta(seconds=5))
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_public_page_runs_a_constant_number_of_queries(client, published):
    world = published
    urls = {
        name: reverse(name, args=[] if name == "transparency:index" else [world.directive.pk])
        for name in ("transparency:index", "transparency:directive", "transparency:directive_csv", "transparency:directive_json")
    }
    today = timezone.localdate()

    def ended_period(label: str, days_ago: int) -> None:
        PeriodFactory(
            directive=world.directive, label=label, start_date=today - datetime.timedelta(days=days_ago + 90),
            end_date=today - datetime.timedelta(days=days_ago), due_date=today - datetime.timedelta(days=days_ago + 10),
        )  # fmt: skip
        directive_sync_reports(directive=world.directive)

    ended_period("Kỳ xa", 200)  # two ended periods: the trend has one besides the latest
    _queries(client, urls["transparency:directive"])  # content types are cached after the first page
    small = {name: _queries(client, url) for name, url in urls.items()}
    # More units, tasks and ended periods.
    for _ in range(4):
        AssignmentFactory(task=world.task, unit=UnitFactory())
    for number in (7, 8):
        AssignmentFactory(task=TaskFactory(directive=world.directive, number=number), unit=world.unit_a)
    ended_period("Kỳ xa hơn", 400)
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small
    # The page: the directive; the validator (the reports' newest change and number, the audit trail's
    # newest entry); tasks; ended periods; the latest period's per-unit counts with its units, and its
    # matrix; the other periods' counts.
    assert small["transparency:directive"] == 8
    # The index: the validator (2); publications; their ended periods; their counts.
    assert small["transparency:index"] == 5


def test_a_304_costs_only_the_validators_queries(client, published):
    world = published
    url = reverse("transparency:directive", args=[world.directive.pk])
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert len(queries) == 3  # the directive, the reports' newest change and count, the audit trail's newest entry
