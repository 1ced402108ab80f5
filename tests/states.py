"""Reports per state, the way the tests read a world: every state present, counted by ``state_tallies``."""

import datetime

from django.db.models import QuerySet

from directives.models import ProgressReport
from directives.selectors import TASK_STATE_ORDER, state_tallies


def state_counts(queryset: QuerySet[ProgressReport], *, as_of: datetime.date | None = None) -> dict[str, int]:
    """Count reports per state in one query; every state is present in the result."""
    counts = {state.value: 0 for state in TASK_STATE_ORDER}
    for (state, _status), n in state_tallies(queryset, as_of=as_of).items():
        counts[state] += n
    return counts
