"""Celery tasks of notifications: they take ids and call the service of the same name; safe to run twice."""

import smtplib

from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=60, max_retries=5)
def notification_send_email(self, notification_id: int) -> bool:
    """Send the e-mail copy of one in-app notification (once)."""
    return services.notification_send_email(notification_id=notification_id)
