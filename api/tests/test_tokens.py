"""Tokens: created and revoked on the person's own page, shown once, stored hashed, with an expiry and
a scope; a personal token acts with exactly its person's rights, an integration token reads everything."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ApiTokenKind, ApiTokenScope
from api.services import integration_token_create, personal_token_create

from .conftest import expires_soon

REPORTS = "/api/v1/reports/"


def test_a_new_token_is_shown_once_and_only_its_sha256_is_stored(client, world):
    client.force_login(world.head_a)
    response = client.post(
        reverse("api:tokens"),
        {
            "action": "personal",
            "personal-name": "Một cửa điện tử",
            "personal-scope": "write",
            "personal-expires_on": expires_soon(),
        },
    )
    assert response.status_code == 200
    secret = response.context["issued"].secret
    assert secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")  # never_cache: not kept by a proxy or the browser
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert (token.kind, token.scope, token.user) == (ApiTokenKind.PERSONAL, ApiTokenScope.WRITE, world.head_a)
    assert secret not in client.get(reverse("api:tokens")).content.decode()  # the list shows only its first characters


def test_a_personal_token_reads_with_exactly_its_persons_rights(api, world, token_for):
    own = api("get", REPORTS, token_for(world.head_a)).json()
    office = api("get", REPORTS, token_for(world.office)).json()
    assert {row["unit"] for row in own["results"]} == {world.unit_a.pk}
    assert {row["unit"] for row in office["results"]} == {world.unit_a.pk, world.unit_b.pk}


@pytest.mark.parametrize("case", ["revoked", "expired", "person deactivated", "unknown", "malformed"])
def test_a_token_that_is_no_longer_valid_answers_401(api, world, token_for, case):
    secret = token_for(world.head_a)
    token = ApiToken.objects.get()
    if case == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif case == "person deactivated":
        world.head_a.is_active = False
        world.head_a.save()
    elif case == "unknown":
        secret = "cchc_" + "x" * 43
    elif case == "malformed":
        secret = f"{secret} extra"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60 if case == "expired" else 0), tick=False):
        response = api("get", REPORTS, secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["errors"][0]["field"] is None


def test_a_request_without_credentials_is_401_with_the_challenge(api):
    response = api("get", REPORTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "not_authenticated"


def test_revoking_on_the_page_closes_the_api_to_that_token_at_once(client, api, world, token_for):
    secret = token_for(world.head_a)
    assert api("get", REPORTS, secret).status_code == 200
    client.force_login(world.head_a)
    response = client.post(reverse("api:token_revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 302
    assert api("get", REPORTS, secret).status_code == 401


def test_another_persons_token_cannot_be_revoked_and_answers_like_a_missing_one(client, world, token_for):
    token_for(world.head_b)
    token = ApiToken.objects.get()
    client.force_login(world.head_a)
    refused = client.post(reverse("api:token_revoke", args=[token.pk]))
    missing = client.post(reverse("api:token_revoke", args=[token.pk + 1000]))
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_the_office_issues_integration_tokens(client, world):
    with pytest.raises(PermissionDenied):
        integration_token_create(user=world.head_a, name="Tỉnh", expires_on=expires_soon())
    client.force_login(world.chairman)
    response = client.post(
        reverse("api:tokens"), {"action": "integration", "integration-name": "Tỉnh", "integration-expires_on": expires_soon()}
    )
    assert response.status_code == 404
    assert not ApiToken.objects.exists()


def test_the_office_issues_an_integration_token_that_reads_every_unit(client, api, world):
    client.force_login(world.office)
    response = client.post(
        reverse("api:tokens"),
        {"action": "integration", "integration-name": "Cổng tỉnh", "integration-expires_on": expires_soon()},
    )
    secret = response.context["issued"].secret
    token = ApiToken.objects.get()
    assert (token.kind, token.scope, token.user, token.created_by) == (
        ApiTokenKind.INTEGRATION,
        ApiTokenScope.READ,
        None,
        world.office,
    )
    reports = api("get", REPORTS, secret).json()["results"]
    assert {row["unit"] for row in reports} == {world.unit_a.pk, world.unit_b.pk}
    assert api("get", "/api/v1/review-queue/", secret).status_code == 404  # the office's queue is not for other systems


@pytest.mark.parametrize(("days", "code"), [(0, "expiry_past"), (400, "expiry_too_far")])
def test_an_expiry_must_be_after_today_and_within_a_year(world, days, code):
    with pytest.raises(ValidationError) as refused:
        personal_token_create(
            user=world.head_a, name="x", scope="read", expires_on=timezone.localdate() + datetime.timedelta(days=days)
        )
    assert refused.value.error_dict["expires_on"][0].code == code


def test_a_token_is_valid_through_its_last_day_and_not_after(api, world):
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    secret = personal_token_create(user=world.head_a, name="x", scope="read", expires_on=last_day).secret
    evening = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(23, 59)))
    with time_machine.travel(evening, tick=False):
        assert api("get", REPORTS, secret).status_code == 200
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        assert api("get", REPORTS, secret).status_code == 401


def test_tokens_page_lists_only_ones_own_tokens_and_the_office_sees_integrations(client, world, token_for):
    token_for(world.head_a)
    token_for(world.head_b)
    integration_token_create(user=world.office, name="Cổng tỉnh", expires_on=expires_soon())
    client.force_login(world.head_a)
    page = client.get(reverse("api:tokens"))
    assert [t.user for t in page.context["personal_tokens"]] == [world.head_a]
    assert page.context["integration_tokens"] == [] and page.context["integration_form"] is None
    client.force_login(world.office)
    assert [t.name for t in client.get(reverse("api:tokens")).context["integration_tokens"]] == ["Cổng tỉnh"]


def test_creating_and_revoking_a_token_is_in_the_audit_trail_without_its_digest(client, world, token_for):
    from auditlog.models import LogEntry

    token_for(world.head_a)
    token = ApiToken.objects.get()
    client.force_login(world.head_a)
    client.post(reverse("api:token_revoke", args=[token.pk]))
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert "digest" not in entries[0].changes_dict
    assert entries[1].actor == world.head_a
