"""The reporting windows of a report upward, named as Vietnamese offices name them.

A window is a quarter, the first six months ("6 tháng đầu năm"), the first nine months ("9 tháng")
or the year ("năm"); it covers the directive's reporting periods that lie inside it.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives.formatting import roman


class WindowKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    FIRST_HALF = "first_half", _("First six months")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")


# The month each window ends with (a quarter: its own last month).
_LAST_MONTH = {WindowKind.FIRST_HALF: 6, WindowKind.NINE_MONTHS: 9, WindowKind.YEAR: 12}


@dataclass(frozen=True)
class Window:
    kind: str
    year: int
    quarter: int = 0  # 1–4 for a quarter, 0 otherwise

    @property
    def start(self) -> datetime.date:
        month = 3 * self.quarter - 2 if self.kind == WindowKind.QUARTER else 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        month = 3 * self.quarter if self.kind == WindowKind.QUARTER else _LAST_MONTH[WindowKind(self.kind)]
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """As a title says it: "Quý II năm 2020", "6 tháng đầu năm 2020", "9 tháng đầu năm 2020", "Năm 2020"."""
        if self.kind == WindowKind.QUARTER:
            return gettext("Quarter %(roman)s of %(year)s") % {"roman": roman(self.quarter), "year": self.year}
        if self.kind == WindowKind.FIRST_HALF:
            return gettext("First six months of %(year)s") % {"year": self.year}
        if self.kind == WindowKind.NINE_MONTHS:
            return gettext("First nine months of %(year)s") % {"year": self.year}
        return gettext("Year %(year)s") % {"year": self.year}

    @property
    def phrase(self) -> str:
        """As a sentence says it: "quý II năm 2020", "6 tháng đầu năm 2020"…"""
        label = self.label
        return label[:1].lower() + label[1:]

    def contains(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= start and end <= self.end


def window_for_period(*, start: datetime.date, end: datetime.date) -> Window:
    """The smallest window that holds a period: its quarter, else the first six or nine months, else its year."""
    quarter = Window(WindowKind.QUARTER, end.year, (end.month - 1) // 3 + 1)
    for window in (
        quarter,
        Window(WindowKind.FIRST_HALF, end.year),
        Window(WindowKind.NINE_MONTHS, end.year),
        Window(WindowKind.YEAR, end.year),
    ):
        if window.contains(start, end):
            return window
    return Window(WindowKind.YEAR, end.year)
