"""Working days in Vietnam: Monday to Friday, except the public holidays (the ``holidays`` package's calendar)."""

import datetime
from functools import cache

import holidays


@cache
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (``day`` itself when ``count`` is 0)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        count -= is_working_day(day)
    return day
