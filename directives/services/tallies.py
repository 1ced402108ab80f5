"""The stored tallies: the status rule's inputs per period and task (``ReportStateTally``), and
indicator totals per period (``IndicatorPeriodTotal``).

Every write that changes what the rule reads (a submission, a review, a deadline moved by an
extension or a period's due date, report rows created or deleted) ends with
``report_state_tallies_refresh`` for the periods it touched; an acceptance and a deletion of
reports also with ``indicator_totals_refresh``.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count

from ..models import IndicatorPeriodTotal, ProgressReport, ReportingPeriod, ReportStateTally
from ..selectors import STATE_INPUTS, accepted_indicator_sums

TALLY_COLUMNS = ("task_id", *STATE_INPUTS)


def _periods_locked(periods: Iterable[int]) -> list[int]:
    """The ids of ``periods``, their rows locked, so that two writers of the same period recount one after the other."""
    period_ids = sorted(set(periods))
    list(ReportingPeriod.objects.filter(pk__in=period_ids).order_by("pk").select_for_update().values_list("pk"))
    return period_ids


@transaction.atomic
def report_state_tallies_refresh(*, periods: Iterable[int]) -> None:
    """Recount the tallies of ``periods`` (ids) from their reports: one DELETE and one INSERT … SELECT … GROUP BY."""
    period_ids = _periods_locked(periods)
    if not period_ids:
        return
    ReportStateTally.objects.filter(period_id__in=period_ids).delete()
    counts = ProgressReport.objects.filter(period_id__in=period_ids).order_by().values_list(*TALLY_COLUMNS).annotate(n=Count("*"))
    select, params = counts.query.sql_with_params()
    quote = connection.ops.quote_name
    fields = {field.name: field.column for field in ReportStateTally._meta.fields}
    columns = ", ".join(quote(fields.get(name.removesuffix("_id"), name)) for name in [*TALLY_COLUMNS, "n"])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(ReportStateTally._meta.db_table)} ({columns}) {select}", params)


@transaction.atomic
def indicator_totals_refresh(*, periods: Iterable[int]) -> None:
    """Recount the indicator totals of ``periods`` (ids) from the values of their accepted reports."""
    period_ids = _periods_locked(periods)
    if not period_ids:
        return
    IndicatorPeriodTotal.objects.filter(period_id__in=period_ids).delete()
    sums = accepted_indicator_sums("report__period_id", "indicator_id", report__period_id__in=period_ids)
    IndicatorPeriodTotal.objects.bulk_create(
        IndicatorPeriodTotal(period_id=period_id, indicator_id=indicator_id, total=total, reports=reports)
        for period_id, indicator_id, total, reports in sums
    )
