"""The "Đôn đốc" action and the reminder pages: who may use them, the once-a-day limit, query counts."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directives.models import ProgressReport, ReportStatus
from reminders.models import ReminderKind, ReminderLog, ReminderStatus, Urge
from tests.factories import DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from tests.workflow import at, report_brought_to
from units.models import DistrictRoleKind

from .conftest import DEADLINE, at_0730

pytestmark = pytest.mark.django_db

URGE_DAY = DEADLINE + datetime.timedelta(days=2)


@pytest.fixture
def frozen():
    with time_machine.travel(at_0730(URGE_DAY), tick=False):
        yield


def post_urge(client, user, django_capture_on_commit_callbacks, **data):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reminders:urge"), data, follow=True)


def test_office_urges_a_unit_now_and_it_is_recorded_with_who_urged(district, client, frozen, django_capture_on_commit_callbacks):
    response = post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_a.pk)
    assert response.status_code == 200
    assert "Đã đôn đốc Phòng Nội vụ" in response.content.decode()
    urge = Urge.objects.get()
    assert (urge.unit, urge.urged_by, urge.day) == (district.unit_a, district.office, URGE_DAY)
    assert sorted(address for m in mail.outbox for address in m.to) == ["head-a@example.invalid", "staff-a@example.invalid"]
    message = mail.outbox[0]
    assert message.subject == "[CCHC] Đôn đốc báo cáo Quý II/2020 – " + message.subject.split(" – ", 1)[1]
    # From the office as an institution, not signed by the staff member who pressed the button.
    assert "Văn phòng HĐND và UBND huyện đề nghị đơn vị khẩn trương gửi" in message.body and "quá hạn 2 ngày" in message.body
    logs = ReminderLog.objects.filter(kind=ReminderKind.URGE)
    assert {log.status for log in logs} == {ReminderStatus.SENT, ReminderStatus.IN_APP}
    assert all(log.urge_id == urge.pk for log in logs)


def test_a_unit_is_urged_at_most_once_a_day(district, client, frozen, django_capture_on_commit_callbacks):
    post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_a.pk)
    sent = len(mail.outbox)
    response = post_urge(client, district.chairman, django_capture_on_commit_callbacks, unit=district.unit_a.pk)
    assert "đã được đôn đốc hôm nay" in response.content.decode()
    assert len(mail.outbox) == sent
    assert Urge.objects.count() == 1
    with time_machine.travel(at_0730(URGE_DAY + datetime.timedelta(days=1)), tick=False):
        post_urge(client, district.chairman, django_capture_on_commit_callbacks, unit=district.unit_a.pk)
    assert Urge.objects.count() == 2 and len(mail.outbox) == sent + 2


def test_urging_one_report_lists_only_that_report(district, client, frozen, django_capture_on_commit_callbacks):
    report = ProgressReport.objects.get(assignment__unit=district.unit_b, assignment__task=district.tasks[1])
    post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_b.pk, report=report.pk)
    (message,) = mail.outbox
    assert message.to == ["banbo@example.invalid"]
    assert "Nhiệm vụ 2" in message.body and "Nhiệm vụ 1" not in message.body
    assert Urge.objects.get().report == report


def test_urging_a_unit_that_owes_nothing_is_refused_with_a_message(district, client, frozen, django_capture_on_commit_callbacks):
    for report in ProgressReport.objects.filter(assignment__unit=district.unit_b):
        report_brought_to(report, ReportStatus.SUBMITTED, reviewer=district.office, submitted=at(DEADLINE))
    response = post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_b.pk)
    assert "không còn báo cáo nào phải nộp" in response.content.decode()
    assert not Urge.objects.exists() and mail.outbox == []


def test_urging_a_unit_without_address_warns_and_records_undeliverable(
    district, client, frozen, django_capture_on_commit_callbacks
):
    response = post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_c.pk)
    assert "không có địa chỉ e-mail" in response.content.decode()
    assert ReminderLog.objects.get(kind=ReminderKind.URGE).status == ReminderStatus.UNDELIVERABLE


def test_urge_refusals_anonymous_unit_member_other_unit_report_and_get(district, client, frozen):
    url = reverse("reminders:urge")
    assert client.post(url, {"unit": district.unit_a.pk}).status_code == 302  # to the sign-in page
    client.force_login(district.head)
    assert client.post(url, {"unit": district.unit_a.pk}).status_code == 404
    client.force_login(district.office)
    other_report = ProgressReport.objects.filter(assignment__unit=district.unit_b).first()
    assert client.post(url, {"unit": district.unit_a.pk, "report": other_report.pk}).status_code == 404
    assert client.post(url, {"unit": 999999}).status_code == 404
    assert client.get(url, {"unit": district.unit_a.pk}).status_code == 405
    assert not Urge.objects.exists()


def test_urge_redirects_back_to_a_local_page_only(district, client, frozen, django_capture_on_commit_callbacks):
    client.force_login(district.office)
    url = reverse("reminders:urge")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"unit": district.unit_a.pk, "next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"unit": district.unit_b.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("reminders:unit_log", args=[district.unit_b.pk])


def test_unit_log_page_access(district, client):
    url = reverse("reminders:unit_log", args=[district.unit_a.pk])
    assert client.get(url).status_code == 302
    client.force_login(district.head)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reminders:unit_log", args=[district.unit_b.pk])).status_code == 404
    assert client.get(reverse("reminders:overview")).status_code == 404
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(district.chairman)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reminders:unit_log", args=[999999])).status_code == 404


def test_unit_log_shows_messages_urges_and_the_urge_button_for_the_office(
    district, client, run_sweep, frozen, django_capture_on_commit_callbacks
):
    run_sweep(DEADLINE)
    post_urge(client, district.office, django_capture_on_commit_callbacks, unit=district.unit_a.pk)
    response = client.get(reverse("reminders:unit_log", args=[district.unit_a.pk]))
    page = response.content.decode()
    assert "head-a@example.invalid" in page and "Đã gửi" in page
    assert "vp đôn đốc" in page
    assert f'action="{reverse("reminders:urge")}"' in page
    client.force_login(district.head)
    page = client.get(reverse("reminders:unit_log", args=[district.unit_a.pk])).content.decode()
    assert f'action="{reverse("reminders:urge")}"' not in page


def test_overview_lists_undeliverable_units_and_failed_messages(district, client, run_sweep, frozen):
    run_sweep(DEADLINE)
    ReminderLog.objects.filter(user=district.staff).update(status=ReminderStatus.FAILED, error="SMTPServerDisconnected: gone")
    client.force_login(district.office)
    page = client.get(reverse("reminders:overview")).content.decode()
    assert "UBND xã Giang Ma" in page
    assert "SMTPServerDisconnected: gone" in page
    assert "Phòng Nội vụ" not in page.split("Thư gửi lỗi")[0]  # unit A has addresses


def test_reminder_pages_use_a_constant_number_of_queries(district, client, run_sweep, django_assert_num_queries):
    run_sweep(DEADLINE)
    client.force_login(district.office)
    unit_url = reverse("reminders:unit_log", args=[district.unit_a.pk])
    overview = reverse("reminders:overview")
    ReminderLog.objects.filter(unit=district.unit_a).update(status=ReminderStatus.FAILED)
    unit_baseline, overview_baseline = _count_queries(client, unit_url), _count_queries(client, overview)
    # More messages, more units without address, more failures: the same queries.
    for _ in range(5):
        MembershipFactory(unit=UnitFactory(email=""), user=UserFactory(email=""))
    from directives.models import Assignment
    from directives.services import directive_sync_reports

    for unit in UnitFactory._meta.model.objects.exclude(pk__in=[district.unit_a.pk, district.unit_b.pk, district.unit_c.pk]):
        for task in district.tasks:
            Assignment.objects.get_or_create(task=task, unit=unit)
    directive_sync_reports(directive=district.directive)
    run_sweep(DEADLINE + datetime.timedelta(days=1))
    run_sweep(DEADLINE + datetime.timedelta(days=4))
    ReminderLog.objects.filter(unit=district.unit_a).update(status=ReminderStatus.FAILED)
    assert ReminderLog.objects.filter(status=ReminderStatus.UNDELIVERABLE).count() > 5
    with django_assert_num_queries(unit_baseline):
        client.get(unit_url)
    with django_assert_num_queries(overview_baseline):
        client.get(overview)


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_urge_button_include_renders_for_office_and_leadership_only(district, rf):
    from django.template.loader import render_to_string

    from units.permissions import actor_for

    request = rf.get("/dashboard/")
    for user, visible in ((district.office, True), (district.chairman, True), (district.head, False)):
        request.user = user
        html = render_to_string(
            "reminders/includes/urge_button.html", {"unit": district.unit_a, "actor": actor_for(user), "request": request}
        )
        assert (f'name="unit" value="{district.unit_a.pk}"' in html) is visible
        assert ('value="/dashboard/"' in html) is visible


def test_leadership_can_urge_too(district, client, frozen, django_capture_on_commit_callbacks):
    vice = DistrictRoleFactory(user=UserFactory(username="pct2"), role=DistrictRoleKind.VICE_CHAIRMAN).user
    post_urge(client, vice, django_capture_on_commit_callbacks, unit=district.unit_b.pk)
    assert Urge.objects.get().urged_by == vice
