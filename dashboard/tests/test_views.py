"""Who may open the dashboard, summary and exports, what they show, and their constant query counts."""

import pytest
from django.urls import reverse

from directives.models import ProgressReport
from directives.selectors import TaskState
from tests.factories import DirectiveFactory

from .conftest import build_world

PAGES = ["dashboard:dashboard", "dashboard:summary", "dashboard:export_xlsx"]


def _urls(world):
    return [reverse(name, args=[world.directive.pk]) for name in PAGES] + [reverse("dashboard:index")]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page_from_every_dashboard_url(client, world):
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_unit_member_gets_404_on_every_dashboard_url(unit_client, world):
    for url in _urls(world):
        assert unit_client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_user_without_any_role_gets_404(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("no-role", password="x"))
    for url in _urls(world):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["office_client", "chairman_client"])
def test_office_and_chairman_open_every_page_and_export(request, reader, world, frozen_today):
    client = request.getfixturevalue(reader)
    dashboard, summary, xlsx, index = _urls(world)
    assert client.get(index).status_code == 302
    assert client.get(dashboard).status_code == 200
    assert client.get(summary).status_code == 200
    xlsx_response = client.get(xlsx)
    assert xlsx_response.status_code == 200
    assert xlsx_response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert b"".join(xlsx_response.streaming_content)[:2] == b"PK"
    # The Word document is the district's report to the province: the link leads there (composing it if none yet).
    page = client.get(dashboard, {"period": world.q2.pk}).content.decode()
    assert reverse("district_reports:for_period", args=[world.directive.pk]) + f"?period={world.q2.pk}" in page


