"""Celery tasks of directives: they call the service of the same name and are safe to run twice."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def periods_extend_ongoing() -> int:
    """Create the coming periods of ongoing directives (django-celery-beat runs it daily at 00:15); returns how many."""
    return services.periods_extend_ongoing(today=timezone.localdate())
