"""Illustrative accounts and reports for trying the app (never official figures; all marked demo)."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from units.models import DistrictRole, DistrictRoleKind, MemberRole, Membership, Unit
from units.permissions import OFFICE_ACCOUNT_PERMISSIONS

from .models import Directive, ExtensionRequest, ExtensionStatus, ProgressReport, ReportStatus
from .services import report_deadlines_refresh

DEMO_TEXT = "[DỮ LIỆU MINH HỌA] "
_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass
class DemoResult:
    users_created: int = 0
    reports_changed: int = 0


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=_TZ)


def _ensure_user(username: str, *, password: str, first_name: str, email: str = "") -> tuple[object, bool]:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": first_name, "email": email})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user, created


@transaction.atomic
def demo_seed(*, directive: Directive, password: str) -> DemoResult:
    """Create demo accounts (office, chairman, one head per unit) and reports in every workflow state.

    Idempotent: accounts are created once; only untouched empty drafts are filled with demo content.
    """
    result = DemoResult()
    office, created = _ensure_user("vanphong", password=password, first_name="Văn phòng (demo)", email="vanphong@example.invalid")
    result.users_created += created
    DistrictRole.objects.get_or_create(user=office, defaults={"role": DistrictRoleKind.OFFICE, "title": "Chuyên viên"})
    if created:
        office.is_staff = True
        office.save(update_fields=["is_staff"])
        office.user_permissions.set(_office_permissions())
    chairman, created = _ensure_user("chutich", password=password, first_name="Chủ tịch (demo)")
    result.users_created += created
    DistrictRole.objects.get_or_create(
        user=chairman, defaults={"role": DistrictRoleKind.CHAIRMAN, "title": "Chủ tịch UBND huyện"}
    )

    heads = {}
    for unit in Unit.objects.filter(is_active=True):
        # A demo address (the reserved .invalid domain) so reminders to demo units show up in var/mail/.
        user, created = _ensure_user(
            unit.code, password=password, first_name=f"Thủ trưởng {unit.short_name} (demo)", email=f"{unit.code}@example.invalid"
        )
        result.users_created += created
        Membership.objects.get_or_create(user=user, defaults={"unit": unit, "role": MemberRole.HEAD, "title": unit.head_title})
        heads[unit.pk] = user

    result.reports_changed = _demo_reports(directive=directive, heads=heads, office=office)
    return result


def _office_permissions():
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    # The office creates and maintains ordinary accounts; units.admin keeps privileges with a superuser.
    return Permission.objects.filter(
        Q(content_type__app_label__in=["units", "directives", "notifications", "satisfaction", "reminders", "django_celery_beat"])
        | Q(content_type__app_label="auth", codename__in=OFFICE_ACCOUNT_PERMISSIONS)
    )


def _demo_reports(*, directive: Directive, heads: dict, office) -> int:
    """Fill untouched drafts with a cycle of workflow states: accepted on time and late, submitted,
    returned, resubmitted, draft, and one approved extension. Runs once per directive."""
    if ProgressReport.objects.filter(period__directive=directive, is_demo=True).exists():
        return 0
    untouched = (
        ProgressReport.objects.filter(period__directive=directive, status=ReportStatus.DRAFT, results="", is_demo=False)
        .select_related("period", "assignment")
        .order_by("period__start_date", "assignment__unit__sort_key", "assignment__task__number")
    )
    plan = ["accepted_on_time", "accepted_late", "submitted", "returned", "resubmitted", "draft", "extension", None]
    changed = []
    for index, report in enumerate(untouched):
        step = plan[index % len(plan)]
        if step is None:
            continue  # left untouched: shows as overdue once the deadline has passed
        head = heads.get(report.assignment.unit_id)
        due = report.period.due_date
        report.is_demo = True
        report.results = DEMO_TEXT + "Đã quán triệt Công văn 345/UBND-NV tới cán bộ, công chức của đơn vị."
        report.shortcomings = DEMO_TEXT + "Một số hồ sơ còn chậm do đường sá đi lại khó khăn."
        report.solutions = DEMO_TEXT + "Tăng cường kiểm tra, đôn đốc; đề nghị bổ sung máy quét tài liệu."
        if step in ("accepted_on_time", "accepted_late", "submitted", "returned", "resubmitted"):
            first = due - datetime.timedelta(days=2) if step != "accepted_late" else due + datetime.timedelta(days=5)
            report.first_submitted_at = report.submitted_at = _at(first)
            report.submitted_by = head
        if step in ("accepted_on_time", "accepted_late"):
            report.status = ReportStatus.ACCEPTED
            report.reviewed_by, report.reviewed_at = office, _at(first + datetime.timedelta(days=3))
        elif step == "submitted":
            report.status = ReportStatus.SUBMITTED
        elif step == "returned":
            report.status = ReportStatus.RETURNED
            report.reviewed_by, report.reviewed_at = office, _at(first + datetime.timedelta(days=1))
            report.review_comment = DEMO_TEXT + "Đề nghị bổ sung số liệu hồ sơ giải quyết đúng hạn."
        elif step == "resubmitted":
            report.status = ReportStatus.RESUBMITTED
            report.submitted_at = _at(first + datetime.timedelta(days=4))
            report.reviewed_by, report.reviewed_at = office, _at(first + datetime.timedelta(days=1))
            report.review_comment = DEMO_TEXT + "Đề nghị nêu rõ nguyên nhân hồ sơ quá hạn."
        elif step == "extension":
            ExtensionRequest.objects.create(
                report=report,
                requested_date=due + datetime.timedelta(days=10),
                reason=DEMO_TEXT + "Cán bộ phụ trách đi tập huấn.",
                requested_by=head,
                status=ExtensionStatus.APPROVED,
                decided_by=office,
                decided_at=_at(due - datetime.timedelta(days=1)),
                decision_note=DEMO_TEXT + "Đồng ý gia hạn.",
            )
        changed.append(report)
    ProgressReport.objects.bulk_update(
        changed,
        ["is_demo", "results", "shortcomings", "solutions", "status", "first_submitted_at", "submitted_at", "submitted_by",
         "reviewed_by", "reviewed_at", "review_comment"],
        batch_size=500,
    )  # fmt: skip
    report_deadlines_refresh(reports=ProgressReport.objects.filter(pk__in=[report.pk for report in changed]))
    return len(changed)
