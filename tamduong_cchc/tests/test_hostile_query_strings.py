"""No query string makes a page answer 500: every URL of the site and every admin list, its filters
and its date drill-down are asked with hostile values (non-ASCII digits, numbers past 64 bits,
impossible dates, empty and huge values). The URLs come from the resolver, as in the access matrix."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tamduong_cchc.tests import test_access_matrix as matrix
from tamduong_cchc.tests.test_access_matrix import ADMIN_MODEL_ACTIONS, LOGIN, RULES, SITE_ROUTES, World, route_kwargs

# The access matrix's world (built once for the module, each test in a savepoint) and its visitors.
_shared_world = matrix._shared_world
world = matrix.world

HOSTILE = ["²", "99999999999999999999999", "-99999999999999999999999", "31/02/2020", "2020-02-31", "x" * 3000]
# Tried one parameter at a time (the others at once): what passes str.isdigit() but not int(), and what int() takes
# but neither a 64-bit column nor a date can.
EACH_ALONE = ["²", "99999999999999999999999"]
# Every name a page of the app reads from its query string, and some it does not.
APP_PARAMETERS = [
    "directive", "period", "unit", "state", "kind", "sort", "page", "year", "quarter", "as_of",
    "date_from", "date_to", "model", "object_pk", "username", "next",
]  # fmt: skip
VISITORS = ("office", "leader", "head_a", "admin", "anonymous")


def _visitor(name: str) -> str:
    """A visitor the page answers (not a refusal), so that its query string is read."""
    expect = RULES[name].expect
    return next((actor for actor in VISITORS if expect[actor] not in (404, LOGIN, 403)), "anonymous")


GET_ROUTES = [route for route in SITE_ROUTES if RULES[route.key].method == "GET"]


def _login(client, world: World, actor: str) -> None:
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor])


@pytest.mark.parametrize("route", GET_ROUTES, ids=[route.key for route in GET_ROUTES])
def test_no_query_string_makes_a_page_answer_500(client, world, route):
    _login(client, world, _visitor(route.key))
    url = reverse(route.name, kwargs=route_kwargs(route, world))
    queries = [dict.fromkeys(APP_PARAMETERS, value) for value in HOSTILE]
    queries += [{name: value} for name in APP_PARAMETERS for value in EACH_ALONE]
    for query in queries:
        response = client.get(url, query)
        assert response.status_code < 500, f"GET {url} {query} → {response.status_code}"


def _changelist_parameters(model_admin, user) -> list[str]:
    """The query parameters of the model's own changelist: its filters and its date drill-down (the
    search, order and page parameters every list shares are tried on one list below)."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


CHANGELISTS = sorted(
    {model for model, action in ADMIN_MODEL_ACTIONS.values() if action == "changelist"}, key=lambda m: m._meta.label
)


@pytest.mark.parametrize("model", CHANGELISTS, ids=[model._meta.label for model in CHANGELISTS])
def test_no_query_string_makes_an_admin_list_answer_500(client, world, model):
    superuser = world.users["admin"]
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for name in _changelist_parameters(admin.site._registry[model], superuser):
        for value in HOSTILE:
            response = client.get(url, {name: value})
            assert response.status_code < 500, f"GET {url}?{name}={value[:40]!r} → {response.status_code}"


def test_the_parameters_every_admin_list_shares_never_answer_500(client, world):
    client.force_login(world.users["admin"])
    url = reverse("admin:directives_progressreport_changelist")
    for name in ("q", "o", "p", "all", "_to_field", "e"):
        for value in HOSTILE:
            assert client.get(url, {name: value}).status_code < 500, (name, value[:40])


def test_a_year_the_admins_date_drill_down_cannot_use_shows_the_whole_list_with_a_message(client, world):
    client.force_login(world.users["office"])
    url = reverse("admin:directives_directive_changelist")

    response = client.get(url, {"issue_date__year": "99999999999999999999999"}, follow=True, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.redirect_chain == [(url, 302)]
    assert response.context["cl"].result_count == 1  # the whole (one-directive) list
    [message] = [str(m) for m in response.context["messages"]]
    assert "bộ lọc" in message
