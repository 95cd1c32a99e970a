"""Partial dates: « 2021 », « mars 2021 » or « 15 mars 2021 », kept with their precision.

Registry dates often come from memory or old minutes: a year is all anyone knows of when someone joined a
table. A partial date is stored as two columns, a `DateField` and a precision. A start date is stored as
the first day of its period and an end date as the last day, so that ordering constraints and "on date D"
queries work on plain dates while the page still says « 2021 » and not « 1 janvier 2021 ».
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# ASCII digits only: `\d` would also accept other scripts' digits, which `int` reads.
_ISO_PARTS = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$", re.ASCII)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("A day needs a month.")
        # Raises ValueError for impossible dates such as 2021-02-30, 2021-13 or 2021-00 (a month or day of
        # 0 must not pass as « unknown »: only None means unknown).
        dt.date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `2021`, `2021-03` or `2021-03-15`. Raises ValueError otherwise."""
        match = _ISO_PARTS.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        return cls(year, month, day)

    @classmethod
    def from_stored(cls, value: dt.date, precision: str) -> PartialDate:
        if precision == DatePrecision.YEAR:
            return cls(value.year)
        if precision == DatePrecision.MONTH:
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        """The date in the active language, at its precision: « 2021 », « mars 2021 », « 15 mars 2021 »."""
        if self.precision == DatePrecision.YEAR:
            return str(self.year)
        if self.precision == DatePrecision.MONTH:
            return formats.date_format(self.first_day(), "YEAR_MONTH_FORMAT")
        return long_date(self.first_day())


def long_date(value: dt.date, format_name: str = "DATE_FORMAT") -> str:
    """A day in the active language's long format, with the French ordinal of the first of the month:
    « 1er mars 2021 », « 15 mars 2021 » (Django's French format has no way to say « 1er »)."""
    text = formats.date_format(value, format_name)
    return first_of_month(text, value)


def first_of_month(text: str, value: Any) -> str:
    """`text`, a day written in the active language, with « 1er » for the first of the month in French."""
    if getattr(value, "day", None) == 1 and text.startswith("1 ") and (get_language() or "").startswith("fr"):
        return "1er" + text[1:]
    return text


def stored_start(value: PartialDate | None) -> tuple[dt.date | None, str]:
    """The columns of a start date: its first possible day and its precision."""
    if value is None:
        return None, DatePrecision.DAY
    return value.first_day(), value.precision


def stored_end(value: PartialDate | None) -> tuple[dt.date | None, str]:
    """The columns of an end date: its last possible day and its precision."""
    if value is None:
        return None, DatePrecision.DAY
    return value.last_day(), value.precision


def earliest(value: dt.date | None, precision: str) -> dt.date | None:
    """The first day a stored date may mean (the stored day itself for a start date)."""
    if value is None:
        return None
    return PartialDate.from_stored(value, precision).first_day()


def latest(value: dt.date | None, precision: str) -> dt.date | None:
    """The last day a stored date may mean."""
    if value is None:
        return None
    return PartialDate.from_stored(value, precision).last_day()


def duration_in_days(start: dt.date, end: dt.date | None, *, today: dt.date) -> int:
    """Days from `start` to `end` (or to `today` when still running), never negative."""
    return max(0, ((end or today) - start).days)