@pytest.mark.django_db
def test_missing_directive_is_404_for_the_office(office_client):
    assert office_client.get(reverse("dashboard:dashboard", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_dashboard_shows_figures_matrix_cells_linked_to_reports_and_the_side_panel(office_client, world, frozen_today):
    response = office_client.get(reverse("dashboard:dashboard", args=[world.directive.pk]), {"period": world.q2.pk})
    html = response.content.decode()
    data = response.context["data"]
    # Drafts and returned reports past the deadline; the two sent on time wait for the office, not late.
    assert data.headline.overdue == 4
    assert 'data-figure="overdue">4<' in html
    assert 'id="review-backlog" data-waiting="2"' in html
    assert 'data-figure="extensions">1<' in html
    report = ProgressReport.objects.filter(period=world.q2).first()
    assert f'data-report="{report.pk}"' in html
    assert f'href="{reverse("directives:report", args=[report.pk])}"' in html
    assert html.count('class="matrix-cell') == 12
    # Units with drafts or returned reports past the deadline, each with the reminders app's "Đôn đốc"
    # button; the first unit's only open report waits for review, so it is not listed.
    assert [row.unit.pk for row in data.overdue_rows] == [unit.pk for unit in world.units[1:]]
    assert html.count(f'action="{reverse("reminders:urge")}"') == 3
    assert "style=" not in html.split("<main")[1]


@pytest.mark.django_db
def test_bad_filter_values_are_reset_with_a_message_and_the_page_still_works(office_client, world, frozen_today):
    response = office_client.get(
        reverse("dashboard:dashboard", args=[world.directive.pk]), {"period": "not-a-number", "state": "bogus", "kind": "agency"}
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    # Falls back to the current period (Q3 is open on the frozen day).
    assert response.context["period"] == world.periods[1]


@pytest.mark.django_db
def test_state_filter_keeps_only_units_with_that_state(office_client, world, frozen_today):
    response = office_client.get(
        reverse("dashboard:dashboard", args=[world.directive.pk]), {"period": world.q2.pk, "state": TaskState.DONE_LATE}
    )
    rows = [row for group in response.context["data"].groups for row in group.rows]
    assert rows and all(row.tally.counts[TaskState.DONE_LATE] for row in rows)


@pytest.mark.django_db
def test_matrix_pages_list_the_ends_and_the_pages_around_the_current_one(office_client, frozen_today, monkeypatch):
    monkeypatch.setattr("dashboard.views.MATRIX_PAGE_SIZE", 1)
    world = build_world(units=14, tasks=1)
    response = office_client.get(reverse("dashboard:dashboard", args=[world.directive.pk]), {"period": world.q2.pk, "page": 7})
    html = response.content.decode()
    links = [number for number in range(1, 15) if f'page={number}">{number}</a>' in html]
    assert links == [1, 5, 6, 7, 8, 9, 14]
    assert html.count('<span class="page-link">…</span>') == 2


@pytest.mark.django_db
def test_summary_shows_rates_trend_chart_indicators_and_an_honest_satisfaction_slot(chairman_client, world, frozen_today):
    response = chairman_client.get(reverse("dashboard:summary", args=[world.directive.pk]), {"period": world.q2.pk})
    html = response.content.decode()
    assert 'data-figure="on_time_rate">25%<' in html
    assert 'data-figure="completion_rate">50%<' in html
    assert html.count('<svg class="trend-chart"') == 1
    assert "Hồ sơ giải quyết đúng hạn" in html
    assert 'id="satisfaction-' in html
    assert "<script>" not in html and "onclick" not in html


def _count_queries(client, url, params, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200


# Queries per request (logged-in office user):
#   session, user, district role, membership (actor_for)                                  4
#   directive, its periods                                                                2
# pages also render base.html: unread notifications, demo-data flag                       2
# dashboard: directive list, per-unit state counts with the units, tasks, matrix cells,
#   pending extensions + their count, recent activity, the office's review backlog        8  → 16
# summary: directive list, tasks, per-unit counts with the units, per-task counts,
#   pending extensions + their count, trend of the other started periods (none when the
#   shown period is the only one), indicators, indicator sums, review backlog            10
#   + satisfaction's low-rated block (its settings, its measurements)                     2
#   + satisfaction's survey trend (settings, baseline, quarterly rows, …)                 5  → 25
# xlsx: per-unit counts with the units, tasks, matrix cells, every report row             4  → 10
QUERY_COUNTS = {"dashboard:dashboard": 16, "dashboard:summary": 25, "dashboard:export_xlsx": 10}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("units", "tasks"), [(2, 2), (9, 5)])
def test_query_count_does_not_grow_with_units_tasks_and_periods(
    office_client, name, units, tasks, django_assert_num_queries, frozen_today
):
    world = build_world(units=units, tasks=tasks, periods=1 if units == 2 else 3)
    url = reverse(name, args=[world.directive.pk])
    # Q3 (open on the frozen day) after Q2; with one period only, the summary's trend has nothing
    # to count besides the shown period.
    shown = world.periods[1] if len(world.periods) > 1 else world.q2
    expected = QUERY_COUNTS[name] - (name == "dashboard:summary" and len(world.periods) == 1)
    _count_queries(office_client, url, {"period": shown.pk}, django_assert_num_queries, expected)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_without_a_chosen_period_the_current_one_is_shown_from_the_periods_already_read(
    office_client, name, django_assert_num_queries, frozen_today
):
    world = build_world(units=3, tasks=2)
    current = world.periods[1]  # Q3, open on the frozen day
    url = reverse(name, args=[world.directive.pk])
    _count_queries(office_client, url, {}, django_assert_num_queries, QUERY_COUNTS[name])
    if name != "dashboard:export_xlsx":
        assert office_client.get(url).context["period"] == current


@pytest.mark.django_db
def test_office_home_leads_to_the_dashboard_and_chairman_home_to_the_summary(office_client, chairman_client, world):
    dashboard = reverse("dashboard:dashboard", args=[world.directive.pk])
    summary = reverse("dashboard:summary", args=[world.directive.pk])
    office_home = office_client.get(reverse("home")).content.decode()
    chairman_home = chairman_client.get(reverse("home")).content.decode()
    assert office_home.index(f'href="{dashboard}"') < office_home.index(f'href="{summary}"')
    assert chairman_home.index(f'href="{summary}"') < chairman_home.index(f'href="{dashboard}"')
    assert "btn-primary btn-lg" in chairman_home.split(f'href="{summary}"')[0].rsplit("<a", 1)[1]


@pytest.mark.django_db
def test_home_overview_query_count_does_not_grow_with_directives(office_client, django_assert_num_queries):
    # session, user, role, membership, active directives, current periods, state counts, notifications, demo flag
    build_world(units=2, tasks=1, periods=1)
    with django_assert_num_queries(9):
        assert office_client.get(reverse("home")).status_code == 200
    build_world(units=3, tasks=2, periods=2)
    build_world(units=2, tasks=2, periods=3)
    with django_assert_num_queries(9):
        assert office_client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_pages_speak_vietnamese_by_default_and_english_when_chosen(office_client, world, frozen_today, settings):
    url = reverse("dashboard:dashboard", args=[world.directive.pk])
    assert "Bảng tình hình thực hiện" in office_client.get(url).content.decode()
    office_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = office_client.get(url).content.decode()
    assert "Compliance matrix" in english and "Bảng tình hình thực hiện" not in english


@pytest.mark.django_db
def test_directive_without_periods_says_so_and_export_explains_instead_of_failing(office_client):
    directive = DirectiveFactory()
    assert "chưa có kỳ báo cáo" in office_client.get(reverse("dashboard:dashboard", args=[directive.pk])).content.decode()
    assert "chưa có kỳ báo cáo" in office_client.get(reverse("dashboard:summary", args=[directive.pk])).content.decode()
    response = office_client.get(reverse("dashboard:export_xlsx", args=[directive.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:dashboard", args=[directive.pk])
    assert "chưa có gì để xuất" in response.content.decode()
