"""The client's address behind trusted proxies: the lock-out and the survey's rate limit read the
address the outermost trusted proxy saw, never what a client wrote into X-Forwarded-For."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from security.clients import client_address, client_network
from tests.factories import UnitFactory, UserFactory

NGINX = "10.0.0.2"  # the proxy in front of gunicorn, as REMOTE_ADDR shows it


def _request(remote=NGINX, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy: the header is the client's own words
        (1, NGINX, "203.0.113.5", "203.0.113.5"),  # nginx appended the client
        (1, NGINX, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # a forged entry to the left is ignored
        (2, NGINX, "198.51.100.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),  # load balancer, then nginx
        (1, NGINX, "not-an-address", NGINX),
        (1, NGINX, None, NGINX),
        (1, NGINX, "::ffff:203.0.113.5", "203.0.113.5"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(settings, proxies, remote, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(remote, forwarded)) == client


def test_ipv6_clients_are_grouped_by_their_64_bit_prefix(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    one = client_network(_request(forwarded="2001:db8:1:2:aaaa::1"))
    same_line = client_network(_request(forwarded="2001:db8:1:2:bbbb::9"))
    next_line = client_network(_request(forwarded="2001:db8:1:3::1"))
    assert one == same_line == "2001:db8:1:2::/64" != next_line
    assert client_network(_request(forwarded="203.0.113.5")) == "203.0.113.5"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _sign_in(client, username, password, forwarded):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded
    )


@pytest.mark.django_db
def test_behind_the_proxy_five_failures_lock_one_address_not_everybody(client, behind_nginx):
    UserFactory(username="xa-ban-bo")
    for _ in range(5):
        _sign_in(client, "xa-ban-bo", "wrong", "203.0.113.5")

    assert _sign_in(client, "xa-ban-bo", "test-pass-123", "203.0.113.5").status_code == 429
    # The same user from another client behind the same proxy still signs in.
    assert _sign_in(client, "xa-ban-bo", "test-pass-123", "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_a_client_that_forges_the_header_is_still_locked_out(client, behind_nginx):
    UserFactory(username="xa-ban-bo")
    for number in range(5):
        _sign_in(client, "xa-ban-bo", "wrong", f"192.0.2.{number}, 203.0.113.5")  # a new forged address each time

    assert _sign_in(client, "xa-ban-bo", "test-pass-123", "192.0.2.99, 203.0.113.5").status_code == 429


@pytest.mark.django_db
def test_the_survey_limit_counts_a_v6_household_once_and_ignores_forged_addresses(client, settings, sipas_structure):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SATISFACTION_SURVEY_RATE_LIMIT = 2
    url = reverse("satisfaction:survey", kwargs={"code": UnitFactory().code})
    answers = {f"e_{element.pk}": "5" for element in sipas_structure}

    def post(forwarded):
        return client.post(url, answers, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [post("2001:db8:1:2::1"), post("2001:db8:1:2::2")] == [302, 302]
    assert post("2001:db8:1:2::3") == 429  # a third device of the same /64
    assert post("198.51.100.1, 2001:db8:1:2::4") == 429  # a forged left entry changes nothing
    assert post("2001:db8:9:9::1") == 302  # another line


@pytest.fixture
def sipas_structure(db):
    from django.core.cache import cache

    from satisfaction.models import SipasElement
    from satisfaction.seeding import sipas_seed

    cache.clear()
    sipas_seed()
    yield list(SipasElement.objects.all())
    cache.clear()
