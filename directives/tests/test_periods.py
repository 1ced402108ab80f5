"""Ongoing directives keep their schedule: the next periods appear by themselves until the office ends the directive."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command

from directives.models import DirectiveStatus, ProgressReport, ReportingPeriod
from directives.services import directive_sync_reports, periods_extend_ongoing
from directives.tasks import periods_extend_ongoing as periods_extend_ongoing_task
from tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory, UnitFactory

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


@pytest.fixture
def ongoing(db):
    """A quarterly directive of 31/03/2020 with ongoing tasks, for one unit valid throughout and one that left."""
    directive = DirectiveFactory(is_ongoing=True)
    task = TaskFactory(directive=directive)
    AssignmentFactory(task=task, unit=UnitFactory(code="stays"))
    AssignmentFactory(task=task, unit=UnitFactory(code="left", valid_to=D(2021, 6, 30)))
    directive_sync_reports(directive=directive)
    return directive


def labels(directive) -> list[str]:
    return list(ReportingPeriod.objects.filter(directive=directive).order_by("start_date").values_list("label", flat=True))


def test_each_new_year_brings_its_quarters_once(ongoing):
    assert periods_extend_ongoing(today=D(2020, 12, 31)) == 3  # Quý I/2020 was due before the letter
    assert periods_extend_ongoing(today=D(2020, 12, 31)) == 0

    assert periods_extend_ongoing(today=D(2021, 1, 1)) == 4

    assert labels(ongoing) == [
        "Quý II/2020",
        "Quý III/2020",
        "Quý IV/2020",
        "Quý I/2021",
        "Quý II/2021",
        "Quý III/2021",
        "Quý IV/2021",
    ]
    q1_2021 = ReportingPeriod.objects.get(directive=ongoing, label="Quý I/2021")
    assert (q1_2021.start_date, q1_2021.end_date, q1_2021.due_date) == (D(2021, 1, 1), D(2021, 3, 31), D(2021, 3, 15))


def test_units_get_rows_only_for_periods_in_which_they_were_valid(ongoing):
    periods_extend_ongoing(today=D(2021, 1, 1))

    rows = ProgressReport.objects.filter(period__directive=ongoing)
    assert set(rows.filter(unit__code="stays").values_list("period__label", flat=True)) == set(labels(ongoing))
    assert set(rows.filter(unit__code="left").values_list("period__label", flat=True)) == set(labels(ongoing)) - {
        "Quý III/2021",
        "Quý IV/2021",
    }


def test_an_ended_or_not_ongoing_directive_gets_no_new_period(ongoing):
    ongoing.status = DirectiveStatus.CLOSED
    ongoing.save()
    once = DirectiveFactory(is_ongoing=False)

    assert periods_extend_ongoing(today=D(2022, 1, 1)) == 0
    assert labels(ongoing) == labels(once) == []


def test_the_beat_job_and_the_command_both_extend_to_this_year(ongoing, time_machine):
    time_machine.move_to(datetime.datetime(2021, 1, 1, 0, 15, tzinfo=TZ), tick=False)

    assert periods_extend_ongoing_task.delay().get() == 7
    out = StringIO()
    call_command("extend_periods", stdout=out)

    assert out.getvalue().strip() == "0 period(s) created."
    assert labels(ongoing)[-1] == "Quý IV/2021" and len(labels(ongoing)) == 7


def test_the_daily_schedule_is_a_beat_row_the_office_can_retime(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="directives.periods_extend_ongoing")
    assert task.task == "directives.tasks.periods_extend_ongoing" and task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("0", "15", "Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_a_period_has_started_from_its_first_day_in_the_query_and_on_the_object():
    directive = DirectiveFactory()
    period = ReportingPeriod.objects.create(
        directive=directive, label="Quý III/2020", start_date=datetime.date(2020, 7, 1),
        end_date=datetime.date(2020, 9, 30), due_date=datetime.date(2020, 9, 15),
    )  # fmt: skip
    for day, started in ((datetime.date(2020, 6, 30), False), (datetime.date(2020, 7, 1), True)):
        assert period.has_started_by(day) is started
        assert ReportingPeriod.objects.started_by(day).contains(period) is started
        assert ReportingPeriod.objects.not_started_by(day).contains(period) is not started
