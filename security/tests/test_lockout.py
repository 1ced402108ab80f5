"""django-axes: repeated failed sign-ins lock one username from one address out, in Vietnamese."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 1.0


def _attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="vi")


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password_with_a_vietnamese_page(client, axes_on):
    UserFactory(username="xa-ban-bo")
    for _ in range(4):
        assert _attempt(client, "xa-ban-bo", "wrong").status_code == 200  # the form again, with its error
    locked = _attempt(client, "xa-ban-bo", "wrong")
    assert locked.status_code == 429
    again = _attempt(client, "xa-ban-bo", "test-pass-123")
    assert again.status_code == 429
    page = again.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "đã đăng nhập sai 5 lần" in page
    assert "60 phút" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lock_out_hits_only_that_username_from_that_address(client, axes_on):
    UserFactory(username="xa-ban-bo")
    UserFactory(username="vanphong")
    for _ in range(5):
        _attempt(client, "xa-ban-bo", "wrong")
    assert _attempt(client, "xa-ban-bo", "test-pass-123").status_code == 429
    # A colleague at the same address still signs in; so does the same user from another address.
    assert _attempt(client, "vanphong", "test-pass-123").status_code == 302
    client.post(reverse("logout"))
    assert _attempt(client, "xa-ban-bo", "test-pass-123", ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_lock_out_ends_after_the_cool_off(client, axes_on):
    UserFactory(username="xa-ban-bo")
    for _ in range(5):
        _attempt(client, "xa-ban-bo", "wrong")
    assert _attempt(client, "xa-ban-bo", "test-pass-123").status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert _attempt(client, "xa-ban-bo", "test-pass-123").status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_failure_count(client, axes_on):
    UserFactory(username="xa-ban-bo")
    for _ in range(4):
        _attempt(client, "xa-ban-bo", "wrong")
    assert _attempt(client, "xa-ban-bo", "test-pass-123").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert _attempt(client, "xa-ban-bo", "wrong").status_code == 200
    assert _attempt(client, "xa-ban-bo", "test-pass-123").status_code == 302


@pytest.mark.django_db
def test_lock_out_page_in_english(client, axes_on):
    UserFactory(username="xa-ban-bo")
    for _ in range(5):
        client.post(LOGIN, {"username": "xa-ban-bo", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(LOGIN, {"username": "xa-ban-bo", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "signing in is locked for 60 minutes" in response.content.decode()
