"""Nobody reviews their own work: the same person never submits and reviews a report, nor reviews or
decides an extension for a unit they belong to (directives.permissions), whatever interface asks."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from directives.models import ExtensionStatus, ProgressReport, ReportStatus
from directives.services import (
    ReportContent,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_submit,
)
from notifications.models import Notification
from tests.factories import DistrictRoleFactory, MembershipFactory, UserFactory
from units.models import DistrictRoleKind, MemberRole


def _content(world) -> ReportContent:
    return ReportContent(results="Đã niêm yết thủ tục.", indicators={i.pk: Decimal(3) for i in world.indicators})


@pytest.fixture
def office_head_a(world):
    """An office officer who is also head of unit A (as a superuser may grant, e.g. for the Văn phòng unit)."""
    user = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="chanh-van-phong")).user
    MembershipFactory(user=user, unit=world.unit_a, role=MemberRole.HEAD)
    return user


def test_an_officer_who_submitted_a_report_cannot_accept_or_return_it(world, office_head_a):
    report_submit(report_id=world.report.pk, user=office_head_a, content=_content(world))

    with pytest.raises(PermissionDenied):
        report_accept(report_id=world.report.pk, user=office_head_a, revision=1)
    with pytest.raises(PermissionDenied):
        report_return(report_id=world.report.pk, user=office_head_a, revision=1, comment="Tự trả lại")

    world.report.refresh_from_db()
    assert (world.report.status, world.report.reviewed_by) == (ReportStatus.SUBMITTED, None)
    report_accept(report_id=world.report.pk, user=world.office, revision=1)  # another officer does
    world.report.refresh_from_db()
    assert (world.report.status, world.report.reviewed_by) == (ReportStatus.ACCEPTED, world.office)


def test_an_officer_never_reviews_a_report_of_their_own_unit_even_one_a_colleague_submitted(world, office_head_a):
    report_submit(report_id=world.report.pk, user=world.head_a, content=_content(world))

    with pytest.raises(PermissionDenied):
        report_accept(report_id=world.report.pk, user=office_head_a, revision=1)

    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED


def test_a_reviewer_who_once_submitted_a_version_of_the_report_never_reviews_it(world):
    report_submit(report_id=world.report.pk, user=world.head_a, content=_content(world))
    report_return(report_id=world.report.pk, user=world.office, revision=1, comment="Bổ sung")
    report_submit(report_id=world.report.pk, user=world.deputy_a, content=_content(world))
    # head-a later moves to the office (a superuser's act): it sent version 1 of this very report.
    world.head_a.memberships.all().delete()
    DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=world.head_a)
    now_an_officer = get_user_model().objects.get(pk=world.head_a.pk)  # roles are cached per user object

    with pytest.raises(PermissionDenied):
        report_accept(report_id=world.report.pk, user=now_an_officer, revision=2)


def test_leadership_reviews_only_the_units_that_office_staff_belong_to(world, office_head_a):
    report_submit(report_id=world.report.pk, user=office_head_a, content=_content(world))
    report_submit(report_id=world.report_b.pk, user=world.head_b, content=_content(world))

    with pytest.raises(PermissionDenied):
        report_accept(report_id=world.report_b.pk, user=world.chairman, revision=1)
    report_accept(report_id=world.report.pk, user=world.chairman, revision=1)

    assert ProgressReport.objects.get(pk=world.report.pk).reviewed_by == world.chairman


def test_an_extension_is_decided_by_someone_outside_the_unit(world, office_head_a):
    extension = extension_request_create(
        report_id=world.report.pk,
        user=office_head_a,
        requested_date=world.period.due_date + datetime.timedelta(days=7),
        reason="Lũ quét.",
    )

    with pytest.raises(PermissionDenied):
        extension_decide(extension_id=extension.pk, user=office_head_a, approve=True)

    assert extension_decide(extension_id=extension.pk, user=world.office, approve=True).status == ExtensionStatus.APPROVED


def test_the_review_page_shows_an_officer_of_the_unit_no_decision_and_refuses_a_posted_one(client, world, office_head_a):
    report_submit(report_id=world.report.pk, user=world.head_a, content=_content(world))
    client.force_login(office_head_a)
    url = reverse("directives:review", args=[world.report.pk])

    page = client.get(url).content.decode()
    posted = client.post(url, {"revision": 1, "decision": "accept", "comment": ""})

    assert 'id="not-your-review"' in page and 'id="accept-report"' not in page
    assert posted.status_code == 404
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED


def test_leadership_finds_the_review_of_the_office_units_report_on_its_page(client, world, office_head_a):
    report_submit(report_id=world.report.pk, user=office_head_a, content=_content(world))
    report_submit(report_id=world.report_b.pk, user=world.head_b, content=_content(world))
    client.force_login(world.chairman)

    own = client.get(reverse("directives:report", args=[world.report.pk])).content.decode()
    other = client.get(reverse("directives:report", args=[world.report_b.pk])).content.decode()
    review_other = client.get(reverse("directives:review", args=[world.report_b.pk]))
    accepted = client.post(reverse("directives:review", args=[world.report.pk]), {"revision": 1, "decision": "accept"})

    assert 'id="leadership-review"' in own and 'id="leadership-review"' not in other
    assert review_other.status_code == 404
    assert accepted.status_code == 302
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.ACCEPTED


def test_submissions_are_announced_to_those_who_may_review_them(world, office_head_a):
    report_submit(report_id=world.report.pk, user=office_head_a, content=_content(world))
    report_submit(report_id=world.report_b.pk, user=world.head_b, content=_content(world))

    def told(report):
        url = reverse("directives:review", args=[report.pk])
        return set(Notification.objects.filter(url=url).values_list("recipient__username", flat=True))

    assert told(world.report) == {"office", "office2", "chairman"}  # not the submitter, leadership too
    assert told(world.report_b) == {"office", "office2", "chanh-van-phong"}
