"""seed_cv345 loads Công văn 345/UBND-NV, its units, assignments and periods; seed_demo adds demo accounts.

Both are checked field by field, for idempotence (full table snapshots before and after a second run)
and for their command output. The task texts are also compared with the shared original text when it
is available (the project itself never reads it at run time).
"""

import datetime
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from directives.models import (
    Assignment,
    Directive,
    DirectiveStatus,
    DocumentType,
    ExtensionRequest,
    ExtensionStatus,
    LegalBasis,
    ProgressReport,
    ReportingPeriod,
    ReportSchedule,
    ReportStatus,
    Task,
)
from directives.seeding import seed_cv345
from directives.selectors import TaskState, review_backlog
from directives.services import directive_sync_reports
from tests.states import state_counts
from units.models import DistrictRole, DistrictRoleKind, MemberRole, Membership, Unit, UnitKind

D = datetime.date
_ORIGINAL_CANDIDATES = [
    Path(os.environ.get("CCHC_SHARED_DIR", "/nonexistent")),
    Path(__file__).resolve().parents[3] / "shared",  # the project's sibling folder
    Path("/work/shared"),  # where the project was written
]
SHARED_ORIGINAL = next(
    (c / "seed" / "cong-van-345-UBND-NV.txt" for c in _ORIGINAL_CANDIDATES if (c / "seed" / "cong-van-345-UBND-NV.txt").exists()),
    _ORIGINAL_CANDIDATES[1] / "seed" / "cong-van-345-UBND-NV.txt",
)

