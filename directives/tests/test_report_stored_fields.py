"""What a report stores for speed follows its source through every path that changes the source.

The deadline (``services.deadlines.report_deadline_expression``): the latest approved extension's
date, else the period's due date. Each test changes one input the way a user would (a service, an
admin form) and then checks every report against the rule, so a writer that forgets to refresh
fails here. The unit and task are copies of the assignment's, which never change once saved.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.db.models import F
from django.urls import reverse

from directives.models import ExtensionRequest, ExtensionStatus, ProgressReport
from directives.services import extension_decide, extension_request_create, report_deadlines_refresh
from directives.services.deadlines import report_deadline_expression
from tests.factories import ReportFactory, UserFactory


def assert_every_deadline_follows_the_rule():
    rows = ProgressReport.objects.annotate(rule=report_deadline_expression()).values_list("pk", "deadline", "rule")
    assert [(pk, stored) for pk, stored, rule in rows if stored != rule] == []


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def admin_post_period(client, period, **changes):
    data = {
        "directive": period.directive_id,
        "label": period.label,
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "due_date": period.due_date.isoformat(),
        **changes,
    }
    return client.post(reverse("admin:directives_reportingperiod_change", args=[period.pk]), data)


def test_new_rows_take_the_period_due_date(world):
    assert set(ProgressReport.objects.filter(period=world.period).values_list("deadline", flat=True)) == {world.period.due_date}
    assert_every_deadline_follows_the_rule()


def test_approving_an_extension_moves_only_that_report(world):
    granted = world.period.due_date + datetime.timedelta(days=12)
    extension = ExtensionRequest.objects.create(report=world.report, requested_date=granted, reason="Lũ quét.")

    extension_decide(extension_id=extension.pk, user=world.office, approve=True)

    world.report.refresh_from_db()
    world.report_b.refresh_from_db()
    assert (world.report.deadline, world.report_b.deadline) == (granted, world.period.due_date)
    assert_every_deadline_follows_the_rule()


def test_a_due_date_changed_in_the_admin_moves_the_reports_without_an_approved_extension(world, superuser_client):
    granted = world.period.due_date + datetime.timedelta(days=30)
    extension = ExtensionRequest.objects.create(report=world.report, requested_date=granted, reason="Lũ quét.")
    extension_decide(extension_id=extension.pk, user=world.office, approve=True)
    new_due = world.period.due_date + datetime.timedelta(days=5)

    response = admin_post_period(superuser_client, world.period, due_date=new_due.isoformat())

    assert response.status_code == 302
    world.report.refresh_from_db()
    world.report_b.refresh_from_db()
    assert (world.report.deadline, world.report_b.deadline) == (granted, new_due)
    assert_every_deadline_follows_the_rule()


def _ask_extension(world, days: int) -> ExtensionRequest:
    return extension_request_create(
        report_id=world.report.pk,
        user=world.head_a,
        requested_date=world.period.due_date + datetime.timedelta(days=days),
        reason="Lũ quét.",
    )


def test_an_extension_approved_from_the_admin_list_moves_the_deadline_and_then_cannot_be_edited_or_deleted(
    world, superuser_client
):
    extension = _ask_extension(world, 9)
    changelist = reverse("admin:directives_extensionrequest_changelist")
    action = {"action": "approve_extensions", "_selected_action": [extension.pk]}

    assert superuser_client.post(changelist, action).status_code == 200  # the page asking for a note
    assert superuser_client.post(changelist, {**action, "apply": "1", "note": "Đồng ý."}).status_code == 302
    world.report.refresh_from_db()
    assert world.report.deadline == extension.requested_date
    assert_every_deadline_follows_the_rule()

    change = reverse("admin:directives_extensionrequest_change", args=[extension.pk])
    delete = reverse("admin:directives_extensionrequest_delete", args=[extension.pk])
    edited = superuser_client.post(change, {"requested_date": "2030-01-01", "status": ExtensionStatus.REJECTED})
    deleted = superuser_client.post(delete, {"post": "yes"})
    assert edited.status_code == deleted.status_code == 403
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by.is_superuser) == (ExtensionStatus.APPROVED, True)
    world.report.refresh_from_db()
    assert world.report.deadline == extension.requested_date
    assert_every_deadline_follows_the_rule()


def test_the_latest_decision_wins_and_an_undated_admin_approval_counts_last_on_every_database(db):
    report = ReportFactory()
    due = report.period.due_date
    decided = datetime.datetime(2020, 6, 10, 9, tzinfo=datetime.UTC)
    ExtensionRequest.objects.create(report=report, requested_date=due + datetime.timedelta(days=20), reason="a",
                                    status=ExtensionStatus.APPROVED, granted_date=due + datetime.timedelta(days=20),
                                    decided_at=decided)  # fmt: skip
    ExtensionRequest.objects.create(report=report, requested_date=due + datetime.timedelta(days=5), reason="b",
                                    status=ExtensionStatus.APPROVED, granted_date=due + datetime.timedelta(days=5),
                                    decided_at=None)  # fmt: skip

    assert report_deadlines_refresh(reports=ProgressReport.objects.filter(pk=report.pk)) == 1

    report.refresh_from_db()
    assert report.deadline == due + datetime.timedelta(days=20)
    assert report_deadlines_refresh(reports=ProgressReport.objects.all()) == 0  # nothing left to change


class _FormFields(HTMLParser):
    """The values a browser would post from a page's main form (inputs, selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def test_the_report_page_of_the_admin_cannot_approve_an_extension_in_its_inline(world, superuser_client):
    extension = _ask_extension(world, 15)
    url = reverse("admin:directives_progressreport_change", args=[world.report.pk])
    fields = _FormFields()
    fields.feed(superuser_client.get(url).content.decode())
    data = {name: value for name, value in fields.data.items() if "__prefix__" not in name}
    data.update({"extension_requests-0-id": extension.pk, "extension_requests-0-status": ExtensionStatus.APPROVED})

    response = superuser_client.post(url, data)

    assert response.status_code == 403
    assert not any(name.endswith("-status") for name in fields.data)  # nothing of the workflow is an input
    extension.refresh_from_db()
    world.report.refresh_from_db()
    assert (extension.status, world.report.deadline) == (ExtensionStatus.PENDING, world.period.due_date)
    assert_every_deadline_follows_the_rule()


def test_every_report_carries_its_assignments_unit_and_task(world):
    mismatched = ProgressReport.objects.exclude(unit_id=F("assignment__unit_id")) | ProgressReport.objects.exclude(
        task_id=F("assignment__task_id")
    )
    assert ProgressReport.objects.exists()
    assert list(mismatched.values_list("pk", flat=True)) == []


def test_the_admin_keeps_an_assignments_unit_and_task_once_saved(world, superuser_client):
    assignment = world.report.assignment
    url = reverse("admin:directives_assignment_change", args=[assignment.pk])
    other_unit = world.unit_b

    superuser_client.post(url, {"unit": other_unit.pk, "task": assignment.task_id})

    assignment.refresh_from_db()
    assert assignment.unit_id == world.unit_a.pk
