"""The stored tallies (``ReportStateTally``) and indicator totals (``IndicatorPeriodTotal``) always equal a full recount
of the reports, after every kind of write, and the counts read from them equal the one status rule applied to every
report, on today and on later days."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.db.models import Count, Sum
from django.test import RequestFactory
from django.utils import timezone

from dashboard.selectors import indicator_totals
from directives.models import (
    Assignment,
    IndicatorPeriodTotal,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    ReportStateTally,
)
from directives.selectors import STATE_INPUTS, period_state_tallies, review_backlog, state_tallies
from directives.services import directive_sync_reports, period_generate
from tests import workflow
from tests.factories import AssignmentFactory, UnitFactory

COLUMNS = ("task_id", *STATE_INPUTS)


def assert_tallies_match_a_recount() -> None:
    stored = {tuple(getattr(t, c) for c in COLUMNS): t.n for t in ReportStateTally.objects.all()}
    rows = ProgressReport.objects.order_by().values_list(*COLUMNS).annotate(n=Count("*")).values_list(*COLUMNS, "n")
    recount = {tuple(key): n for *key, n in rows}
    assert stored == recount
    today = timezone.localdate()
    periods = ReportingPeriod.objects.all()
    # Overdue begins when a deadline passes, without any write: the rule is applied when the tallies are read.
    for day in (today, today + datetime.timedelta(days=11), today + datetime.timedelta(days=400)):
        by_rule = state_tallies(ProgressReport.objects.all(), "period_id", "task_id", as_of=day)
        assert period_state_tallies(periods=periods, by_task=True, as_of=day) == by_rule
    waiting = ProgressReport.objects.filter(status__in=("submitted", "resubmitted")).count()
    assert review_backlog().waiting == waiting
    totals = IndicatorPeriodTotal.objects.values_list("period_id", "indicator_id", "total", "reports")
    values = IndicatorValue.objects.filter(report__status="accepted").order_by().values_list("report__period_id", "indicator_id")
    assert set(totals) == set(values.annotate(total=Sum("value"), n=Count("*")))


@pytest.mark.django_db
def test_tallies_follow_every_kind_of_write(world):
    now = timezone.now()
    assert_tallies_match_a_recount()  # the reports the world's set-up created

    workflow.report_submitted(world.report, by=world.head_a, when=now)
    assert_tallies_match_a_recount()
    workflow.report_reviewed(world.report, by=world.office, when=now, accept=False)
    assert_tallies_match_a_recount()
    workflow.report_submitted(world.report, by=world.head_a, when=now, value=Decimal(7))  # resubmitted
    assert_tallies_match_a_recount()
    workflow.report_reviewed(world.report, by=world.office, when=now, accept=True)
    assert_tallies_match_a_recount()
    assert IndicatorPeriodTotal.objects.filter(period=world.period, total=7, reports=1).count() == 2

    asked = workflow.extension_asked(
        world.report_b, by=world.head_b, when=now, until=world.period.due_date + datetime.timedelta(days=9)
    )
    workflow.extension_decided(asked, by=world.office, when=now, approve=True)
    assert_tallies_match_a_recount()
    before_its_deadline = workflow.at(world.previous_period.due_date - datetime.timedelta(days=5))
    refused = workflow.extension_asked(
        world.previous_report,
        by=world.head_a,
        when=before_its_deadline,
        until=world.previous_period.due_date + datetime.timedelta(days=40),
    )
    workflow.extension_decided(refused, by=world.office, when=now, approve=False)
    assert_tallies_match_a_recount()

    # Recipients and periods set up: a new unit's assignment, the periods of a new year.
    AssignmentFactory(task=world.task, unit=UnitFactory())
    directive_sync_reports(directive=world.directive)
    assert_tallies_match_a_recount()
    period_generate(directive=world.directive, year=timezone.localdate().year + 1)
    assert_tallies_match_a_recount()
    # A period's due date moved in the admin (which then syncs the directive's reports).
    ReportingPeriod.objects.filter(pk=world.period.pk).update(due_date=world.period.due_date + datetime.timedelta(days=3))
    directive_sync_reports(directive=world.directive)
    assert_tallies_match_a_recount()


@pytest.mark.django_db
def test_admin_deletions_of_reports_assignments_and_periods_keep_the_tallies_right(world):
    request = RequestFactory().post("/")
    request.user = world.office
    extra = AssignmentFactory(task=world.task, unit=UnitFactory())
    directive_sync_reports(directive=world.directive)

    site._registry[ProgressReport].delete_model(request, ProgressReport.objects.filter(assignment=extra).first())
    assert_tallies_match_a_recount()
    site._registry[Assignment].delete_queryset(request, Assignment.objects.filter(pk=extra.pk))
    assert_tallies_match_a_recount()
    site._registry[ReportingPeriod].delete_model(request, world.previous_period)
    assert_tallies_match_a_recount()


@pytest.mark.django_db
def test_indicator_totals_read_today_from_the_stored_totals_equal_those_counted_for_a_past_day(world):
    yesterday = workflow.at(timezone.localdate() - datetime.timedelta(days=1))
    for report, head, value in ((world.report, world.head_a, 4), (world.report_b, world.head_b, 6)):
        workflow.report_submitted(report, by=head, when=yesterday, value=Decimal(value))
        workflow.report_reviewed(report, by=world.office, when=yesterday, accept=True)
    workflow.report_submitted(world.previous_report, by=world.head_a, when=yesterday, value=Decimal(5))

    def read(day, **periods):
        return [
            (item.indicator.pk, item.total, item.reports)
            for item in indicator_totals(directive=world.directive, as_of=day, **periods)
        ]

    today, past = timezone.localdate(), timezone.localdate() - datetime.timedelta(days=1)
    assert read(today, period=world.period) == read(past, period=world.period)
    assert {(total, reports) for _pk, total, reports in read(today, period=world.period)} == {(Decimal(10), 2)}
    every_period = {"periods": [world.previous_period, world.period]}
    assert read(today, **every_period) == read(past, **every_period) == read(today, period=world.period)
    # The previous period's report was sent but not accepted: none of its values count.
    assert {(total, reports) for _pk, total, reports in read(today, period=world.previous_period)} == {(None, 0)}
    assert read(past - datetime.timedelta(days=1), period=world.period) == [
        (pk, None, 0) for pk, *_rest in read(today, period=world.period)
    ]