AGENCIES = [
    "Văn phòng HĐND và UBND huyện",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Thanh tra huyện",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Dân tộc",
]
# Vietnamese alphabetical order, as DOMAIN.md lists them.
COMMUNES = [
    "Bản Bo",
    "Bản Giang",
    "Bản Hon",
    "Bình Lư",
    "Giang Ma",
    "Hồ Thầu",
    "Khun Há",
    "Nà Tăm",
    "Nùng Nàng",
    "Sơn Bình",
    "Tả Lèng",
    "Thèn Sin",
]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table of the units, directives and auth apps, as plain dicts."""
    tables = {}
    for label in ("units", "directives", "auth"):
        for model in apps.get_app_config(label).get_models():
            rows = [
                model_to_dict(obj, fields=[f.name for f in model._meta.concrete_fields]) for obj in model.objects.order_by("pk")
            ]
            tables[model._meta.label] = [{k: str(v) for k, v in row.items()} for row in rows]
    return tables


def task_paragraphs_of_the_original() -> dict[int, str]:
    """The numbered paragraphs of the original text, page breaks and line wraps folded into single spaces."""
    text = SHARED_ORIGINAL.read_text(encoding="utf-8")
    matches = re.finditer(r"^([1-6])\. (.*?)(?=^[1-9]\. |^UBND huyện Tam Đường yêu cầu)", text, re.MULTILINE | re.DOTALL)
    return {int(m.group(1)): " ".join(m.group(2).split()) for m in matches}


@pytest.fixture
def in_2020(time_machine):
    """Seed as the office would have on 01/08/2020 (Quý III open), before later years' periods existed."""
    time_machine.move_to(datetime.datetime(2020, 8, 1, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def seeded(db, in_2020):
    directive, result = seed_cv345()
    return directive, result


def test_seed_loads_every_field_of_the_directive(seeded):
    directive, _ = seeded

    assert directive.doc_type == DocumentType.CONG_VAN
    assert directive.number == "345/UBND-NV"
    assert directive.issue_date == D(2020, 3, 31)
    assert directive.issuing_body == "Ủy ban nhân dân huyện Tam Đường"
    assert directive.place == "Tam Đường"
    assert directive.signer_name == "Từ Hữu Hà"
    assert directive.signer_title == "TM. Ủy ban nhân dân, Chủ tịch"
    assert directive.subject == (
        "sử dụng kết quả đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước năm 2019"
    )
    assert directive.preamble.startswith("Thực hiện Công văn số 3088/UBND-KSTT ngày 31/12/2019 của UBND tỉnh Lai Châu")
    assert directive.preamble.endswith("thực hiện một số nội dung sau:")
    assert directive.recipients_text == "- Các cơ quan, đơn vị trực thuộc UBND huyện;\n- UBND các xã, thị trấn."
    assert directive.closing_text == (
        "UBND huyện Tam Đường yêu cầu Thủ trưởng các cơ quan, đơn vị trực thuộc UBND huyện; "
        "Chủ tịch UBND các xã, thị trấn nghiêm túc triển khai thực hiện./"
    )
    assert directive.copies_to == (
        "- Như trên;\n- Chủ tịch, các Phó Chủ tịch UBND huyện;\n- Trang thông tin điện tử huyện;\n- Lưu: VT."
    )
    assert not directive.scan
    assert directive.status == DirectiveStatus.ACTIVE
    assert directive.report_schedule == ReportSchedule.QUARTERLY
    assert directive.report_due_day == 15
    assert Directive.objects.count() == 1


def test_seed_texts_match_the_shared_original_when_it_is_present(seeded):
    if not SHARED_ORIGINAL.exists():
        pytest.skip(f"the shared original {SHARED_ORIGINAL} is not on this machine; the shipped seed was checked against it")
    directive, _ = seeded
    original = " ".join(SHARED_ORIGINAL.read_text(encoding="utf-8").split())

    for text in (directive.subject, directive.preamble, directive.closing_text, directive.signer_name):
        assert " ".join(text.split()) in original
    for line in directive.recipients_text.splitlines() + directive.copies_to.splitlines():
        assert line in original


def test_seed_loads_the_four_legal_bases_in_order(seeded):
    directive, _ = seeded

    bases = [(b.position, b.doc_type, b.number, b.date, b.issuer) for b in LegalBasis.objects.filter(directive=directive)]

    assert bases == [
        (1, DocumentType.CONG_VAN, "3088/UBND-KSTT", D(2019, 12, 31), "UBND tỉnh Lai Châu"),
        (2, DocumentType.QUYET_DINH, "1633/QĐ-UBND", D(2019, 12, 12), "UBND tỉnh Lai Châu"),
        (3, DocumentType.CHI_THI, "10/CT-TTg", D(2019, 4, 22), "Thủ tướng Chính phủ"),
        (4, DocumentType.CONG_VAN, "282/UBND-VP", D(2020, 3, 17), "UBND huyện Tam Đường"),
    ]
    assert all(b.subject for b in LegalBasis.objects.all())


def test_seed_loads_six_tasks_with_verbatim_texts(seeded):
    directive, _ = seeded
    tasks = list(Task.objects.filter(directive=directive))

    assert [t.number for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert all(t.short_label and t.text for t in tasks)
    assert tasks[0].text.startswith("Căn cứ kết quả Chỉ số hài lòng về sự phục vụ của cơ quan hành chính nhà nước")
    assert tasks[3].text.endswith("trực tiếp tiếp nhận, giải quyết hồ sơ thủ tục hành chính.")
    assert tasks[5].text.endswith("từng bước hiện đại hóa trang thiết bị phục vụ người dân, tổ chức.")


def test_seed_task_texts_equal_the_shared_original_word_for_word(seeded):
    if not SHARED_ORIGINAL.exists():
        pytest.skip(f"the shared original {SHARED_ORIGINAL} is not on this machine; the shipped seed was checked against it")
    directive, _ = seeded
    original = task_paragraphs_of_the_original()

    assert sorted(original) == [1, 2, 3, 4, 5, 6]
    for task in Task.objects.filter(directive=directive):
        assert task.text == original[task.number], f"task {task.number} differs from the original"


def test_seed_loads_26_units_13_agencies_12_communes_and_the_town(seeded):
    units = list(Unit.objects.all())

    assert len(units) == 26
    assert [u.name for u in units if u.kind == UnitKind.AGENCY] == AGENCIES
    assert [u.short_name for u in units if u.kind == UnitKind.COMMUNE] == COMMUNES
    assert [u.name for u in units if u.kind == UnitKind.TOWN] == ["UBND thị trấn Tam Đường"]
    assert not any(u.kind == UnitKind.PUBLIC_SERVICE for u in units)
    assert all(u.is_active and u.code and u.head_title for u in units)
    # Default order: agencies in the official order, then the town, then communes alphabetically.
    assert [u.kind for u in units] == [UnitKind.AGENCY] * 13 + [UnitKind.TOWN] + [UnitKind.COMMUNE] * 12


def test_seed_assigns_every_task_to_every_unit(seeded):
    directive, _ = seeded

    pairs = set(Assignment.objects.values_list("task_id", "unit_id"))

    expected = {(t, u) for t in directive.tasks.values_list("pk", flat=True) for u in Unit.objects.values_list("pk", flat=True)}
    assert pairs == expected
    assert len(pairs) == 6 * 26


def test_seed_creates_quarters_two_to_four_of_2020_and_skips_the_first(seeded):
    directive, _ = seeded

    periods = [(p.label, p.start_date, p.end_date, p.due_date) for p in ReportingPeriod.objects.filter(directive=directive)]

    # Quý I/2020 would be due 15/03/2020, before the directive of 31/03/2020 existed.
    assert periods == [
        ("Quý II/2020", D(2020, 4, 1), D(2020, 6, 30), D(2020, 6, 15)),
        ("Quý III/2020", D(2020, 7, 1), D(2020, 9, 30), D(2020, 9, 15)),
        ("Quý IV/2020", D(2020, 10, 1), D(2020, 12, 31), D(2020, 12, 15)),
    ]


def test_seed_creates_one_empty_draft_per_assignment_and_period(seeded):
    reports = ProgressReport.objects.all()

    assert reports.count() == 26 * 6 * 3
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.DRAFT}
    assert not reports.filter(is_demo=True).exists()
    assert not reports.exclude(results="").exists()


def test_seed_twice_changes_nothing(seeded):
    before = snapshot()

    _, result = seed_cv345()

    assert not result.changed
    assert snapshot() == before


def test_seed_does_not_overwrite_what_the_office_edited(seeded):
    directive, _ = seeded
    Task.objects.filter(directive=directive, number=1).update(short_label="Nhãn do Văn phòng sửa")
    Unit.objects.filter(code="xa-ban-bo").update(head_name="Nguyễn Văn A")

    seed_cv345()

    assert Task.objects.get(directive=directive, number=1).short_label == "Nhãn do Văn phòng sửa"
    assert Unit.objects.get(code="xa-ban-bo").head_name == "Nguyễn Văn A"


@pytest.mark.django_db
def test_seed_command_reports_what_it_created_then_that_nothing_changed(in_2020):
    first, second = StringIO(), StringIO()

    call_command("seed_cv345", stdout=first)
    call_command("seed_cv345", stdout=second)

    out = first.getvalue()
    for part in ("345/UBND-NV", "+26 units", "+6 tasks", "+156 assignments", "+3 periods", "+468 report rows"):
        assert part in out
    assert "nothing changed" in second.getvalue()


@pytest.mark.django_db
def test_the_ongoing_directive_gets_every_quarter_up_to_the_current_year(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)

    directive, result = seed_cv345()

    labels = list(ReportingPeriod.objects.filter(directive=directive).values_list("label", flat=True))
    assert directive.is_ongoing and directive.status == DirectiveStatus.ACTIVE
    assert labels[:4] == ["Quý II/2020", "Quý III/2020", "Quý IV/2020", "Quý I/2021"]
    assert labels[-1] == "Quý IV/2026" and len(labels) == 3 + 6 * 4
    assert result.created_periods == 27
    assert ProgressReport.objects.filter(period__directive=directive).count() == 26 * 6 * 27


# seed_demo --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    call_command("seed_cv345", stdout=StringIO())

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_before_the_directive_is_loaded(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="seed_cv345"):
        call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = False
    call_command("seed_cv345", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


# One demo run per test: seed_demo fills 400-odd reports, so its checks share a run.
def test_seed_demo_with_force_creates_the_accounts_and_reports_in_every_status(demo, settings):
    users = get_user_model().objects
    office = users.get(username="vanphong")
    chairman = users.get(username="chutich")
    memberships = Membership.objects.select_related("user", "unit")
    demo_reports = ProgressReport.objects.filter(is_demo=True)

    # The office and the chairman.
    assert office.check_password(settings.DEMO_PASSWORD) and chairman.check_password(settings.DEMO_PASSWORD)
    assert office.is_staff and not office.is_superuser
    assert office.has_perm("directives.change_directive") and office.has_perm("units.add_unit")
    assert DistrictRole.objects.get(user=office).role == DistrictRoleKind.OFFICE
    assert DistrictRole.objects.get(user=chairman).role == DistrictRoleKind.CHAIRMAN
    assert not chairman.is_staff
    # One head per unit, named by the unit's code.
    assert memberships.count() == Unit.objects.count() == 26
    for membership in memberships:
        assert membership.user.username == membership.unit.code
        assert membership.role == MemberRole.HEAD
        assert membership.user.check_password(settings.DEMO_PASSWORD)
    assert "+28 accounts" in demo
    # Reports in every workflow status, each marked as demo data.
    assert set(demo_reports.values_list("status", flat=True)) == set(ReportStatus.values)
    assert not ProgressReport.objects.filter(is_demo=False).exclude(status=ReportStatus.DRAFT).exists()
    assert all(r.results.startswith("[DỮ LIỆU MINH HỌA]") for r in demo_reports)
    extension = ExtensionRequest.objects.filter(status=ExtensionStatus.APPROVED).first()
    assert extension is not None and extension.report.is_demo and "[DỮ LIỆU MINH HỌA]" in extension.reason
    # Accepted on time and late both appear, so every colour of the status shows.
    accepted = demo_reports.filter(status=ReportStatus.ACCEPTED).select_related("period")
    assert any(r.first_submitted_at.date() <= r.period.due_date for r in accepted)
    assert any(r.first_submitted_at.date() > r.period.due_date for r in accepted)
    # Only the current period and the two before it hold demo reports, and the current one shows
    # what a newcomer has to do: an extension to decide, a return to answer, reports to review.
    today = timezone.localdate()
    started = list(ReportingPeriod.objects.filter(start_date__lte=today).order_by("start_date"))
    assert set(demo_reports.values_list("period_id", flat=True)) == {p.pk for p in started[-3:]}
    current = demo_reports.filter(period=started[-1])
    assert current.filter(status=ReportStatus.RETURNED).exists()
    assert current.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED]).exists()
    assert ExtensionRequest.objects.filter(report__period=started[-1], status=ExtensionStatus.PENDING).exists()
    assert review_backlog().waiting > 0
    # Reached through the services: every report sent has its versions, and every return a window.
    sent = demo_reports.exclude(status=ReportStatus.DRAFT)
    assert all(report.versions.count() == report.revision > 0 for report in sent)
    assert not demo_reports.filter(status=ReportStatus.RETURNED, resubmit_by__isnull=True).exists()
    # No event lies in the future.
    assert not demo_reports.filter(submitted_at__gt=timezone.now()).exists()


def test_seed_demo_runs_with_debug_on_and_a_second_run_changes_nothing(db, settings):
    call_command("seed_cv345", stdout=StringIO())
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert get_user_model().objects.filter(username="vanphong").exists()
    before = snapshot()
    out = StringIO()

    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=out)

    assert snapshot() == before
    assert "+0 accounts, 0 reports" in out.getvalue()


