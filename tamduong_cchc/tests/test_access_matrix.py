"""Every URL of the site, asked by nine kinds of visitor, answers as the rule table says.

The URLs come from the resolver itself, so a URL added without a rule here fails
``test_every_url_has_a_rule``. URL arguments are filled with real objects that belong to unit A
(its report, its evidence, its extension request, its survey), so "unit B" shows what a user of
another unit gets. Each visitor's request runs in a savepoint that is rolled back, so a POST by one
visitor never changes what the next one sees.

Answers: a status code, LOGIN (302 to the sign-in page), ADMIN_LOGIN (302 to the admin's sign-in
page) or REDIRECT (302 anywhere else, e.g. after a successful POST).

The rule for refusals (written once in units/permissions.py): outside the admin, a signed-in user
who may not open a page or do an action gets 404, the answer for what does not exist, whether the
object is missing, another unit's, or the page or action is reserved to a role the user lacks. So
no 403 appears in RULES. The admin keeps Django's rules: non-staff get ADMIN_LOGIN, staff without a
model's permission 403.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from api.models import ApiToken
from api.services import personal_token_create
from calendars.services import calendar_feed_issue
from directives.models import EvidenceFile, EvidenceKind, ExtensionRequest, ProgressReport
from directives.services import ReportContent, directive_sync_reports, extension_request_create, report_submit
from district_reports.models import DistrictReport, ReportVersion
from district_reports.services import (
    HeaderData,
    district_report_create,
    district_report_finalise,
    district_report_header_save,
)
from district_reports.windows import Window, WindowKind
from satisfaction.models import SurveyResponse
from tests.factories import (
    AssignmentFactory,
    DirectiveFactory,
    DistrictRoleFactory,
    MembershipFactory,
    PeriodFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from transparency.services import directive_publish
from units.models import DistrictRoleKind, MemberRole
from units.permissions import OFFICE_ACCOUNT_PERMISSIONS

LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin-login", "redirect"
EVIDENCE_PDF = b"%PDF-1.4\n%%EOF\n"
ACTORS = ("anonymous", "head_a", "deputy_a", "staff_a", "user_b", "nobody", "office", "leader", "admin")
DISTRICT_REPORT_ROUTES = [
    f"district_reports:{name}"
    for name in ("detail", "header", "section", "comment", "finalise", "versions", "version", "export_docx")
]
# Apps whose admin pages the office manages (seed_demo grants the office every permission on them).
OFFICE_ADMIN_APPS = ("units", "directives", "notifications", "satisfaction", "organisation")
# Accounts (auth.User) are the office's to create and maintain, within what units.admin.AccountAdmin
# allows (seed_demo grants it units.permissions.OFFICE_ACCOUNT_PERMISSIONS).


@dataclass(frozen=True)
class Rule:
    expect: dict[str, object]
    method: str = "GET"
    data: dict = field(default_factory=dict)


def rule(method: str = "GET", data: dict | None = None, **expect) -> Rule:
    assert set(expect) == set(ACTORS), f"a rule must name every visitor: {sorted(set(ACTORS) ^ set(expect))}"
    return Rule(expect=expect, method=method, data=data or {})


def signed_in(answer=200, **overrides) -> dict:
    return {"anonymous": LOGIN, **dict.fromkeys(ACTORS[1:], answer), **overrides}


def only(allowed: tuple[str, ...], *, answer=200, refused=404, anonymous=LOGIN) -> dict:
    return {actor: (anonymous if actor == "anonymous" else answer if actor in allowed else refused) for actor in ACTORS}


OFFICE = ("office", "admin")  # a superuser counts as office staff (units.permissions.actor_for)
DISTRICT = ("office", "leader", "admin")
UNIT_A = ("head_a", "deputy_a", "staff_a")
SUBMITTERS_A = ("head_a", "deputy_a")  # who sends unit A's reports and asks for more time

API_WRITES = [
    f"api:report_workflow-{name}" for name in ("draft", "evidence", "submit", "accept", "return-to-unit", "extension-request")
]
API_WRITES.append("api:extension_decision-decision")

# The rule of every URL outside the admin. Keep it in step with the URLs: a new URL fails until it has a rule.
RULES: dict[str, Rule] = {
    "home": rule(**signed_in()),
    "login": rule(**signed_in(REDIRECT, anonymous=200)),
    "logout": rule("POST", **dict.fromkeys(ACTORS, LOGIN)),
    # Everyone signed in changes their own password; anyone may ask for a reset link by e-mail.
    "password_change": rule(**signed_in()),
    "password_change_done": rule(**signed_in()),
    "password_reset": rule(**dict.fromkeys(ACTORS, 200)),
    "password_reset_done": rule(**dict.fromkeys(ACTORS, 200)),
    "password_reset_confirm": rule(**dict.fromkeys(ACTORS, 200)),  # a wrong link: "no longer valid"
    "password_reset_complete": rule(**dict.fromkeys(ACTORS, 200)),
    "set_language": rule("POST", {"language": "en", "next": "/"}, **dict.fromkeys(ACTORS, REDIRECT)),
    # Notifications: everyone signed in reads their own bell.
    "notifications:list": rule(**signed_in()),
    "notifications:read_all": rule("POST", **signed_in(REDIRECT)),
    # The audit trail: office staff only; refusal is 404.
    "security:audit_log": rule(**only(OFFICE)),
    # Directives: units work on their own reports; the office reviews; leadership reads everything.
    "directives:my_reports": rule(**only((*UNIT_A, "user_b"))),
    "directives:report": rule(**only(UNIT_A + DISTRICT)),
    "directives:history": rule(**only(UNIT_A + DISTRICT)),
    # Only the unit's head or deputy asks for more time; staff and the district, who read the report, get 404 too.
    "directives:extension_request": rule(**only(SUBMITTERS_A)),
    "directives:evidence_download": rule(**only(UNIT_A + DISTRICT)),
    # Unit members edit their evidence; the district reads it but never removes it.
    "directives:evidence_remove": rule("POST", **only(UNIT_A, answer=REDIRECT)),
    "directives:review_queue": rule(**only(OFFICE)),
    "directives:review": rule(**only(OFFICE)),
    "directives:extension_decide": rule(**only(OFFICE)),
    "directives:report_list": rule(**only(DISTRICT)),
    "directives:directive_new": rule(**only(OFFICE)),
    "directives:directive": rule(**only(DISTRICT)),
    # Reminders: the district follows every unit; a unit reads its own log; urging is the district's.
    "reminders:overview": rule(**only(DISTRICT)),
    "reminders:unit_log": rule(**only(UNIT_A + DISTRICT)),
    "reminders:urge": rule("POST", {"unit": "{unit_a}"}, **only(DISTRICT, answer=REDIRECT)),
    # Dashboard: the office's dashboard, the chairman's summary, exports; units do not see the district.
    "dashboard:index": rule(**only(DISTRICT, answer=REDIRECT)),
    "dashboard:dashboard": rule(**only(DISTRICT)),
    "dashboard:summary": rule(**only(DISTRICT)),
    "dashboard:export_xlsx": rule(**only(DISTRICT)),
    # The district's report to the province: the office composes and edits, leadership reads and comments.
    "district_reports:list": rule(**only(DISTRICT)),
    # An empty form answers with its errors (200), nothing is composed.
    "district_reports:create": rule("POST", **only(OFFICE)),
    "district_reports:for_period": rule(**only(DISTRICT, answer=REDIRECT)),
    "district_reports:detail": rule(**only(DISTRICT)),
    "district_reports:header": rule(**only(OFFICE)),
    "district_reports:section": rule(**only(OFFICE)),
    "district_reports:comment": rule("POST", {"text": "Bổ sung số liệu."}, **only(("leader",), answer=REDIRECT)),
    # The draft has no signer's name yet: the office is sent back to it with the reason.
    "district_reports:finalise": rule("POST", **only(OFFICE, answer=REDIRECT)),
    "district_reports:versions": rule(**only(DISTRICT)),
    "district_reports:version": rule(**only(DISTRICT)),
    "district_reports:export_docx": rule(**only(DISTRICT)),
    # Satisfaction: read by every role; imports and hiding answers are the office's; the survey is public.
    "satisfaction:overview": rule(**signed_in(nobody=404)),  # a role is needed: a unit's or the district's
    "satisfaction:import_start": rule(**only(OFFICE)),
    "satisfaction:import_template": rule(**only(OFFICE)),
    "satisfaction:import_preview": rule(**only(OFFICE, answer=REDIRECT)),
    "satisfaction:import_confirm": rule("POST", **only(OFFICE, answer=REDIRECT)),
    "satisfaction:poster": rule(**only(UNIT_A + OFFICE)),
    "satisfaction:response_hide": rule("POST", **only(OFFICE, answer=REDIRECT)),
    "satisfaction:survey": rule(**dict.fromkeys(ACTORS, 200)),
    "satisfaction:survey_thanks": rule(**dict.fromkeys(ACTORS, 200)),
    # The REST API: the pages' rules, read with the session here (tests in api/tests use tokens). A
    # visitor without credentials gets 401 (JSON), not the sign-in page; writes need a token (401 here).
    "api:unit-list": rule(**only(DISTRICT, anonymous=401)),
    "api:unit-detail": rule(**only(DISTRICT, anonymous=401)),
    "api:directive-list": rule(**only(DISTRICT, anonymous=401)),
    "api:directive-detail": rule(**only(DISTRICT, anonymous=401)),
    "api:directive-tally": rule(**only(DISTRICT, anonymous=401)),
    "api:period-list": rule(**only(DISTRICT, anonymous=401)),
    "api:period-detail": rule(**only(DISTRICT, anonymous=401)),
    "api:period-indicators": rule(**only(DISTRICT, anonymous=401)),
    "api:period-tally": rule(**only(DISTRICT, anonymous=401)),
    # Every member of a unit or the district lists the reports they may read (unit B: its own, none of unit A's).
    "api:report-list": rule(**signed_in(anonymous=401, nobody=404)),
    "api:report-detail": rule(**only(UNIT_A + DISTRICT, anonymous=401)),
    "api:review_queue-list": rule(**only(OFFICE, anonymous=401)),
    "api:extension-list": rule(**only(OFFICE, anonymous=401)),
    "api:extension-detail": rule(**only(UNIT_A + DISTRICT, anonymous=401)),
    "api:district_report-list": rule(**only(DISTRICT, anonymous=401)),
    "api:district_report-detail": rule(**only(DISTRICT, anonymous=401)),
    "api:not_found": rule(**dict.fromkeys(ACTORS, 404)),
    **{name: rule("POST", **dict.fromkeys(ACTORS, 401)) for name in API_WRITES},
    # The schema and its documentation are public: they describe the API, not the district's data.
    "api:schema": rule(**dict.fromkeys(ACTORS, 200)),
    "api:docs": rule(**dict.fromkeys(ACTORS, 200)),
    # Everyone signed in manages their own tokens; only the owner revokes one (token A is head A's).
    "api:tokens": rule(**signed_in()),
    "api:token_revoke": rule("POST", **only(("head_a",), answer=REDIRECT)),
    # Calendars: everyone signed in manages their own address; the address itself is the key (head A's
    # here), for calendar apps that cannot sign in, whoever asks.
    "calendars:feed_settings": rule(**signed_in()),
    "calendars:feed": rule(**dict.fromkeys(ACTORS, 200)),
    # Public progress: the world's directive is published, so everyone reads it; the office alone
    # publishes or withdraws (tests in transparency/tests cover an unpublished directive's 404).
    "transparency:index": rule(**dict.fromkeys(ACTORS, 200)),
    "transparency:directive": rule(**dict.fromkeys(ACTORS, 200)),
    "transparency:directive_csv": rule(**dict.fromkeys(ACTORS, 200)),
    "transparency:directive_json": rule(**dict.fromkeys(ACTORS, 200)),
    "transparency:publication_set": rule("POST", {"action": "publish"}, **only(OFFICE, answer=REDIRECT)),
}

# Admin pages that are not a model's: Django's own rules (staff only; the office is staff).
ADMIN_SITE_RULES: dict[str, Rule] = {
    "admin:index": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:login": rule(**dict.fromkeys(ACTORS, 200) | {"office": REDIRECT, "admin": REDIRECT}),
    # Staff are signed out (to the sign-in page); the admin sends anyone else to its index.
    "admin:logout": rule("POST", **dict.fromkeys(ACTORS, REDIRECT) | {"office": LOGIN, "admin": LOGIN}),
    "admin:password_change": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:password_change_done": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:jsi18n": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    # Without its query parameters the autocomplete refuses even staff.
    "admin:autocomplete": rule(**only(OFFICE, answer=403, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    # "View on site" for a unit: units have no public page.
    "admin:view_on_site": rule(**only(OFFICE, answer=404, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:app_list": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    # Setting a unit head's password: the office and the superuser (units/tests/test_admin.py has the
    # accounts the office may not touch).
    "admin:auth_user_password_change": rule(**only(OFFICE, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    # The admin's catch-all: staff get 404 for an unknown admin page, everyone else the admin sign-in.
    "admin/(?P<url>.*)$": rule(**only(OFFICE, answer=404, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
}


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # the pattern, for messages
    pattern: URLPattern
    prefix: str
    kwargs: tuple[str, ...]

    @property
    def key(self) -> str:
        """The URL's name, or for an unnamed pattern its path."""
        return self.name if self.name and not self.name.endswith(":None") else self.path


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            routes += _walk(entry, prefix + str(entry.pattern), inner)
        else:
            name = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else ""
            kwargs = tuple(entry.pattern.regex.groupindex)
            routes.append(Route(name, prefix + str(entry.pattern), entry, prefix, kwargs))
    return routes


