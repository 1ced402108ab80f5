"""The office's list of every report, read a page at a time (``selectors.office_report_pages``): the same
reports in the same order as the plain query (``office_reports``) for every filter, across the boundaries
between periods, at a cost that does not grow with the number of periods."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from directives.models import ProgressReport, ReportStatus
from directives.selectors import TaskState, office_report_pages, office_reports, reports_with_state
from directives.services import directive_sync_reports
from tests.factories import AssignmentFactory, DirectiveFactory, DistrictRoleFactory, PeriodFactory, TaskFactory, UnitFactory
from tests.workflow import at, report_brought_to
from units.models import Unit, UnitKind

TODAY = datetime.date(2020, 8, 20)

# (kind, display order, name), created in this order so that neither the key, the name nor the display order
# alone gives the official order; two communes share a name, so only their keys tell them apart.
UNITS = [
    (UnitKind.COMMUNE, 0, "UBND xã Giang Ma"),
    (UnitKind.COMMUNE, 0, "UBND xã Bản Bo"),
    (UnitKind.AGENCY, 2, "Phòng Nội vụ"),
    (UnitKind.COMMUNE, 0, "UBND xã Bản Bo"),
    (UnitKind.PUBLIC_SERVICE, 0, "Trung tâm Y tế"),
    (UnitKind.AGENCY, 1, "Phòng Tư pháp"),
]

# (unit, quarter, status, first submitted) of the reports on task 2 that are not drafts: done on time and late in
# the first quarter, waiting and returned in the second, waiting in the third; every state is in the list.
STORIES = [
    (0, 0, ReportStatus.ACCEPTED, datetime.date(2020, 3, 2)),
    (1, 0, ReportStatus.ACCEPTED, datetime.date(2020, 4, 2)),
    (2, 1, ReportStatus.SUBMITTED, datetime.date(2020, 6, 2)),
    (3, 1, ReportStatus.RETURNED, datetime.date(2020, 6, 3)),
    (4, 2, ReportStatus.SUBMITTED, datetime.date(2020, 8, 3)),
]


@dataclass
class Lists:
    directive: object  # two tasks, four quarters of 2020
    other: object  # one task, one period that starts the same day as the directive's second quarter
    quarters: list
    other_period: object
    units: list
    office: object


def _period(directive, quarter: int):
    start = datetime.date(2020, 3 * quarter - 2, 1)
    return PeriodFactory(
        directive=directive,
        label=f"Quý {quarter}/2020",
        start_date=start,
        end_date=start + datetime.timedelta(days=89),
        due_date=start + datetime.timedelta(days=75),
    )


@pytest.fixture
def lists(db, time_machine) -> Lists:
    time_machine.move_to(at(TODAY, 10), tick=False)
    directive, other = DirectiveFactory(), DirectiveFactory()
    tasks = [TaskFactory(directive=directive, number=number) for number in (2, 1)]
    other_task = TaskFactory(directive=other, number=1)
    units = [UnitFactory(kind=kind, display_order=order, name=name, short_name=name) for kind, order, name in UNITS]
    for unit in units:
        for task in tasks:
            AssignmentFactory(task=task, unit=unit)
    for unit in units[1:4]:
        AssignmentFactory(task=other_task, unit=unit)
    quarters = [_period(directive, quarter) for quarter in (1, 2, 3, 4)]
    other_period = PeriodFactory(
        directive=other,
        label="6 tháng 2020",
        start_date=quarters[1].start_date,
        end_date=datetime.date(2020, 9, 30),
        due_date=datetime.date(2020, 6, 20),
    )
    directive_sync_reports(directive=directive)
    directive_sync_reports(directive=other)
    office = DistrictRoleFactory().user
    reports = ProgressReport.objects.filter(task=tasks[0])
    for unit, quarter, status, day in STORIES:
        report_brought_to(reports.get(unit=units[unit], period=quarters[quarter]), status, reviewer=office, submitted=at(day))
    return Lists(directive=directive, other=other, quarters=quarters, other_period=other_period, units=units, office=office)


def _official(filters: dict) -> list[int]:
    """The keys of the reports ``filters`` select, sorted in Python by the list's order (newest period first,
    then group, display order, Vietnamese name and key of the unit, task number, period key)."""
    reports = reports_with_state(ProgressReport.objects.select_related("unit", "task", "period"))
    chosen = [
        report
        for report in reports
        if filters.get("directive") in (None, report.period.directive_id)
        and filters.get("period") in (None, report.period_id)
        and filters.get("unit") in (None, report.unit_id)
        and filters.get("state") in (None, report.state)
    ]

    def key(report):
        unit = report.unit
        return (
            -report.period.start_date.toordinal(),
            unit.group_order,
            unit.display_order,
            unit.sort_key,
            unit.pk,
            report.task.number,
            report.period_id,
        )

    return [report.pk for report in sorted(chosen, key=key)]


def _paged(filters: dict, per_page: int) -> list[int]:
    paginator = Paginator(office_report_pages(**filters), per_page)
    return [report.pk for number in paginator.page_range for report in paginator.page(number)]


def _filters(lists: Lists, name: str) -> dict:
    unit = lists.units[1]
    return {
        "none": {},
        "directive": {"directive_id": lists.directive.pk},
        "other directive": {"directive_id": lists.other.pk},
        "period": {"period_id": lists.quarters[1].pk},
        "period of another directive": {"directive_id": lists.directive.pk, "period_id": lists.other_period.pk},
        "unit": {"unit_id": unit.pk},
        "overdue": {"state": TaskState.OVERDUE},
        "done on time": {"state": TaskState.DONE_ON_TIME},
        "in progress": {"state": TaskState.IN_PROGRESS},
        "not due": {"state": TaskState.NOT_DUE},
        "unit and state": {"unit_id": unit.pk, "state": TaskState.OVERDUE},
        "directive, period and state": {
            "directive_id": lists.directive.pk,
            "period_id": lists.quarters[0].pk,
            "state": TaskState.DONE_LATE,
        },
    }[name]


FILTERS = [
    "none",
    "directive",
    "other directive",
    "period",
    "period of another directive",
    "unit",
    "overdue",
    "done on time",
    "in progress",
    "not due",
    "unit and state",
    "directive, period and state",
]


def _as_form_filters(filters: dict) -> dict:
    return {name.removesuffix("_id"): value for name, value in filters.items()}


@pytest.mark.parametrize("per_page", [1, 7, 12, 50])
@pytest.mark.parametrize("name", FILTERS)
def test_the_pages_hold_the_reports_of_the_plain_query_in_the_official_order(lists, name, per_page):
    filters = _filters(lists, name)
    expected = _official(_as_form_filters(filters))
    if name != "period of another directive":
        assert expected, "every filter but that one selects some reports"

    assert _paged(filters, per_page) == expected
    assert [report.pk for report in office_reports(**filters)] == expected
    assert office_report_pages(**filters).count() == office_reports(**filters).count() == len(expected)


def test_a_page_ends_in_one_period_and_the_next_starts_in_the_one_before(lists):
    """Twelve reports of the fourth quarter, then twelve of the third: the second page of seven crosses from one to the other."""
    paginator = Paginator(office_report_pages(directive_id=lists.directive.pk), 7)
    first, second = paginator.page(1), paginator.page(2)

    assert [report.period for report in first] == [lists.quarters[3]] * 7
    assert [report.period for report in second] == [lists.quarters[3]] * 5 + [lists.quarters[2]] * 2
    assert [report.pk for report in [*first, *second]] == _official({"directive": lists.directive.pk})[:14]
    assert paginator.count == 48 and paginator.num_pages == 7


def test_periods_that_start_the_same_day_are_listed_together_unit_by_unit(lists):
    """The second quarter and the other directive's half-year start on 1 April: their reports interleave by unit,
    the task number and then the period breaking ties, on the page boundary too."""
    second, half_year = lists.quarters[1], lists.other_period
    paginator = Paginator(office_report_pages(), 5)
    rows = [*paginator.page(5), *paginator.page(6)]  # reports 21 to 30: the last four of the third quarter, then 1 April
    third = list(office_reports(period_id=lists.quarters[2].pk))
    run = list(office_reports().filter(period__in=[second, half_year]))

    assert [report.pk for report in rows] == [report.pk for report in third[8:] + run[:6]]
    bo = [report for report in run if report.unit == lists.units[1]]
    assert [(report.task.number, report.period) for report in bo] == [(1, second), (1, half_year), (2, second)]


def test_a_state_filter_applies_the_one_status_rule_today(lists):
    states = dict(reports_with_state().values_list("pk", "state"))
    for state in TaskState:
        listed = _paged({"state": state}, 4)
        assert listed and all(states[pk] == state for pk in listed)
    assert sum(office_report_pages(state=state).count() for state in TaskState) == len(states)


def _add_quarters(directive, years: int) -> None:
    for year in range(2015, 2015 + years):
        for quarter in (1, 2, 3, 4):
            start = datetime.date(year, 3 * quarter - 2, 1)
            PeriodFactory(directive=directive, label=f"Quý {quarter}/{year}", start_date=start, end_date=start, due_date=start)
    directive_sync_reports(directive=directive)


@pytest.mark.parametrize("years", [0, 5], ids=["4 periods", "24 periods"])
@pytest.mark.parametrize(
    "filters",
    [{}, {"state": TaskState.OVERDUE}, {"unit_id": 0}, {"unit_id": 0, "state": TaskState.OVERDUE}],
    ids=["no filter", "state", "unit", "unit and state"],
)
def test_a_page_costs_four_queries_whatever_the_number_of_periods(lists, years, filters, django_assert_num_queries):
    _add_quarters(lists.directive, years)
    if "unit_id" in filters:
        filters = {**filters, "unit_id": lists.units[1].pk}  # one report per task and period: a page spans many

    expected = [report.pk for report in Paginator(list(office_reports(**filters)), 5).get_page(3)]

    # the periods, how many reports each has (the stored tallies, or the unit's reports), the page's
    # ids, its reports with their state and related rows
    with django_assert_num_queries(4):
        rows = list(Paginator(office_report_pages(**filters), 5).get_page(3))

    assert [report.pk for report in rows] == expected


def test_the_list_page_shows_the_page_asked_and_every_unit_to_filter_by(client, lists):
    _add_quarters(lists.directive, 2)  # 43 + 8 × 12 reports: three pages of fifty
    client.force_login(lists.office)

    response = client.get(reverse("directives:report_list"), {"page": 2})

    assert [report.pk for report in response.context["page"]] == _official({})[50:100]
    body = response.content.decode()
    assert "2 / 3" in body
    unit_select = body[body.index('id="f-unit"') : body.index("</select>", body.index('id="f-unit"'))]
    assert re.findall(r'<option value="(\d+)"', unit_select) == [
        str(pk) for pk in Unit.objects.in_official_order().values_list("pk", flat=True)
    ]


def test_the_unit_filter_marks_the_chosen_unit(client, lists):
    unit = lists.units[3]
    client.force_login(lists.office)

    body = client.get(reverse("directives:report_list"), {"unit": unit.pk}).content.decode()

    assert body.count(" selected>") == 1
    assert f'<option value="{unit.pk}" selected>UBND xã Bản Bo</option>' in body


def test_the_unit_filter_escapes_the_units_names(client, lists):
    UnitFactory(name="UBND xã <Thử>", short_name="<Thử> & co")
    client.force_login(lists.office)

    body = client.get(reverse("directives:report_list")).content.decode()

    assert "&lt;Thử&gt; &amp; co</option>" in body and "<Thử>" not in body
