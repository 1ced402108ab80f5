"""Creating in-app notifications and sending their e-mails (after the transaction commits)."""

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from organisation.selectors import organisation_current, organisation_mail_sender
from security.text import text_clean, text_line

from .models import Notification


def notification_create_many(
    *, recipients: Iterable[AbstractBaseUser], title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create one in-app notification per distinct recipient."""
    seen: set[int] = set()
    notices = []
    for user in recipients:
        if user.pk not in seen:
            seen.add(user.pk)
            notices.append((user, title, body, url))
    return notification_create_each(notices=notices)


def notification_create_each(*, notices: Iterable[tuple[AbstractBaseUser, str, str, str]]) -> list[Notification]:
    """Create in-app notifications, each (recipient, title, body, url) with its own text, in one insert."""
    return Notification.objects.bulk_create(
        Notification(recipient=user, title=title[:300], body=body, url=url) for user, title, body, url in notices
    )


_EMAILS_PAUSED = contextvars.ContextVar("notification_emails_paused", default=False)


@contextmanager
def notification_emails_paused() -> Iterator[None]:
    """Record in-app notifications without e-mailing them (the demo seed replays months of history)."""
    token = _EMAILS_PAUSED.set(True)
    try:
        yield
    finally:
        _EMAILS_PAUSED.reset(token)


def notification_notify(
    *, recipients: Iterable[AbstractBaseUser], title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create in-app notifications and queue one e-mail each (for recipients with an address) after commit."""
    from . import tasks  # the task module imports this one

    notifications = notification_create_many(recipients=recipients, title=title, body=body, url=url)
    for notification in notifications:
        if notification.recipient.email and not _EMAILS_PAUSED.get():
            transaction.on_commit(partial(tasks.notification_send_email.delay, notification.pk))
    return notifications


def notification_send_email(*, notification_id: int) -> bool:
    """Send the e-mail of one notification once: claim it, send, release the claim if sending fails."""
    # Returns False when there is nothing to do (already sent, missing, or no address).
    claimed = Notification.objects.filter(pk=notification_id, email_sent_at__isnull=True).update(email_sent_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    address = notification.recipient.email
    if not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        lines = [notification.body] if notification.body else []
        if notification.url:
            lines.append(gettext("Open: %(url)s") % {"url": f"{settings.SITE_URL}{notification.url}"})
        area = organisation_current().area_name
        lines.append("--\n" + gettext("Administrative-reform tracker – %(area)s") % {"area": area})
        message = "\n\n".join(lines)
    try:
        send_mail(
            text_line(settings.EMAIL_SUBJECT_PREFIX + notification.title),
            text_clean(message),
            organisation_mail_sender(),
            [address],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(email_sent_at=None)
        raise
    return True


def notification_mark_read(*, recipient: AbstractBaseUser, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's notifications read (all, or the given ids); return how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
