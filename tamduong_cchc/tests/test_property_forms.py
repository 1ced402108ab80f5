"""Property-based tests (hypothesis): whatever a visitor types or uploads, no page answers 500.

Every form of the site is sent values drawn from text of any script (with NUL bytes, control
characters, very long strings), numbers, dates in several formats, and empty fields, plus keys the
form does not expect. The Django test client re-raises any exception a view lets through, so a
crash fails the test with the input that caused it; a 5xx answer fails it too.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tamduong_cchc.tests.test_access_matrix import World, build_world

VALUES = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["", "0", "-1", "1", "2", "99999999999999999999", "1e309", "NaN", "x" * 5000, "\x00", "<script>"]),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.dates().map(lambda day: day.isoformat()),
    st.integers().map(str),
)
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # report the failing input as drawn; shrinking costs minutes
    derandomize=True,  # the same inputs on every run: a failure here is reproducible, never flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _form_data(fields: list[str]):
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUES))
    extra = st.dictionaries(st.text(min_size=1, max_size=20), VALUES, max_size=3)
    return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})


DIRECTIVE_FIELDS = [
    "doc_type",
    "number",
    "issue_date",
    "issuing_body",
    "place",
    "signer_name",
    "signer_title",
    "subject",
    "status",
    "report_schedule",
    "report_due_day",
]
TARGETS = {
    "sign-in": ("anonymous", "POST", lambda w: "/accounts/login/", ["username", "password", "next"]),
    "audit filters": ("office", "GET", lambda w: "/audit/", ["model", "object_pk", "username", "date_from", "date_to", "page"]),
    "report form": (
        "head_a",
        "POST",
        lambda w: reverse("directives:report", args=[w.report_a.pk]),
        ["results", "shortcomings", "solutions", "action", "indicator_1", "revision"],
    ),
    "extension request": (
        "head_a",
        "POST",
        lambda w: reverse("directives:extension_request", args=[w.report_a.pk]),
        ["requested_date", "reason"],
    ),
    "review": (
        "office",
        "POST",
        lambda w: reverse("directives:review", args=[w.report_a.pk]),
        ["revision", "comment", "decision"],
    ),
    "extension decision": (
        "office",
        "POST",
        lambda w: reverse("directives:extension_decide", args=[w.extension_a.pk]),
        ["new_date", "note", "decision"],
    ),
    "directive set-up": (
        "office",
        "POST",
        lambda w: reverse("directives:directive_new"),
        [
            *(*DIRECTIVE_FIELDS, "unit_kinds", "units", "year_from", "year_to"),
            *("form-TOTAL_FORMS", "form-INITIAL_FORMS", "form-0-number", "form-0-short_label", "form-0-text"),
        ],
    ),
    "report list filters": (
        "office",
        "GET",
        lambda w: reverse("directives:report_list"),
        ["directive", "period", "unit", "state", "status", "page", "q"],
    ),
    "dashboard filters": (
        "office",
        "GET",
        lambda w: reverse("dashboard:dashboard", args=[w.directive.pk]),
        ["period", "kind", "state", "sort", "page"],
    ),
    "summary filters": ("leader", "GET", lambda w: reverse("dashboard:summary", args=[w.directive.pk]), ["period", "kind"]),
    "urge": ("office", "POST", lambda w: reverse("reminders:urge"), ["unit", "report", "next"]),
    "public survey": (
        "anonymous",
        "POST",
        lambda w: reverse("satisfaction:survey", args=[w.unit_a.code]),
        ["comment", "website", "element_1", "element_2", "element_E1", "e1"],
    ),
    "admin: unit": (
        "admin",
        "POST",
        lambda w: "/admin/units/unit/add/",
        [
            *("name", "short_name", "code", "kind", "display_order", "head_title", "head_name", "email", "phone"),
            *("is_active", "valid_from", "valid_to", "memberships-TOTAL_FORMS", "memberships-INITIAL_FORMS"),
        ],
    ),
    "admin: membership": ("admin", "POST", lambda w: "/admin/units/membership/add/", ["user", "unit", "role", "title"]),
    "admin: district role": ("admin", "POST", lambda w: "/admin/units/districtrole/add/", ["user", "role", "title"]),
    "admin: assignment": ("admin", "POST", lambda w: "/admin/directives/assignment/add/", ["task", "unit"]),
    "admin: directive": (
        "admin",
        "POST",
        lambda w: "/admin/directives/directive/add/",
        [*DIRECTIVE_FIELDS, "legal_bases-TOTAL_FORMS", "tasks-TOTAL_FORMS", "periods-TOTAL_FORMS", "tasks-0-number"],
    ),
    "admin: period": (
        "admin",
        "POST",
        lambda w: "/admin/directives/reportingperiod/add/",
        ["directive", "label", "start_date", "end_date", "due_date"],
    ),
}


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared_world, db) -> World:
    return _shared_world


def _send(client, world: World, actor: str, method: str, url: str, data: dict, files: dict | None = None):
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    with transaction.atomic():  # each example starts from the same world
        response = client.post(url, {**data, **(files or {})}) if method == "POST" else client.get(url, data)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_no_input_makes_a_form_answer_500(client, world, target):
    actor, method, url_for, fields = TARGETS[target]

    # The directive's admin page renders every inline and takes seconds; fewer draws keep the suite short.
    @settings(EXAMPLES, max_examples=5 if target == "admin: directive" else EXAMPLES.max_examples)
    @given(data=_form_data(fields))
    def check(data):
        response = _send(client, world, actor, method, url_for(world), data)
        assert response.status_code < 500, f"{method} {url_for(world)} {data!r} → {response.status_code}"

    check()


@given(content=st.one_of(st.binary(max_size=4000), st.just(b"PK\x03\x04" + b"\x00" * 100)), name=VALUES)
@EXAMPLES
def test_no_upload_makes_the_satisfaction_import_answer_500(client, world, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile((name or "x")[:100] + ".xlsx", content)
    response = _send(client, world, "office", "POST", reverse("satisfaction:import_start"), {}, {"file": upload})
    assert response.status_code < 500
