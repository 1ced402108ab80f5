"""Real concurrent requests on PostgreSQL: a double-clicked submit makes one version, and of two
office staff deciding at the same moment exactly one wins and the other is told."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from directives.models import ProgressReport, ReportStatus, ReportVersion
from directives.services import ReportContent, report_accept, report_return, report_submit


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...) for real row locks between connections")


def _race(*calls):
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except ValidationError as error:
            outcomes[index] = ("refused", error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_click_on_submit_creates_one_submission(world):
    content = ReportContent(results="Đã làm", indicators={i.pk: Decimal(3) for i in world.indicators})

    def submit():
        return report_submit(report_id=world.report.pk, user=world.head_a, content=content)

    outcomes = _race(submit, submit, submit)

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused", "refused"]
    assert {detail for kind, detail in outcomes if kind == "refused"} == {"not_editable"}
    assert ReportVersion.objects.filter(report=world.report).count() == 1
    assert ProgressReport.objects.get(pk=world.report.pk).revision == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_decision_wins(world):
    content = ReportContent(results="Đã làm", indicators={i.pk: Decimal(3) for i in world.indicators})
    report_submit(report_id=world.report.pk, user=world.head_a, content=content)

    outcomes = _race(
        lambda: report_accept(report_id=world.report.pk, user=world.office, revision=1),
        lambda: report_return(report_id=world.report.pk, user=world.office2, revision=1, comment="Bổ sung"),
    )

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    assert [detail for kind, detail in outcomes if kind == "refused"] == ["conflict"]
    report = ProgressReport.objects.get(pk=world.report.pk)
    version = ReportVersion.objects.get(report=report)
    assert report.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    assert (version.decision, version.reviewed_by_id) == (report.status, report.reviewed_by_id)
