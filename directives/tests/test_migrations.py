"""Data migrations: 0013 gives back the date asked to extensions whose decision wrote it only in the note; 0014 counts
the indicator totals; 0015 gives extension requests their report's period."""

import datetime
import importlib
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.utils import timezone

from directives.models import ExtensionRequest, ExtensionStatus, IndicatorPeriodTotal
from tests import workflow

recover = importlib.import_module("directives.migrations.0013_extension_requested_date_from_note").forwards
count_totals = importlib.import_module("directives.migrations.0014_indicator_period_totals").totals_count
copy_periods = importlib.import_module("directives.migrations.0015_extension_request_period").periods_copy


def decided(world, *, granted: datetime.date, note: str) -> ExtensionRequest:
    """An extension as the old decision left it: the granted date in both fields, the asked one in the note."""
    return ExtensionRequest.objects.create(
        report=world.report, requested_date=granted, granted_date=granted, reason="Lũ quét.",
        status=ExtensionStatus.APPROVED, decision_note=note,
    )  # fmt: skip


def test_the_date_asked_comes_back_from_the_note_in_either_language_and_leaves_it(world):
    granted = datetime.date(2020, 7, 10)
    decided(world, granted=granted, note="Đề nghị đến 20/07/2020; đồng ý đến 10/07/2020. Chỉ đủ 10 ngày.")
    decided(world, granted=granted, note="Requested 25/07/2020; granted 10/07/2020.")

    recover(apps, None)

    rows = ExtensionRequest.objects.order_by("pk").values_list("requested_date", "granted_date", "decision_note")
    assert list(rows) == [
        (datetime.date(2020, 7, 20), granted, "Chỉ đủ 10 ngày."),
        (datetime.date(2020, 7, 25), granted, ""),
    ]


def test_an_extension_granted_as_asked_or_with_another_note_keeps_its_dates(world):
    granted = datetime.date(2020, 7, 10)
    decided(world, granted=granted, note="Đồng ý.")
    other_grant = decided(world, granted=granted, note="Đề nghị đến 20/07/2020; đồng ý đến 15/07/2020.")

    recover(apps, None)

    rows = ExtensionRequest.objects.order_by("pk").values_list("requested_date", "decision_note")
    assert list(rows) == [(granted, "Đồng ý."), (granted, other_grant.decision_note)]


class _SqlOnly:
    """What a data migration's ``schema_editor.execute`` does, without a schema change around it."""

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_migration_0014_counts_the_indicator_totals_the_service_keeps(world):
    now = timezone.now()
    workflow.report_submitted(world.report, by=world.head_a, when=now, value=Decimal(3))
    workflow.report_reviewed(world.report, by=world.office, when=now, accept=True)
    workflow.report_submitted(world.report_b, by=world.head_b, when=now, value=Decimal(8))  # sent, not accepted
    kept = set(IndicatorPeriodTotal.objects.values_list("period_id", "indicator_id", "total", "reports"))
    IndicatorPeriodTotal.objects.all().delete()

    count_totals(apps, _SqlOnly())

    assert set(IndicatorPeriodTotal.objects.values_list("period_id", "indicator_id", "total", "reports")) == kept
    assert {(total, reports) for *_ids, total, reports in kept} == {(Decimal(3), 1)}


def test_migration_0015_gives_each_extension_request_its_reports_period(world):
    extension = decided(world, granted=datetime.date(2020, 7, 10), note="")
    assert extension.period_id == world.report.period_id  # what saving a request does from now on
    ExtensionRequest.objects.update(period=world.previous_period)

    copy_periods(apps, _SqlOnly())

    assert ExtensionRequest.objects.get().period_id == world.report.period_id != world.previous_period.pk