ROUTES = _walk(get_resolver())


def _admin_model_actions() -> dict[str, tuple[type, str]]:
    """Keyed by URL name; the unnamed "<object_id>/" redirect of each model by its path."""
    actions = {}
    for model in admin.site._registry:
        for action in ("changelist", "add", "change", "delete", "history"):
            actions[f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"] = (model, action)
        actions[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = (model, "object_redirect")
    return actions


ADMIN_MODEL_ACTIONS = _admin_model_actions()


def test_every_url_has_a_rule():
    missing = [
        f"{route.name or '(unnamed)'}  {route.path}"
        for route in ROUTES
        if route.key not in RULES and route.key not in ADMIN_SITE_RULES and route.key not in ADMIN_MODEL_ACTIONS
    ]
    assert missing == [], "URLs without an access rule in test_access_matrix.py:\n" + "\n".join(missing)
    named = {route.name for route in ROUTES}
    stale = sorted(name for name in RULES if name not in named)
    assert stale == [], f"rules for URLs that no longer exist: {stale}"


# ---------------------------------------------------------------- the world every request runs in


@dataclass
class World:
    users: dict
    unit_a: object
    unit_b: object
    directive: object
    report_a: ProgressReport
    evidence_a: EvidenceFile
    extension_a: ExtensionRequest
    response_a: SurveyResponse
    token_a: ApiToken
    calendar_secret_a: str
    district_report: DistrictReport
    final_version: ReportVersion


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; every test
    runs in a savepoint within it (pytest-django's ``db``), so no test sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared_world, db, settings) -> World:
    # Each test has its own MEDIA_ROOT (root conftest): put the evidence file where this test looks.
    path = Path(settings.MEDIA_ROOT) / _shared_world.evidence_a.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(EVIDENCE_PDF)
    return _shared_world


def build_world() -> World:
    unit_a = UnitFactory(code="xa-a", name="UBND xã A")
    unit_b = UnitFactory(code="xa-b", name="UBND xã B")
    head_a = MembershipFactory(unit=unit_a, role=MemberRole.HEAD, user=UserFactory(username="head-a")).user
    deputy_a = MembershipFactory(unit=unit_a, role=MemberRole.DEPUTY, user=UserFactory(username="deputy-a")).user
    staff_a = MembershipFactory(unit=unit_a, role=MemberRole.STAFF, user=UserFactory(username="staff-a")).user
    user_b = MembershipFactory(unit=unit_b, role=MemberRole.HEAD, user=UserFactory(username="head-b")).user
    nobody = UserFactory(username="nobody")  # signed in, with neither a unit nor a district role
    office = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="office", is_staff=True)).user
    office.user_permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=OFFICE_ADMIN_APPS)
            | Q(content_type__app_label="auth", codename__in=OFFICE_ACCOUNT_PERMISSIONS)
        )
    )
    leader = DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN, user=UserFactory(username="leader")).user
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)

    directive = DirectiveFactory()
    task = TaskFactory(directive=directive)
    AssignmentFactory(task=task, unit=unit_a)
    AssignmentFactory(task=task, unit=unit_b)
    PeriodFactory(
        directive=directive,
        start_date=datetime.date(2020, 4, 1),
        end_date=datetime.date(2020, 6, 30),
        due_date=datetime.date(2020, 6, 15),
    )
    directive_sync_reports(directive=directive)
    report_a = ProgressReport.objects.get(assignment__unit=unit_a)
    evidence_a = EvidenceFile.objects.create(
        report=report_a,
        file=ContentFile(EVIDENCE_PDF, name="minh-chung.pdf"),
        original_name="minh-chung.pdf",
        kind=EvidenceKind.PDF,
        size=len(EVIDENCE_PDF),
        uploaded_by=head_a,
    )
    # Submitted and asked through the real services, on a day before the deadline, so the report and
    # the request are what the office finds in its queue.
    with time_machine.travel(datetime.datetime(2020, 6, 10, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        content = ReportContent(results="Đã niêm yết công khai thủ tục hành chính.")
        report_submit(report_id=report_a.pk, user=head_a, content=content)
        extension_a = extension_request_create(
            report_id=report_a.pk, user=head_a, requested_date=datetime.date(2020, 7, 15), reason="Lũ quét."
        )
    report_a.refresh_from_db()
    response_a = SurveyResponse.objects.create(unit=unit_a, submitted_at=timezone.now())
    token_a = personal_token_create(
        user=head_a, name="Một cửa điện tử", scope="write", expires_on=timezone.localdate() + datetime.timedelta(days=30)
    ).token
    district_report = district_report_create(
        directive=directive, window=Window(WindowKind.QUARTER, 2020, 2), report_date=datetime.date(2020, 7, 5), user=office
    )
    sent = district_report_create(
        directive=directive, window=Window(WindowKind.FIRST_HALF, 2020), report_date=datetime.date(2020, 7, 5), user=office
    )
    header = {name: getattr(sent, name) for name in HeaderData.__dataclass_fields__} | {"signer_name": "Nguyễn Văn A"}
    district_report_header_save(report_id=sent.pk, user=office, data=HeaderData(**header))
    district_report_finalise(report_id=sent.pk, user=office)
    users = {
        "head_a": head_a,
        "deputy_a": deputy_a,
        "staff_a": staff_a,
        "user_b": user_b,
        "nobody": nobody,
        "office": office,
        "leader": leader,
        "admin": superuser,
    }
    calendar_secret_a = calendar_feed_issue(user=head_a)
    directive_publish(user=office, directive=directive)
    return World(
        users,
        unit_a,
        unit_b,
        directive,
        report_a,
        evidence_a,
        extension_a,
        response_a,
        token_a,
        calendar_secret_a,
        district_report,
        sent.versions.get(state="final"),
    )


def route_kwargs(route: Route, world: World) -> dict:
    fillers = {
        "pk": {
            "directives:report": world.report_a.pk,
            "directives:history": world.report_a.pk,
            "directives:extension_request": world.report_a.pk,
            "directives:review": world.report_a.pk,
            "directives:evidence_remove": world.evidence_a.pk,
            "directives:evidence_download": world.evidence_a.pk,
            "directives:extension_decide": world.extension_a.pk,
            "directives:directive": world.directive.pk,
            "satisfaction:response_hide": world.response_a.pk,
            "api:unit-detail": world.unit_a.pk,
            "api:directive-detail": world.directive.pk,
            "api:directive-tally": world.directive.pk,
            "api:period-detail": world.report_a.period_id,
            "api:period-indicators": world.report_a.period_id,
            "api:period-tally": world.report_a.period_id,
            "api:report-detail": world.report_a.pk,
            "api:extension-detail": world.extension_a.pk,
            "api:district_report-detail": world.final_version.pk,
            "api:token_revoke": world.token_a.pk,
            **dict.fromkeys(
                [
                    f"api:report_workflow-{name}"
                    for name in ("draft", "evidence", "submit", "accept", "return-to-unit", "extension-request")
                ],
                world.report_a.pk,
            ),
            "api:extension_decision-decision": world.extension_a.pk,
            **dict.fromkeys(
                [
                    "transparency:directive",
                    "transparency:directive_csv",
                    "transparency:directive_json",
                    "transparency:publication_set",
                ],
                world.directive.pk,
            ),
            **dict.fromkeys(DISTRICT_REPORT_ROUTES, world.district_report.pk),
        },
        # The first task's section: its figures and the units' texts beside it.
        "position": world.district_report.sections.get(kind="task").position,
        "number": 1,
        "directive_id": world.directive.pk,
        "secret": world.calendar_secret_a,
        "unit_id": world.unit_a.pk,
        "code": world.unit_a.code,
        "app_label": "units",
        "content_type_id": _content_type_id(world.unit_a),
        "object_id": world.unit_a.pk,
        "id": world.users["head_a"].pk,
        "uidb64": "MQ",
        "token": "not-a-token",
    }
    values = {}
    for name in route.kwargs:
        value = fillers.get(name)
        if isinstance(value, dict):
            value = value.get(route.name)
        assert value is not None, f"no value for <{name}> of {route.name} ({route.path}): add one to route_kwargs()"
        values[name] = value
    return values


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def route_url(route: Route, world: World) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=route_kwargs(route, world))


def _answer(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/accounts/login/"):
            return LOGIN
        return REDIRECT
    return response.status_code


def _ask(client, world: World, actor: str, rule_: Rule, url: str):
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    data = {key: (world.unit_a.pk if value == "{unit_a}" else value) for key, value in rule_.data.items()}
    with transaction.atomic():
        response = client.post(url, data) if rule_.method == "POST" else client.get(url)
        transaction.set_rollback(True)  # the next visitor sees the same world
    return _answer(response)


def _check(client, world: World, rule_: Rule, url: str) -> None:
    answers = {actor: _ask(client, world, actor, rule_, url) for actor in ACTORS}
    wrong = {
        actor: f"expected {rule_.expect[actor]}, got {answers[actor]}"
        for actor in ACTORS
        if answers[actor] != rule_.expect[actor]
    }
    assert wrong == {}, f"{rule_.method} {url}: {wrong}"


SITE_ROUTES = [route for route in ROUTES if route.key in RULES]
ADMIN_SITE_ROUTES = [route for route in ROUTES if route.key in ADMIN_SITE_RULES]
ADMIN_MODEL_ROUTES = [route for route in ROUTES if route.key in ADMIN_MODEL_ACTIONS]


@pytest.mark.parametrize("route", SITE_ROUTES, ids=[route.key for route in SITE_ROUTES])
def test_site_url_answers_every_visitor_as_the_rule_says(client, world, route):
    _check(client, world, RULES[route.key], route_url(route, world))


@pytest.mark.parametrize("route", ADMIN_SITE_ROUTES, ids=[route.key for route in ADMIN_SITE_ROUTES])
def test_admin_site_url_answers_every_visitor_as_the_rule_says(client, world, route):
    url = "/admin/no-such-page/" if not route.name else route_url(route, world)
    _check(client, world, ADMIN_SITE_RULES[route.key], url)


OK, NO, GONE = 200, 403, REDIRECT  # GONE: the page of an object this world lacks sends staff back to the list
ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")
# What the office and a superuser get on each model's admin pages (GET), stated here rather than read
# from the ModelAdmins. The object is the model's first row, so for reports it is unit A's submitted
# report: nobody adds a report, edits one (its page only reads) or deletes one that was submitted.
# District roles are granted by a superuser only; the office never opens the system's own tables.
ADMIN_MODEL_EXPECT: dict[str, tuple[tuple, tuple]] = {
    #  model: ((office: changelist, add, change, delete, history), (superuser: the same))
    "auditlog.LogEntry": ((NO, NO, NO, NO, NO), (OK, NO, OK, NO, OK)),
    "auth.Group": ((NO, NO, NO, NO, GONE), (OK, OK, GONE, GONE, GONE)),
    "auth.User": ((OK, OK, OK, NO, OK), (OK, OK, OK, OK, OK)),
    "axes.AccessAttempt": ((NO, NO, NO, NO, GONE), (OK, NO, GONE, GONE, GONE)),
    "axes.AccessFailureLog": ((NO, NO, NO, NO, GONE), (OK, NO, GONE, GONE, GONE)),
    "axes.AccessLog": ((NO, NO, NO, NO, GONE), (OK, NO, GONE, GONE, GONE)),
    "directives.Assignment": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "directives.Directive": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "directives.ExtensionRequest": ((OK, NO, OK, NO, OK), (OK, NO, OK, NO, OK)),
    "directives.Indicator": ((OK, OK, GONE, GONE, GONE), (OK, OK, GONE, GONE, GONE)),
    "directives.ProgressReport": ((OK, NO, OK, NO, OK), (OK, NO, OK, NO, OK)),
    "directives.ReportingPeriod": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "directives.Task": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "django_celery_beat.ClockedSchedule": ((NO, NO, NO, NO, GONE), (OK, OK, GONE, GONE, GONE)),
    "django_celery_beat.CrontabSchedule": ((NO, NO, NO, NO, NO), (OK, OK, OK, OK, OK)),
    "django_celery_beat.IntervalSchedule": ((NO, NO, NO, NO, NO), (OK, OK, OK, OK, OK)),
    # The office changes the times of the app's own schedules; it neither adds nor deletes one.
    "django_celery_beat.PeriodicTask": ((OK, NO, OK, NO, OK), (OK, OK, OK, OK, OK)),
    "django_celery_beat.SolarSchedule": ((NO, NO, NO, NO, GONE), (OK, OK, GONE, GONE, GONE)),
    "notifications.Notification": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    # One row, seeded by the migration: changed, never added again nor deleted.
    "organisation.Organisation": ((OK, NO, OK, NO, OK), (OK, NO, OK, NO, OK)),
    "reminders.ReminderLog": ((OK, NO, GONE, NO, GONE), (OK, NO, GONE, NO, GONE)),
    "reminders.ReminderPolicy": ((OK, OK, GONE, NO, GONE), (OK, OK, GONE, GONE, GONE)),
    "reminders.Urge": ((OK, NO, GONE, NO, GONE), (OK, NO, GONE, NO, GONE)),
    "satisfaction.LowRatedTaskLink": ((OK, OK, GONE, GONE, GONE), (OK, OK, GONE, GONE, GONE)),
    "satisfaction.Measurement": ((OK, OK, GONE, GONE, GONE), (OK, OK, GONE, GONE, GONE)),
    "satisfaction.SatisfactionSetting": ((OK, NO, OK, OK, OK), (OK, NO, OK, OK, OK)),
    "satisfaction.SipasCriterion": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "satisfaction.SipasElement": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "satisfaction.SurveyResponse": ((OK, NO, OK, NO, OK), (OK, NO, OK, NO, OK)),
    "units.DistrictRole": ((OK, NO, OK, NO, OK), (OK, OK, OK, OK, OK)),
    "units.Membership": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    "units.Unit": ((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
}


def test_every_admin_model_has_explicit_expectations():
    assert sorted(ADMIN_MODEL_EXPECT) == sorted(model._meta.label for model in admin.site._registry)


def admin_model_rule(model: type, action: str, world: World) -> tuple[Rule, dict]:
    """Non-staff never get in; the office and the superuser get what ADMIN_MODEL_EXPECT says."""
    obj = model._base_manager.order_by("pk").first()
    expect = dict.fromkeys((actor for actor in ACTORS if actor not in OFFICE), ADMIN_LOGIN)
    kwargs = (
        {"object_id": obj.pk if obj is not None else 0} if action in ("change", "delete", "history", "object_redirect") else {}
    )
    if action == "object_redirect":  # the old "<object_id>/" address forwards staff to ".../change/"
        return Rule(expect=expect | dict.fromkeys(OFFICE, REDIRECT)), kwargs
    office, superuser = ADMIN_MODEL_EXPECT[model._meta.label]
    position = ADMIN_ACTIONS.index(action)
    return Rule(expect=expect | {"office": office[position], "admin": superuser[position]}), kwargs


@pytest.mark.parametrize("route", ADMIN_MODEL_ROUTES, ids=[route.key for route in ADMIN_MODEL_ROUTES])
def test_admin_model_url_answers_every_visitor_as_the_rule_says(client, world, route):
    from django.urls import reverse

    model, action = ADMIN_MODEL_ACTIONS[route.key]
    rule_, kwargs = admin_model_rule(model, action, world)
    url = f"/{route.prefix}{kwargs['object_id']}/" if action == "object_redirect" else reverse(route.name, kwargs=kwargs)
    _check(client, world, rule_, url)


def test_the_matrix_walks_the_whole_site():
    # A guard against a resolver walk that silently finds nothing.
    assert len(SITE_ROUTES) >= 30
    assert len(ADMIN_MODEL_ROUTES) >= 5 * 15
    assert all(re.match(r"^[\w:-]+$", route.name) for route in SITE_ROUTES)  # DRF routers name URLs "<basename>-list"


@pytest.mark.parametrize("name", ["directives:review_queue", "dashboard:index", "security:audit_log"])
def test_a_page_reserved_to_a_role_answers_a_unit_user_exactly_like_a_missing_page(client, world, name):
    from django.urls import reverse

    client.force_login(world.users["head_a"])
    refused = client.get(reverse(name))
    missing = client.get("/no-such-page/")

    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
