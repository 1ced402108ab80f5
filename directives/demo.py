"""Illustrative accounts and reports for trying the app (never official figures; all marked demo)."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from notifications.services import notification_emails_paused, notification_mark_read
from units.models import DistrictRole, DistrictRoleKind, MemberRole, Membership, Unit
from units.permissions import OFFICE_ACCOUNT_PERMISSIONS

from .models import Directive, ExtensionStatus, ProgressReport, ReportStatus
from .services import (
    ReportContent,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_save_draft,
    report_submit,
)

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

    with notification_emails_paused():
        result.reports_changed = _demo_reports(directive=directive, heads=heads, office=office)
    return result


# The apps whose admin pages the office manages (the organisation's names included).
OFFICE_APPS = ("units", "directives", "notifications", "satisfaction", "reminders", "organisation")


def _office_permissions():
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    # The office creates and maintains ordinary accounts; units.admin keeps privileges with a superuser.
    return Permission.objects.filter(
        Q(content_type__app_label__in=[*OFFICE_APPS, "django_celery_beat"])
        | Q(content_type__app_label="auth", codename__in=OFFICE_ACCOUNT_PERMISSIONS)
    )


@dataclass(frozen=True)
class _Step:
    """One event of a demo report: who does what, ``day`` days after the report's deadline (negative: before)."""

    action: str  # submit, accept, return, ask_extension, approve_extension, save_draft
    day: int


# Sent on time and still waiting for the office: only in the period that ended last.
_WAITING = [_Step("submit", -1)]
# What happens to the reports of the two periods before the current one (cycled over units and tasks).
_ENDED_PLAN = [
    [_Step("submit", -3), _Step("accept", 2)],
    [_Step("submit", -2), _Step("accept", 3)],
    [_Step("submit", -1), _Step("accept", 1)],
    [_Step("submit", -4), _Step("accept", 4)],
    [_Step("submit", 4), _Step("accept", 6)],  # sent late
    [_Step("submit", -2), _Step("return", 1), _Step("submit", 3), _Step("accept", 5)],  # resubmitted within its window
    _WAITING,
    [],  # never sent: overdue
    [_Step("ask_extension", -5), _Step("approve_extension", -4), _Step("submit", 8), _Step("accept", 12)],
    [_Step("submit", -3), _Step("return", 2)],  # returned and never sent again: overdue once its window ended
]
# The current period, relative to today rather than to the deadline (so a newcomer sees days left).
_CURRENT_PLAN = [
    [_Step("submit", -5)],  # waiting for the office's review
    [_Step("submit", -10), _Step("accept", -3)],
    [_Step("submit", -8), _Step("return", -2)],  # returned: the unit has a comment to answer
    [_Step("save_draft", -1)],
    [_Step("ask_extension", -1)],  # an extension request for the office to decide
    [_Step("submit", -9), _Step("return", -6), _Step("submit", -1)],  # resubmitted, waiting for the office
    [],
    [],
]
_TEXTS = {
    "results": DEMO_TEXT + "Đã quán triệt Công văn 345/UBND-NV tới cán bộ, công chức của đơn vị.",
    "shortcomings": DEMO_TEXT + "Một số hồ sơ còn chậm do đường sá đi lại khó khăn.",
    "solutions": DEMO_TEXT + "Tăng cường kiểm tra, đôn đốc; đề nghị bổ sung máy quét tài liệu.",
}


def _demo_content(report: ProgressReport, index: int) -> ReportContent:
    indicators = {
        indicator.pk: Decimal(3 + (index + position) % 7) for position, indicator in enumerate(report.task.indicators.all())
    }
    return ReportContent(**_TEXTS, indicators=indicators)


def _demo_reports(*, directive: Directive, heads: dict, office) -> int:
    """Play a demo life through the services on the current period and the two before it: accepted on time
    and late, waiting for review, returned (answered or not), extensions asked and granted, drafts, nothing.
    Runs once per directive; every event is dated in the past, as the unit and the office would have acted."""
    if ProgressReport.objects.filter(period__directive=directive, is_demo=True).exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    periods = list(directive.periods.started_by(today).order_by("start_date"))
    chosen = periods[-3:]
    last_ended = chosen[-2] if len(chosen) > 1 else None
    changed = 0
    for period in chosen:
        current = period is chosen[-1]
        plan = _CURRENT_PLAN if current else _ENDED_PLAN
        reports = (
            ProgressReport.objects.filter(period=period, status=ReportStatus.DRAFT, results="", is_demo=False)
            .select_related("period__directive", "task")
            .prefetch_related("task__indicators")
            .order_by(*ProgressReport._meta.ordering)
        )
        for index, report in enumerate(reports):
            steps = plan[index % len(plan)]
            if steps is _WAITING and period is not last_ended:
                steps = _ENDED_PLAN[0]
            if current and today > report.deadline:
                steps = [step for step in steps if step.action != "ask_extension"]  # too late to ask
            if not steps:
                continue
            anchor = today if current else report.deadline
            _demo_play(report=report, steps=steps, anchor=anchor, now=now, head=heads[report.unit_id], office=office, index=index)
            changed += 1
    ProgressReport.objects.filter(period__in=chosen).exclude(status=ReportStatus.DRAFT, results="").update(is_demo=True)
    for user in [office, *heads.values()]:
        notification_mark_read(recipient=user)  # the demo's history, not news
    return changed


def _demo_play(*, report: ProgressReport, steps: list[_Step], anchor: datetime.date, now, head, office, index: int) -> None:
    """Run ``steps`` on ``report`` through the services, each at 09:00 (or just before now) on its day."""
    earliest = _at(report.period.start_date)
    for step in steps:
        at = min(max(_at(anchor + datetime.timedelta(days=step.day)), earliest), now - datetime.timedelta(minutes=1))
        report.refresh_from_db()
        if step.action == "submit":
            report_submit(report_id=report.pk, user=head, content=_demo_content(report, index), at=at)
        elif step.action == "save_draft":
            report_save_draft(report_id=report.pk, user=head, content=_demo_content(report, index))
        elif step.action == "accept":
            report_accept(report_id=report.pk, user=office, revision=report.revision, at=at)
        elif step.action == "return":
            comment = DEMO_TEXT + "Đề nghị bổ sung số liệu hồ sơ giải quyết đúng hạn và nêu rõ nguyên nhân."
            report_return(report_id=report.pk, user=office, revision=report.revision, comment=comment, at=at)
        elif step.action == "ask_extension":
            extension_request_create(
                report_id=report.pk,
                user=head,
                requested_date=report.deadline + datetime.timedelta(days=10),
                reason=DEMO_TEXT + "Cán bộ phụ trách đi tập huấn.",
                at=at,
            )
        elif step.action == "approve_extension":
            extension = report.extension_requests.get(status=ExtensionStatus.PENDING)
            extension_decide(extension_id=extension.pk, user=office, approve=True, note=DEMO_TEXT + "Đồng ý gia hạn.", at=at)
