"""The stored tallies of the status rule's inputs per period and task (``ReportStateTally``).

Every write that changes what the rule reads (a submission, a review, a deadline moved by an
extension or a period's due date, report rows created or deleted) ends with
``report_state_tallies_refresh`` for the periods it touched.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count

from ..models import ProgressReport, ReportingPeriod, ReportStateTally
from ..selectors import STATE_INPUTS

TALLY_COLUMNS = ("task_id", *STATE_INPUTS)


@transaction.atomic
def report_state_tallies_refresh(*, periods: Iterable[int]) -> None:
    """Recount the tallies of ``periods`` (ids) from their reports: one DELETE and one INSERT … SELECT … GROUP BY.

    The periods' rows are locked first, so that two writers of the same period recount one after the other.
    """
    period_ids = sorted(set(periods))
    if not period_ids:
        return
    list(ReportingPeriod.objects.filter(pk__in=period_ids).order_by("pk").select_for_update().values_list("pk"))
    ReportStateTally.objects.filter(period_id__in=period_ids).delete()
    counts = ProgressReport.objects.filter(period_id__in=period_ids).order_by().values_list(*TALLY_COLUMNS).annotate(n=Count("*"))
    select, params = counts.query.sql_with_params()
    quote = connection.ops.quote_name
    fields = {field.name: field.column for field in ReportStateTally._meta.fields}
    columns = ", ".join(quote(fields.get(name.removesuffix("_id"), name)) for name in [*TALLY_COLUMNS, "n"])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(ReportStateTally._meta.db_table)} ({columns}) {select}", params)
