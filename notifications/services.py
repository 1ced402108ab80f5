"""Creating and reading in-app notifications."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import Notification


def notification_create_many(
    *, recipients: Iterable[AbstractBaseUser], title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create one in-app notification per distinct recipient."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk not in seen:
            seen.add(user.pk)
            rows.append(Notification(recipient=user, title=title[:300], body=body, url=url))
    return Notification.objects.bulk_create(rows)


def notification_mark_read(*, recipient: AbstractBaseUser, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's notifications read (all, or the given ids); return how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
