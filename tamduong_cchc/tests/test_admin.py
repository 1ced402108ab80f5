"""The district office works in the Django admin, in Vietnamese, with the demo `vanphong` account's rights."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from directives.demo import demo_seed
from directives.models import Directive
from directives.seeding import seed_cv345
from tests.factories import DirectiveFactory, MembershipFactory
from units.models import Unit

# The foundation's apps: the office's demo permissions cover them (other apps test their own admin).
FOUNDATION_APPS = ("units", "directives", "notifications")


@pytest.fixture
def office(db, settings):
    """Công văn 345 with its units and report rows, and the demo accounts (their reports are not needed here)."""
    seed_cv345()
    demo_seed(directive=DirectiveFactory(number="1/DEMO-ACCOUNTS"), password=settings.DEMO_PASSWORD)
    return get_user_model().objects.get(username="vanphong")


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def foundation_model_admins():
    return sorted(
        ((model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in FOUNDATION_APPS),
        key=lambda pair: pair[0]._meta.label,
    )


def test_foundation_models_are_all_registered():
    labels = {model._meta.label for model, _ in foundation_model_admins()}

    assert {
        "units.Unit",
        "units.Membership",
        "units.DistrictRole",
        "directives.Directive",
        "directives.Task",
        "directives.Assignment",
        "directives.ReportingPeriod",
        "directives.ProgressReport",
        "directives.ExtensionRequest",
    } <= labels


def test_office_opens_every_changelist_and_add_page_in_vietnamese(office_client, office):
    request = RequestFactory().get("/admin/")
    request.user = office
    opened = []

    for model, model_admin in foundation_model_admins():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = office_client.get(reverse("admin:{}_{}_changelist".format(*info)), HTTP_ACCEPT_LANGUAGE="vi")
        assert changelist.status_code == 200, model._meta.label
        assert '<html lang="vi"' in changelist.content.decode()
        add = office_client.get(reverse("admin:{}_{}_add".format(*info)), HTTP_ACCEPT_LANGUAGE="vi")
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), model._meta.label
        opened.append(model._meta.label)

    assert len(opened) >= 9


def test_admin_index_is_in_vietnamese(office_client):
    page = office_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "Theo dõi cải cách hành chính – huyện Tam Đường" in page
    assert "Đơn vị và vai trò" in page  # the units app
    assert "Thoát" in page  # Django's own Vietnamese for "Log out"


def test_admin_unit_list_shows_useful_columns_in_vietnamese_order(office_client):
    page = office_client.get(reverse("admin:units_unit_changelist"), {"kind__exact": "commune"}).content.decode()

    assert page.index("UBND xã Bản Bo") < page.index("UBND xã Bình Lư") < page.index("UBND xã Giang Ma")
    assert "Xã" in page  # the kind column, translated


def test_directive_change_page_has_legal_bases_tasks_and_periods_inline(office_client):
    directive = Directive.objects.get(number="345/UBND-NV")

    response = office_client.get(reverse("admin:directives_directive_change", args=[directive.pk]))

    prefixes = {inline.formset.prefix: inline.formset.total_form_count() for inline in response.context["inline_admin_formsets"]}
    assert prefixes["legal_bases"] == 4
    assert prefixes["tasks"] == 6
    # Quý II–IV/2020, then the four quarters of every year since: the tasks are ongoing.
    assert prefixes["periods"] == 3 + 4 * (timezone.localdate().year - 2020)


def test_unit_change_page_has_its_members_inline(office_client):
    unit = Unit.objects.get(code="xa-ban-bo")

    response = office_client.get(reverse("admin:units_unit_change", args=[unit.pk]))

    [members] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "memberships"]
    assert [form.instance.user.username for form in members.initial_forms] == ["xa-ban-bo"]


def test_office_can_search_accounts_to_add_a_member_to_a_unit(office_client):
    url = reverse("admin:autocomplete")

    response = office_client.get(url, {"term": "xa-ban", "app_label": "units", "model_name": "membership", "field_name": "user"})

    assert response.status_code == 200
    assert {"xa-ban-bo", "xa-ban-giang", "xa-ban-hon"} <= {row["text"] for row in response.json()["results"]}


def test_unit_head_cannot_open_the_admin(client, db):
    seed_cv345()
    head = MembershipFactory(unit=Unit.objects.get(code="xa-ban-bo")).user
    client.force_login(head)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
