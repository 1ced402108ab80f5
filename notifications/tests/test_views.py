"""The bell's page shows a user only their own notifications; "mark all read" touches only theirs."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def two_users(db):
    mine, theirs = UserFactory(username="mine"), UserFactory(username="theirs")
    Notification.objects.create(recipient=mine, title="Báo cáo của tôi bị trả lại")
    Notification.objects.create(recipient=theirs, title="Thông báo của người khác")
    return mine, theirs


@pytest.mark.parametrize("name", ["notifications:list", "notifications:read_all"])
def test_anonymous_is_sent_to_sign_in(client, db, name):
    response = client.post(reverse(name)) if name.endswith("read_all") else client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_list_shows_only_the_users_own_notifications(client, two_users):
    client.force_login(two_users[0])

    page = client.get(reverse("notifications:list")).content.decode()

    assert "Báo cáo của tôi bị trả lại" in page
    assert "Thông báo của người khác" not in page


def test_mark_all_read_touches_only_the_users_own(client, two_users):
    mine, theirs = two_users
    client.force_login(mine)

    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=mine, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=theirs, read_at__isnull=True).count() == 1


def test_mark_all_read_refuses_get(client, two_users):
    client.force_login(two_users[0])
    assert client.get(reverse("notifications:read_all")).status_code == 405
