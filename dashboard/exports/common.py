"""The period's compliance figures and the wording of official documents, for the Excel export.

The Word document is the district's report to the province (district_reports.exports).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.models import Directive, ReportingPeriod, Task
from directives.selectors import TaskState
from organisation.selectors import organisation_current

from .. import selectors

# Exports are official documents of the district: they are always written in Vietnamese,
# whatever language the reader's interface uses.
EXPORT_LANGUAGE = "vi"

# The two header lines of the organisation's documents ("ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG"), read
# from the organisation when an export is written.
AGENCY_PARENT = lazy(lambda: organisation_current().header_lines[0], str)()
AGENCY_NAME = lazy(lambda: organisation_current().header_lines[1], str)()

# Short words for the cells of the compliance table (the legend gives the full wording).
STATE_SHORT = {
    TaskState.DONE_ON_TIME: gettext_lazy("Done on time"),
    TaskState.DONE_LATE: gettext_lazy("Done late"),
    TaskState.IN_PROGRESS: gettext_lazy("In progress"),
    TaskState.OVERDUE: gettext_lazy("Overdue"),
    TaskState.NOT_DUE: gettext_lazy("Not due"),
}

# Light tints of the on-screen colours (green, orange, blue, red, grey): readable in print.
STATE_FILL_HEX = {
    TaskState.DONE_ON_TIME: "C6E0B4",
    TaskState.DONE_LATE: "F8CBAD",
    TaskState.IN_PROGRESS: "BDD7EE",
    TaskState.OVERDUE: "FF9F9F",
    TaskState.NOT_DUE: "D9D9D9",
}


@dataclass
class ComplianceTable:
    directive: Directive
    period: ReportingPeriod
    tasks: list[Task]
    groups: list[selectors.UnitGroup]
    total: selectors.StateTally


def compliance_table(*, directive: Directive, period: ReportingPeriod, as_of: datetime.date | None = None) -> ComplianceTable:
    """Every unit × task cell of the period, grouped like the dashboard (four queries)."""
    rows = selectors.unit_tallies(period=period, as_of=as_of)
    tasks = selectors.directive_tasks(directive=directive)
    selectors.matrix_fill(rows=rows, tasks=tasks, period=period, as_of=as_of)
    return ComplianceTable(
        directive=directive, period=period, tasks=tasks, groups=selectors.rows_grouped(rows), total=selectors.tally_total(rows)
    )


def date_vn(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def period_text(period: ReportingPeriod) -> str:
    return _("Reporting period: %(label)s (%(start)s – %(end)s), reports due by %(due)s") % {
        "label": period.label,
        "start": date_vn(period.start_date),
        "end": date_vn(period.end_date),
        "due": date_vn(period.due_date),
    }


def now_local() -> datetime.datetime:
    return timezone.localtime()