# The status selector at the district's real size ----------------------------------------------


@pytest.mark.django_db
def test_state_counts_for_26_units_6_tasks_4_periods_is_one_query(django_assert_num_queries, in_2020):
    directive, _ = seed_cv345()
    ReportingPeriod.objects.create(
        directive=directive, label="Quý I/2021", start_date=D(2021, 1, 1), end_date=D(2021, 3, 31), due_date=D(2021, 3, 15)
    )
    directive_sync_reports(directive=directive)
    reports = ProgressReport.objects.filter(period__directive=directive)
    assert reports.count() == 26 * 6 * 4

    with django_assert_num_queries(1):
        counts = state_counts(reports)

    # Quý II is past its due date with nothing accepted, Quý III is open, Quý IV and Quý I/2021 lie ahead.
    assert counts == {
        TaskState.DONE_ON_TIME: 0,
        TaskState.DONE_LATE: 0,
        TaskState.IN_PROGRESS: 156,
        TaskState.OVERDUE: 156,
        TaskState.NOT_DUE: 312,
    }


@pytest.mark.django_db
def test_the_seed_marks_3088_as_the_document_345_carries_out_with_the_report_addressees():
    directive, _ = seed_cv345()

    implemented = LegalBasis.objects.get(directive=directive, implemented=True)
    assert (implemented.number, implemented.issuer) == ("3088/UBND-KSTT", "UBND tỉnh Lai Châu")
    assert implemented.report_addressees.splitlines() == ["Ủy ban nhân dân tỉnh Lai Châu", "Sở Nội vụ tỉnh Lai Châu"]
    assert LegalBasis.objects.filter(directive=directive).count() == 4


@pytest.mark.django_db
def test_the_seed_marks_a_database_seeded_before_the_mark_and_keeps_the_office_choice_afterwards():
    directive, _ = seed_cv345()
    LegalBasis.objects.filter(directive=directive).update(implemented=False, report_addressees="")

    seed_cv345()
    assert LegalBasis.objects.get(directive=directive, implemented=True).number == "3088/UBND-KSTT"

    LegalBasis.objects.filter(directive=directive).update(implemented=False)
    LegalBasis.objects.filter(directive=directive, number="1633/QĐ-UBND").update(implemented=True, report_addressees="Sở Nội vụ")
    seed_cv345()
    marked = LegalBasis.objects.get(directive=directive, implemented=True)
    assert (marked.number, marked.report_addressees) == ("1633/QĐ-UBND", "Sở Nội vụ")
