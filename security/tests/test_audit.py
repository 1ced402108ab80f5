"""The audit trail: who changed what and when, before and after, readable by office staff only."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directives.models import ExtensionRequest, ExtensionStatus, ReportStateTally, ReportStatus
from tests.factories import DistrictRoleFactory, MembershipFactory, ReportFactory, UnitFactory, UserFactory
from units.models import DistrictRoleKind, MemberRole, Unit

AUDIT_URL = "/audit/"


@pytest.fixture
def office(db):
    return DistrictRoleFactory(user=UserFactory(username="vanphong", first_name="Lò Thị", last_name="Hoa")).user


def test_every_model_of_units_and_directives_is_audited_including_later_ones():
    for app_label in ("units", "directives"):
        for model in apps.get_app_config(app_label).get_models():
            if model is ReportStateTally:  # derived counts, recounted on writes the trail records (directives/apps.py)
                assert not auditlog.contains(model)
                continue
            assert auditlog.contains(model), f"{model._meta.label} is not in the audit trail"
    assert auditlog.contains(get_user_model())


@pytest.mark.django_db
def test_a_review_and_an_extension_decision_are_recorded_with_who_and_before_after(office):
    report = ReportFactory(status=ReportStatus.SUBMITTED)
    with set_actor(office):
        report.status = ReportStatus.RETURNED
        report.review_comment = "Bổ sung số liệu."
        report.reviewed_by = office
        report.save()
        extension = ExtensionRequest.objects.create(report=report, requested_date=datetime.date(2020, 7, 15), reason="Lũ quét.")
        extension.status = ExtensionStatus.APPROVED
        extension.granted_date = extension.requested_date
        extension.decided_by = office
        extension.save()

    review = LogEntry.objects.get_for_object(report).get(action=LogEntry.Action.UPDATE)
    assert review.actor == office
    assert review.changes_dict["status"] == ["submitted", "returned"]
    assert review.changes_dict["review_comment"] == ["", "Bổ sung số liệu."]
    decision = LogEntry.objects.get_for_object(extension).get(action=LogEntry.Action.UPDATE)
    assert decision.actor == office
    assert decision.changes_dict["status"] == ["pending", "approved"]


@pytest.mark.django_db
def test_a_change_through_a_real_request_records_the_signed_in_user(client):
    admin_user = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    membership = MembershipFactory(role=MemberRole.HEAD)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:units_membership_change", args=[membership.pk]),
        {"user": membership.user_id, "unit": membership.unit_id, "role": MemberRole.STAFF, "title": "Chuyên viên"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == admin_user
    assert entry.changes_dict["role"] == ["head", "staff"]


@pytest.mark.django_db
def test_password_hashes_never_enter_the_trail(office):
    user = UserFactory(username="xa-ban-bo")
    user.set_password("another-pass-456")
    user.first_name = "Giàng"
    user.save()
    entry = LogEntry.objects.get_for_object(user).get(action=LogEntry.Action.UPDATE)
    assert "password" not in entry.changes_dict
    assert entry.changes_dict["first_name"] == ["", "Giàng"]


@pytest.mark.django_db
def test_office_reads_before_and_after_in_vietnamese(client, office):
    report = ReportFactory(status=ReportStatus.SUBMITTED)
    unit = Unit.objects.get(pk=report.assignment.unit_id)
    with set_actor(office):
        report.status = ReportStatus.ACCEPTED
        report.reviewed_by = office
        report.reviewed_at = datetime.datetime(2020, 7, 1, 2, 30, tzinfo=datetime.UTC)
        report.save()
        unit.valid_from = datetime.date(2020, 1, 1)
        unit.save()
    client.force_login(office)
    page = client.get(AUDIT_URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nhật ký thay đổi" in page
    assert "Lò Thị Hoa" in page
    with translation.override("vi"):  # choice labels, not raw values
        assert (
            f'<td class="verbatim">{ReportStatus.SUBMITTED.label}</td><td class="verbatim">{ReportStatus.ACCEPTED.label}</td>'
            in page
        )
    assert "01/07/2020 09:30" in page  # Asia/Ho_Chi_Minh
    assert "01/01/2020" in page
    assert str(office) in page  # the reviewer's name, not a bare id


@pytest.mark.django_db
def test_filters_narrow_the_trail_to_one_record(client, office):
    first, second = UnitFactory(name="UBND xã Bản Bo"), UnitFactory(name="UBND xã Bình Lư")
    with set_actor(office):
        first.phone = "0213 111"
        first.save()
        second.phone = "0213 222"
        second.save()
    client.force_login(office)
    unit_type = LogEntry.objects.get_for_object(first).first().content_type_id
    page = client.get(AUDIT_URL, {"model": unit_type, "object_pk": first.pk}).content.decode()
    assert "0213 111" in page
    assert "0213 222" not in page
    page = client.get(AUDIT_URL, {"username": "nobody"}).content.decode()
    assert "0213 111" not in page


@pytest.mark.django_db
def test_bad_filter_input_shows_a_message_not_an_error(client, office):
    client.force_login(office)
    response = client.get(AUDIT_URL, {"date_from": "31/02/2020", "date_to": "abc", "model": "x", "page": "-1"})
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "Enter a valid date" in response.content.decode()


@pytest.mark.django_db
def test_only_office_staff_read_the_trail(client, office):
    assert client.get(AUDIT_URL).status_code == 302  # anonymous: to the sign-in page
    for user in (
        MembershipFactory(role=MemberRole.HEAD).user,
        DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN).user,
        UserFactory(username="no-role"),
    ):
        client.force_login(user)
        assert client.get(AUDIT_URL).status_code == 404
    client.force_login(office)
    assert client.get(AUDIT_URL).status_code == 200


@pytest.mark.django_db
def test_the_trail_page_takes_the_same_number_of_queries_for_few_or_many_entries(client, office):
    client.force_login(office)
    reports = [ReportFactory() for _ in range(2)]
    with set_actor(office):
        for report in reports:
            report.submitted_by = office
            report.save()
    client.get(AUDIT_URL)  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(AUDIT_URL).status_code == 200
    more = [ReportFactory() for _ in range(12)]
    with set_actor(office):
        for report in more:
            report.submitted_by = office
            report.reviewed_by = office
            report.save()
    assert LogEntry.objects.count() >= 40
    with CaptureQueriesContext(connection) as many:
        assert client.get(AUDIT_URL).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_office_staff_see_no_trace_of_a_superuser_in_the_trail(client, office):
    root = UserFactory(username="root-admin", first_name="Quản", last_name="Trị", is_staff=True, is_superuser=True)
    unit = UnitFactory(name="UBND xã Bản Hon")
    with set_actor(root):
        unit.phone = "0213 999"
        unit.save()
        root.first_name = "Đổi tên"
        root.save()
    report = ReportFactory()
    with set_actor(office):
        report.reviewed_by = root
        report.save()
    client.force_login(office)

    page = client.get(AUDIT_URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "root-admin" not in page and "Quản Trị" not in page and "Đổi tên" not in page and "0213 999" not in page
    assert "quản trị hệ thống" in page  # the reviewer of the report, unnamed
    client.force_login(root)
    assert "0213 999" in client.get(AUDIT_URL).content.decode()  # a superuser reads everything


@pytest.mark.django_db
def test_an_objects_admin_history_names_no_superuser_to_the_office(client):
    from django.contrib.admin.models import CHANGE
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    root = UserFactory(username="root-admin", is_staff=True, is_superuser=True)
    unit = UnitFactory()
    AdminLogEntry.objects.create(
        user=root, content_type=ContentType.objects.get_for_model(unit), object_id=str(unit.pk), object_repr=str(unit),
        action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    office = DistrictRoleFactory(user=UserFactory(username="vp", is_staff=True)).user
    office.user_permissions.set(Permission.objects.filter(content_type__app_label="units"))
    client.force_login(office)

    page = client.get(reverse("admin:units_unit_history", args=[unit.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "root-admin" not in page and "quản trị hệ thống" in page
