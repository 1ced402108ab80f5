"""axe-core finds no WCAG 2.1 A/AA violation on any page of the site, for any role that may open it.

The pages are the access matrix's (test_access_matrix.py), in its world: every URL whose rule
answers a GET from a visitor with 200 and an HTML page is opened by that visitor in a real Chromium,
on a phone's width and on a desktop's (the admin, used at a desk, on the desktop's), and axe-core
(pinned through axe-playwright-python; nothing is fetched) checks it with every <details> opened. A
page added to the site is checked as soon as the matrix has its rule, so a new page must pass too.
The world gets what the matrix does not need but the pages show: SIPAS figures (the low-rated list,
the survey charts and tables) and a draft report (the report form). A failure names the page, the
visitor, the width, the rule and the elements.
"""

import pytest
from django.urls import reverse

from directives.models import ProgressReport
from directives.services import directive_sync_reports
from satisfaction.models import LowRatedTaskLink
from satisfaction.seeding import sipas_seed
from satisfaction.tests.conftest import make_measurement, make_response
from tests.factories import AssignmentFactory, TaskFactory

from .test_access_matrix import (
    ADMIN_MODEL_ACTIONS,
    ADMIN_MODEL_ROUTES,
    ADMIN_SITE_ROUTES,
    ADMIN_SITE_RULES,
    RULES,
    SITE_ROUTES,
    World,
    admin_model_rule,
    build_world,
    route_url,
)

# The roles of the site (the matrix's visitors): another unit's head and the superuser see the same
# templates as the unit head and the office.
ROLES = {
    "anonymous": None,
    "head_a": "head-a",
    "staff_a": "staff-a",
    "office": "office",
    "leader": "leader",
}
WIDTHS = {"phone": (375, 740), "desktop": (1280, 900)}
# WCAG 2.0/2.1 levels A and AA, plus axe's best practices (landmarks, one main, headings).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def _world_with_more_on_screen() -> tuple[World, str]:
    """The matrix's world, plus SIPAS figures on unit A's task and a draft report of unit A (its URL)."""
    world = build_world()
    sipas_seed()
    LowRatedTaskLink.objects.create(task=world.report_a.assignment.task, intro="Nêu rõ nguyên nhân, giải pháp.")
    make_measurement(criteria={"1.1": "61.5", "3.1": "70"})
    make_response(unit=world.unit_a, scores=[5, 4, 3, 2, 1])
    second = TaskFactory(directive=world.directive, number=world.report_a.assignment.task.number + 1)
    AssignmentFactory(task=second, unit=world.unit_a)
    directive_sync_reports(directive=world.directive)
    draft = ProgressReport.objects.get(assignment__unit=world.unit_a, assignment__task=second)
    return world, reverse("directives:report", kwargs={"pk": draft.pk})


def _site_pages(world: World, actor: str, draft_url: str) -> list[tuple[str, str]]:
    """(name, URL) of every page outside the admin that the matrix lets ``actor`` open with a GET."""
    pages = [
        (route.key, route_url(route, world))
        for route in SITE_ROUTES
        if RULES[route.key].method == "GET" and RULES[route.key].expect[actor] == 200
    ]
    if RULES["directives:report"].expect[actor] == 200:
        pages.append(("directives:report (draft)", draft_url))
    return pages


def _admin_pages(world: World, actor: str) -> list[tuple[str, str]]:
    """(name, URL) of every admin page the matrix lets ``actor`` open with a GET: the site's and each model's."""
    pages = [
        (route.key, route_url(route, world))
        for route in ADMIN_SITE_ROUTES
        if route.name and ADMIN_SITE_RULES[route.key].method == "GET" and ADMIN_SITE_RULES[route.key].expect[actor] == 200
    ]
    for route in ADMIN_MODEL_ROUTES:
        model, action = ADMIN_MODEL_ACTIONS[route.key]
        if action == "object_redirect":
            continue  # answers with a redirect to the change page, which is checked
        rule_, kwargs = admin_model_rule(model, action, world)
        if rule_.expect[actor] == 200:
            pages.append((route.key, reverse(route.name, kwargs=kwargs)))
    return pages


def _violations(page, axe, label: str) -> list[str]:
    found = []
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        elements = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
        found.append(
            f"{label}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} elements) on {elements}{more}"
        )
    return found


def _check_pages(
    page_factory, live_server, username: str | None, pages: list[tuple[str, str]], widths: tuple[str, ...] = tuple(WIDTHS)
) -> tuple[int, list[str]]:
    """Opens every page at each width and runs axe-core; returns how many pages it checked and the violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    checked, found = 0, []
    for width_name in widths:
        width, height = WIDTHS[width_name]
        page = page_factory(width=width, height=height, username=username)
        for name, url in pages:
            answer = page.request.get(live_server.url + url)
            if answer.status != 200 or not answer.headers.get("content-type", "").startswith("text/html"):
                continue  # a download (Excel, Word, evidence) or a script, not a page
            page.goto(live_server.url + url)
            page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })")
            checked += 1
            found += _violations(page, axe, f"{name} {url} ({width_name})")
    return checked, found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actor", list(ROLES))
def test_no_axe_violation_on_any_page_a_role_may_open(page_factory, live_server, actor):
    world, draft_url = _world_with_more_on_screen()

    checked, found = _check_pages(page_factory, live_server, ROLES[actor], _site_pages(world, actor, draft_url))

    assert checked >= 2 * len(WIDTHS), f"{actor}: the matrix gave almost no page to check"
    print(f"\naxe-core: {actor}, {checked} pages checked (both widths), {len(found)} violations")
    assert found == [], f"axe-core, {actor}, {len(found)} violations on {checked} pages:\n" + "\n".join(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actor", ["anonymous", "office"])
def test_no_axe_violation_on_the_admin_pages(page_factory, live_server, actor):
    world, _ = _world_with_more_on_screen()

    checked, found = _check_pages(page_factory, live_server, ROLES[actor], _admin_pages(world, actor), ("desktop",))

    assert checked >= (1 if actor == "anonymous" else 5 * 15)
    print(f"\naxe-core: admin, {actor}, {checked} pages checked, {len(found)} violations")
    assert found == [], f"axe-core, admin, {actor}, {len(found)} violations on {checked} pages:\n" + "\n".join(found)
