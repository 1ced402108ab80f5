"""The admin is an interface like the pages: it reads the workflow and decides through the services,
and never rewrites a report's status, people, times or texts, nor deletes what units submitted."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from directives.models import ExtensionStatus, ProgressReport, ReportingPeriod, ReportStatus, ReportVersion, Task
from directives.services import ReportContent, extension_request_create, report_submit
from notifications.models import Notification
from tests.factories import DistrictRoleFactory, MembershipFactory, UserFactory
from units.models import DistrictRoleKind, MemberRole

from .test_foundation_validation import errors_of, post_change


@pytest.fixture
def admin_office(world) -> Client:
    """An office officer who opens the admin with every permission on the directives app (as seed_demo gives)."""
    user = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="vp-admin", is_staff=True)).user
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="directives"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _submit(world, report, user):
    content = ReportContent(results="Đã niêm yết thủ tục.", indicators={i.pk: Decimal(5) for i in world.indicators})
    return report_submit(report_id=report.pk, user=user, content=content)


def _action(client, model: str, action: str, pks: list[int], **extra):
    url = reverse(f"admin:directives_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": pks, **extra})


def test_a_report_cannot_be_forged_in_the_admin(world, admin_office):
    _submit(world, world.report, world.head_a)
    url = reverse("admin:directives_progressreport_change", args=[world.report.pk])
    page = admin_office.get(url).content.decode()
    forged = {
        "status": ReportStatus.ACCEPTED,
        "submitted_by": admin_office.user.pk,
        "reviewed_by": admin_office.user.pk,
        "first_submitted_at_0": "01/01/2020",
        "revision": 7,
        "results": "Sửa hộ",
    }

    response = admin_office.post(url, forged)

    assert response.status_code == 403
    assert all(f'name="{field}"' not in page for field in ("status", "submitted_by", "reviewed_by", "results", "revision"))
    world.report.refresh_from_db()
    assert (world.report.status, world.report.submitted_by, world.report.revision, world.report.results) == (
        ReportStatus.SUBMITTED,
        world.head_a,
        1,
        "Đã niêm yết thủ tục.",
    )
    assert admin_office.get(reverse("admin:directives_progressreport_add")).status_code == 403


def test_accepting_from_the_admin_list_goes_through_the_service(world, admin_office):
    _submit(world, world.report, world.head_a)

    asked = _action(admin_office, "progressreport", "accept_reports", [world.report.pk])
    done = _action(admin_office, "progressreport", "accept_reports", [world.report.pk], apply="1", note="Đạt yêu cầu.")

    assert asked.status_code == 200 and "Đạt" not in asked.content.decode()
    assert done.status_code == 302
    world.report.refresh_from_db()
    assert (world.report.status, world.report.reviewed_by, world.report.review_comment) == (
        ReportStatus.ACCEPTED,
        admin_office.user,
        "Đạt yêu cầu.",
    )
    version = ReportVersion.objects.get(report=world.report)
    assert (version.decision, version.reviewed_by) == (ReportStatus.ACCEPTED, admin_office.user)
    assert Notification.objects.filter(recipient=world.head_a, url=reverse("directives:report", args=[world.report.pk]))


def test_returning_from_the_admin_list_needs_a_comment(world, admin_office):
    _submit(world, world.report, world.head_a)

    without = _action(admin_office, "progressreport", "return_reports", [world.report.pk], apply="1", note=" ")
    assert without.status_code == 200 and without.context["form"].errors["note"]
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED

    _action(admin_office, "progressreport", "return_reports", [world.report.pk], apply="1", note="Bổ sung số liệu.")
    world.report.refresh_from_db()
    assert (world.report.status, world.report.review_comment) == (ReportStatus.RETURNED, "Bổ sung số liệu.")


def test_the_admin_keeps_the_separation_of_duties(world, admin_office):
    MembershipFactory(user=admin_office.user, unit=world.unit_a, role=MemberRole.STAFF)
    _submit(world, world.report, world.head_a)

    response = _action(admin_office, "progressreport", "accept_reports", [world.report.pk], apply="1", note="")

    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert "Bản Bo" in message


def test_extensions_are_decided_from_the_admin_list_through_the_service(world, admin_office):
    asked = [
        extension_request_create(
            report_id=report.pk, user=head, requested_date=world.period.due_date + datetime.timedelta(days=9), reason="Lũ."
        )
        for report, head in ((world.report, world.head_a), (world.report_b, world.head_b))
    ]

    refused_without_reason = _action(admin_office, "extensionrequest", "refuse_extensions", [asked[1].pk], apply="1", note="")
    _action(admin_office, "extensionrequest", "approve_extensions", [asked[0].pk], apply="1", note="")
    _action(admin_office, "extensionrequest", "refuse_extensions", [asked[1].pk], apply="1", note="Không có căn cứ.")

    assert refused_without_reason.status_code == 200
    for extension in asked:
        extension.refresh_from_db()
    assert [extension.status for extension in asked] == [ExtensionStatus.APPROVED, ExtensionStatus.REJECTED]
    assert ProgressReport.objects.get(pk=world.report.pk).deadline == asked[0].requested_date
    assert ProgressReport.objects.get(pk=world.report_b.pk).deadline == world.period.due_date
    assert admin_office.get(reverse("admin:directives_extensionrequest_add")).status_code == 403


def test_a_period_or_task_whose_reports_were_submitted_cannot_be_deleted(world, admin_office):
    _submit(world, world.report, world.head_a)
    period_delete = reverse("admin:directives_reportingperiod_delete", args=[world.period.pk])
    task_delete = reverse("admin:directives_task_delete", args=[world.task.pk])
    untouched = world.previous_period  # only empty drafts

    admin_office.post(period_delete, {"post": "yes"})
    admin_office.post(task_delete, {"post": "yes"})
    periods = ReportingPeriod.objects.filter(directive=world.directive).order_by("start_date", "end_date")
    inline_row = f"periods-{list(periods).index(world.period)}-DELETE"
    inline_delete = post_change(admin_office, world.directive, {inline_row: "on"})
    assert inline_delete.status_code == 200
    assert any(world.period.label in message for message in errors_of(inline_delete))

    assert ReportingPeriod.objects.filter(pk=world.period.pk).exists() and Task.objects.filter(pk=world.task.pk).exists()
    assert ProgressReport.objects.get(pk=world.report.pk).revision == 1
    assert (
        admin_office.post(reverse("admin:directives_reportingperiod_delete", args=[untouched.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not ReportingPeriod.objects.filter(pk=untouched.pk).exists()


def test_a_period_or_task_keeps_its_directive_once_saved(world, admin_office):
    for name, obj in (("reportingperiod", world.period), ("task", world.task)):
        page = admin_office.get(reverse(f"admin:directives_{name}_change", args=[obj.pk])).content.decode()
        assert 'name="directive"' not in page, name
