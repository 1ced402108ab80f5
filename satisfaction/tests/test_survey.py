"""The public survey: no login, five answers, honeypot, per-client rate limit, hidden responses left out."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from satisfaction.models import SipasElement, SurveyAnswer, SurveyResponse
from satisfaction.selectors import Quarter, survey_figures
from satisfaction.services import survey_response_set_hidden
from tests.factories import DistrictRoleFactory, UnitFactory

from .conftest import local_dt, make_measurement, make_response

pytestmark = pytest.mark.django_db


def answers(scores=(5, 4, 3, 2, 1), **extra):
    data = {f"e_{element.pk}": score for element, score in zip(SipasElement.objects.all(), scores, strict=True)}
    return {**data, **extra}


def test_survey_page_is_public_and_asks_the_five_elements(client, sipas):
    unit = UnitFactory(name="UBND xã Bản Bo")
    html = client.get(reverse("satisfaction:survey", kwargs={"code": unit.code})).content.decode()
    assert "UBND xã Bản Bo" in html
    assert html.count('type="radio"') == 25
    assert "<script" not in html and "style=" not in html  # no script at all: nothing to download but the form


def test_unknown_or_inactive_unit_has_no_survey(client, sipas):
    assert client.get(reverse("satisfaction:survey", kwargs={"code": "khong-co"})).status_code == 404
    inactive = UnitFactory(is_active=False)
    assert client.get(reverse("satisfaction:survey", kwargs={"code": inactive.code})).status_code == 404


def test_an_answer_is_recorded_without_personal_data(client, sipas):
    unit = UnitFactory()
    response = client.post(
        reverse("satisfaction:survey", kwargs={"code": unit.code}),
        answers(comment="  Cán bộ tận tình.  "),
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "satisfaction:survey_thanks", kwargs={"code": unit.code}
    )
    saved = SurveyResponse.objects.get()
    assert saved.unit == unit and saved.comment == "Cán bộ tận tình." and not saved.is_hidden
    assert sorted(SurveyAnswer.objects.values_list("score", flat=True)) == [1, 2, 3, 4, 5]
    stored = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not stored & {"ip", "ip_address", "user_agent", "name", "phone", "email"}
    assert "203.0.113.9" not in str(SurveyResponse.objects.values().get())


def test_a_missing_answer_keeps_what_was_chosen_and_says_what_is_missing(client, sipas):
    unit = UnitFactory()
    data = answers(comment="Góp ý giữ nguyên")
    first = SipasElement.objects.first()
    del data[f"e_{first.pk}"]

    response = client.post(reverse("satisfaction:survey", kwargs={"code": unit.code}), data)

    html = response.content.decode()
    assert response.status_code == 200 and not SurveyResponse.objects.exists()
    assert "Xin chọn một mức từ 1 đến 5." in html
    assert "Góp ý giữ nguyên" in html
    assert html.count(" checked") == 4


def test_the_honeypot_pretends_success_and_saves_nothing(client, sipas):
    unit = UnitFactory()
    response = client.post(reverse("satisfaction:survey", kwargs={"code": unit.code}), answers(website="http://spam.example"))
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_a_flood_of_posts_from_one_client_is_stopped_by_the_rate_limit(client, sipas, settings):
    settings.SATISFACTION_SURVEY_RATE_LIMIT = 5
    unit = UnitFactory()
    url = reverse("satisfaction:survey", kwargs={"code": unit.code})

    statuses = [client.post(url, answers(), REMOTE_ADDR="198.51.100.7").status_code for _ in range(30)]

    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert SurveyResponse.objects.count() == 5
    refused = client.post(url, answers(comment="vẫn giữ"), REMOTE_ADDR="198.51.100.7")
    assert "quá nhiều phiếu" in refused.content.decode() and "vẫn giữ" in refused.content.decode()
    # Another client is not affected.
    assert client.post(url, answers(), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_the_rate_limit_window_expires(client, sipas, settings):
    settings.SATISFACTION_SURVEY_RATE_LIMIT = 1
    settings.SATISFACTION_SURVEY_RATE_WINDOW = 60
    unit = UnitFactory()
    url = reverse("satisfaction:survey", kwargs={"code": unit.code})
    with time_machine.travel(local_dt(2020, 5, 1, 9), tick=False):
        assert client.post(url, answers()).status_code == 302
        assert client.post(url, answers()).status_code == 429
    with time_machine.travel(local_dt(2020, 5, 1, 10), tick=False):
        assert client.post(url, answers()).status_code == 302


@time_machine.travel(local_dt(2020, 6, 10), tick=False)
def test_percent_satisfied_counts_answers_4_and_5_and_leaves_hidden_responses_out(sipas):
    unit, other = UnitFactory(), UnitFactory()
    make_response(unit=unit, scores=[5, 5, 4, 4, 3], when=local_dt(2020, 4, 5))  # 4 of 5 satisfied
    make_response(unit=unit, scores=[1, 2, 3, 4, 5], when=local_dt(2020, 5, 5))  # 2 of 5
    spam = make_response(unit=other, scores=[1, 1, 1, 1, 1], when=local_dt(2020, 5, 6))
    make_response(unit=unit, scores=[1, 1, 1, 1, 1], when=local_dt(2020, 3, 31, 23))  # Q1 (local time)

    figures = survey_figures()
    q2, q1 = Quarter(2020, 2), Quarter(2020, 1)
    assert figures.overall[q2].percent == Decimal("40.0")  # 6 of 15
    assert figures.overall[q1].percent == Decimal("0.0")
    assert figures.by_unit[unit.pk].percent == Decimal("60.0")

    survey_response_set_hidden(response=spam, hidden=True, by=DistrictRoleFactory().user)

    figures = survey_figures()
    assert figures.overall[q2].percent == Decimal("60.0")  # 6 of 10
    assert other.pk not in figures.by_unit
    assert figures.responses_by_quarter[q2] == 2
    assert figures.trend[-1] == (q2, Decimal("60.0"), 2)


@time_machine.travel(local_dt(2020, 6, 10), tick=False)
def test_element_figures_sit_beside_the_baseline(sipas):
    make_measurement(overall="84.45", elements={"E3": "90.5"})
    make_response(unit=UnitFactory(), scores=[5, 5, 1, 5, 5])
    figures = survey_figures()
    e3 = next(row for row in figures.element_rows() if row["element"].code == "E3")
    assert e3["baseline"] == Decimal("90.50")
    assert e3["values"][-1] == Decimal("0.0")
    assert figures.baseline.overall_index == Decimal("84.45")
