"""Read-side queries about units."""

import datetime

from django.db.models import Q, QuerySet

from .models import Unit


def units_valid_between(*, start: datetime.date, end: datetime.date) -> QuerySet[Unit]:
    """Active units that existed for at least part of ``start``–``end`` (official order)."""
    return (
        Unit.objects.filter(is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .in_official_order()
    )
