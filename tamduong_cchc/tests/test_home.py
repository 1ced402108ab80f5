"""Everyone who signs in lands on the home page of their role, which names their unit or office."""

import pytest
from django.urls import reverse

from directives.seeding import seed_cv345
from tests.factories import DistrictRoleFactory, MembershipFactory, UserFactory
from units.models import DistrictRoleKind, Unit


@pytest.fixture
def seeded(db):
    seed_cv345()


def templates_of(response) -> set[str]:
    return {t.name for t in response.templates}


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


@pytest.mark.parametrize(
    ("role", "template", "names"),
    [
        (DistrictRoleKind.OFFICE, "home/office.html", "Văn phòng huyện"),
        (DistrictRoleKind.CHAIRMAN, "home/leadership.html", "Lãnh đạo huyện"),
        (DistrictRoleKind.VICE_CHAIRMAN, "home/leadership.html", "Lãnh đạo huyện"),
    ],
)
def test_district_roles_land_on_their_home_page(client, seeded, role, template, names):
    client.force_login(DistrictRoleFactory(role=role).user)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert template in templates_of(response)
    assert names in response.content.decode()


def test_unit_head_lands_on_the_unit_page_that_names_the_unit(client, seeded):
    unit = Unit.objects.get(code="xa-ban-bo")
    client.force_login(MembershipFactory(unit=unit).user)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert "home/unit.html" in templates_of(response)
    assert "<h1" in response.content.decode() and "UBND xã Bản Bo" in response.content.decode()


def test_user_without_a_role_is_told_to_ask_the_office(client, seeded):
    client.force_login(UserFactory())

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert templates_of(response) >= {"home/no_role.html"}
    assert "Văn phòng HĐND-UBND" in response.content.decode()
