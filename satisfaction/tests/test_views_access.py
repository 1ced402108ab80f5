"""Who reaches which satisfaction page: anonymous, a unit's member, office staff, leadership."""

import pytest
from django.urls import reverse

from satisfaction.models import Scope, SurveyResponse
from tests.factories import DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import DistrictRoleKind

from .conftest import make_measurement, make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sipas):
    unit, other = UnitFactory(short_name="Bản Bo"), UnitFactory(short_name="Bình Lư")
    return {
        "unit": unit,
        "other": other,
        "office": DistrictRoleFactory(role=DistrictRoleKind.OFFICE).user,
        "chairman": DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN).user,
        "member": MembershipFactory(unit=unit).user,
        "nobody": UserFactory(),
    }


def get_as(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 200), ("chairman", 200), ("member", 200), ("nobody", 404)],
)
def test_overview_is_for_office_leadership_and_unit_members(client, people, who, expected):
    assert get_as(client, people[who], reverse("satisfaction:overview")).status_code == expected


def test_anonymous_is_sent_to_sign_in_for_every_private_page(client, people):
    for name, kwargs in [
        ("satisfaction:overview", {}),
        ("satisfaction:import_start", {}),
        ("satisfaction:import_template", {}),
        ("satisfaction:import_preview", {}),
        ("satisfaction:poster", {"code": people["unit"].code}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["chairman", "member", "nobody"])
def test_only_the_office_imports(client, people, who):
    client.force_login(people[who])
    assert client.get(reverse("satisfaction:import_start")).status_code == 404
    assert client.get(reverse("satisfaction:import_template")).status_code == 404
    assert client.post(reverse("satisfaction:import_confirm"), {"token": "x"}).status_code == 404


def test_office_downloads_the_template(client, people):
    client.force_login(people["office"])
    response = client.get(reverse("satisfaction:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # an xlsx is a zip file


def test_poster_is_for_the_office_and_the_units_own_members(client, people):
    url = reverse("satisfaction:poster", kwargs={"code": people["unit"].code})
    other_url = reverse("satisfaction:poster", kwargs={"code": people["other"].code})
    assert get_as(client, people["office"], url).status_code == 200
    client.logout()
    response = get_as(client, people["member"], url)
    assert response.status_code == 200
    assert client.get(other_url).status_code == 404  # another unit's poster: as if it did not exist
    client.logout()
    assert get_as(client, people["chairman"], url).status_code == 404


def test_poster_carries_a_qr_code_of_the_public_survey_address(client, people, settings):
    settings.SITE_URL = "https://cchc.tamduong.example"
    client.force_login(people["office"])
    html = client.get(reverse("satisfaction:poster", kwargs={"code": people["unit"].code})).content.decode()
    assert f"https://cchc.tamduong.example/survey/{people['unit'].code}/" in html
    assert '<svg viewBox="0 0' in html and 'class="segno"' in html
    assert "style=" not in html and "<script>" not in html and " onclick" not in html


def test_hiding_a_response_is_office_only(client, people):
    response = make_response(unit=people["unit"], scores=[1, 1, 1, 1, 1])
    url = reverse("satisfaction:response_hide", kwargs={"pk": response.pk})
    for who in ("chairman", "member", "nobody"):
        client.force_login(people[who])
        assert client.post(url, {"hidden": "1"}).status_code == 404
    assert not SurveyResponse.objects.get(pk=response.pk).is_hidden
    client.force_login(people["office"])
    assert client.post(url, {"hidden": "1"}).status_code == 302
    response.refresh_from_db()
    assert response.is_hidden and response.hidden_by == people["office"] and response.hidden_at is not None


def test_unit_member_sees_only_their_units_survey_figures_and_no_comments(client, people):
    make_response(unit=people["unit"], scores=[5, 5, 5, 5, 5], comment="Cán bộ Bản Bo nhiệt tình")
    make_response(unit=people["other"], scores=[1, 1, 1, 1, 1], comment="Bình Lư chậm")
    make_measurement(scope=Scope.UNIT, unit=people["other"], overall="70")
    client.force_login(people["member"])

    html = client.get(reverse("satisfaction:overview")).content.decode()

    assert f'data-unit="{people["unit"].code}"' in html
    assert f'data-unit="{people["other"].code}"' not in html
    assert "Cán bộ Bản Bo nhiệt tình" not in html and "Bình Lư chậm" not in html
    assert "Bình Lư" not in html  # not even the other unit's SIPAS column


def test_office_sees_every_unit_and_the_comments_escaped(client, people):
    make_response(unit=people["other"], scores=[1, 2, 3, 4, 5], comment="<script>alert(1)</script> chậm")
    client.force_login(people["office"])

    html = client.get(reverse("satisfaction:overview")).content.decode()

    assert f'data-unit="{people["unit"].code}"' in html and f'data-unit="{people["other"].code}"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; chậm" in html
    assert "<script>alert(1)" not in html


def test_pages_work_in_english_too(client, people):
    client.force_login(people["office"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("satisfaction:overview"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    survey = client.get(reverse("satisfaction:survey", kwargs={"code": people["unit"].code}), HTTP_ACCEPT_LANGUAGE="en")
    assert "Items citizens rated low" in html
    assert "How satisfied are you?" in survey.content.decode()


def test_the_office_reaches_every_satisfaction_admin_page(client, people):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = make_response(unit=people["unit"], scores=[1, 2, 3, 4, 5])
    measurement = make_measurement(elements={"E1": "80"}, criteria={"1.1": "70"})
    for url in [
        reverse("admin:satisfaction_sipaselement_changelist"),
        reverse("admin:satisfaction_sipascriterion_changelist"),
        reverse("admin:satisfaction_measurement_changelist"),
        reverse("admin:satisfaction_measurement_change", args=[measurement.pk]),
        reverse("admin:satisfaction_measurement_add"),
        reverse("admin:satisfaction_satisfactionsetting_changelist"),
        reverse("admin:satisfaction_lowratedtasklink_changelist"),
        reverse("admin:satisfaction_surveyresponse_changelist"),
        reverse("admin:satisfaction_surveyresponse_change", args=[response.pk]),
    ]:
        assert client.get(url).status_code == 200, url
