"""The tags other pages include render real figures, and a sensible empty state without data."""

import pytest
import time_machine
from django.template import Context, Template

from satisfaction.models import LowRatedTaskLink, Scope, SurveyResponse
from tests.factories import TaskFactory, UnitFactory

from .conftest import local_dt, make_measurement, make_response

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load satisfaction_tags %}" + source).render(Context(context))


def test_low_rated_panel_renders_nothing_for_a_task_that_is_not_linked(sipas):
    make_measurement(criteria={"3.1": "60"})
    assert render("{% low_rated_panel task %}", task=TaskFactory()).strip() == ""
    assert render("{% low_rated_panel task %}", task=None).strip() == ""


def test_low_rated_panel_lists_criteria_below_threshold_on_a_linked_task(sipas):
    task = TaskFactory()
    LowRatedTaskLink.objects.create(task=task, intro="Tập trung vào các nội dung sau.")
    make_measurement(criteria={"3.1": "60.5", "3.2": "95"})

    html = render("{% low_rated_panel task %}", task=task)

    assert "Tập trung vào các nội dung sau." in html
    assert "Công chức có thái độ giao tiếp lịch sự" in html
    assert "60,5%" in html
    assert "chú ý lắng nghe" not in html


def test_low_rated_panel_on_a_linked_task_says_when_no_results_exist(sipas):
    task = TaskFactory()
    LowRatedTaskLink.objects.create(task=task)
    html = render("{% low_rated_panel task %}", task=task)
    assert "Chưa có kết quả SIPAS" in html


def test_low_rated_panel_prefers_the_units_own_measurement(sipas):
    task = TaskFactory()
    LowRatedTaskLink.objects.create(task=task)
    unit = UnitFactory()
    make_measurement(criteria={"1.1": "50"})
    make_measurement(scope=Scope.UNIT, unit=unit, criteria={"2.1": "40"})

    html = render("{% low_rated_panel task unit=unit %}", task=task, unit=unit)

    assert "niêm yết công khai đầy đủ" in html
    assert "đủ chỗ ngồi" not in html


def test_summary_tags_render_empty_states_without_any_data(db):
    low = render("{% low_rated_summary %}")
    trend = render("{% survey_trend_summary %}")
    assert "Chưa có kết quả SIPAS" in low
    assert "Chưa có câu trả lời khảo sát" in trend


def test_demo_figures_are_marked_as_demo_in_the_summary(sipas):
    make_measurement(criteria={"1.1": "50"}, is_demo=True)
    assert "Dữ liệu minh họa" in render("{% low_rated_summary %}")


@time_machine.travel(local_dt(2020, 5, 20), tick=False)
def test_survey_trend_summary_shows_percent_satisfied_and_the_baseline(sipas):
    unit = UnitFactory()
    make_measurement(overall="84.45")
    make_response(unit=unit, scores=[5, 4, 3, 2, 1], when=local_dt(2020, 4, 2))  # 2 of 5 satisfied
    make_response(unit=unit, scores=[5, 5, 5, 5, 5], when=local_dt(2020, 5, 2))  # 5 of 5

    html = render("{% survey_trend_summary %}")

    assert ">70%<" in html  # 7 satisfied answers of 10 in Q2/2020 (table cell)
    assert "84,45%" in html
    assert "<polyline" not in html  # a single quarter with data is a dot, not a line
    assert "<circle" in html
    assert "style=" not in html and "<script" not in html


@time_machine.travel(local_dt(2020, 5, 20), tick=False)
def test_demo_survey_answers_are_marked_as_demo_in_the_summary(sipas):
    response = make_response(unit=UnitFactory(), scores=[5, 4, 3, 2, 1], when=local_dt(2020, 4, 2))
    assert "Dữ liệu minh họa" not in render("{% survey_trend_summary %}")

    SurveyResponse.objects.filter(pk=response.pk).update(is_demo=True)

    assert "Dữ liệu minh họa" in render("{% survey_trend_summary %}")
