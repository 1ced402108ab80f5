"""Creating in-app notifications: one insert, whatever the number of recipients and texts."""

import pytest

from notifications.models import Notification
from notifications.services import notification_create_each, notification_create_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notifications_each_with_its_own_text_are_created_in_one_insert(django_assert_num_queries):
    head, staff = UserFactory(), UserFactory()

    with django_assert_num_queries(1):  # INSERT of both rows
        notification_create_each(
            notices=[(head, "Nhắc hạn " + "dài " * 100, "Nội dung A", "/a/"), (staff, "Quá hạn", "Nội dung B", "/b/")]
        )

    rows = {row.recipient_id: row for row in Notification.objects.all()}
    assert (len(rows[head.pk].title), rows[head.pk].body, rows[head.pk].url) == (300, "Nội dung A", "/a/")
    assert (rows[staff.pk].title, rows[staff.pk].body, rows[staff.pk].url) == ("Quá hạn", "Nội dung B", "/b/")


def test_one_text_to_a_recipient_listed_twice_is_created_once(django_assert_num_queries):
    user = UserFactory()

    with django_assert_num_queries(1):
        notification_create_many(recipients=[user, user], title="Báo cáo bị trả lại")

    assert Notification.objects.filter(recipient=user).count() == 1
