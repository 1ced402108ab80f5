"""Celery tasks of directives: they call a service and are safe to run twice."""

from celery import shared_task
from django.utils import timezone

from .services import periods_extend_ongoing as periods_extend_ongoing_service


@shared_task
def periods_extend_ongoing() -> int:
    """Create the coming periods of ongoing directives (django-celery-beat runs it daily at 00:15); returns how many."""
    return periods_extend_ongoing_service(today=timezone.localdate())
