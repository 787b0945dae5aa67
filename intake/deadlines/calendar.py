"""Deadline windows: the :class:`Deadline` itself, window arithmetic, precision.

Shared by the English and the Chinese readers; imports neither.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DAY, MONTH, QUARTER, HALF, YEAR = "day", "month", "quarter", "half", "year"
PRECISION_ORDER = (DAY, MONTH, QUARTER, HALF, YEAR)


@dataclass(frozen=True)
class Deadline:
    start: date
    end: date
    precision: str
    text: str
    begin: int = 0  # offset of ``text`` in the searched string
    stop: int = 0

    def as_dict(self) -> dict:
        return {
            "due_start": self.start.isoformat(),
            "due_end": self.end.isoformat(),
            "precision": self.precision,
            "text": self.text,
        }


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def year_window(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def half_window(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


def quarter_window(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * quarter - 2
    return date(year, first, 1), month_end(year, first + 2)


def next_year_for_month(month: int, written_on: date) -> int:
    """A month named without a year: this year's, or next year's once past."""
    if month_end(written_on.year, month) < written_on:
        return written_on.year + 1
    return written_on.year


def by_start(written_on: date, end: date, precision: str) -> date:
    """Where a "by" window ("2025年底前", "by mid-2025") starts: the article's
    date, or, for a deadline already past when the article was written, the
    start of the period it names (2025年底前 written in 2026: 2025-01-01)."""
    if written_on <= end:
        return written_on
    if precision == YEAR:
        return date(end.year, 1, 1)
    if precision == HALF:
        return date(end.year, 1 if end.month <= 6 else 7, 1)
    if precision == QUARTER:
        return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    if precision == MONTH:
        return end.replace(day=1)
    return end


def coarser(a: str, b: str) -> str:
    return max(a, b, key=PRECISION_ORDER.index)


def precision_of_window(start: date, end: date) -> str:
    """What a window's shape says about its precision."""
    if start == end:
        return DAY
    month_ends = end == month_end(end.year, end.month)
    if start.day == 1 and month_ends and start.year == end.year:
        months = end.month - start.month + 1
        if months == 1:
            return MONTH
        if months == 3 and start.month % 3 == 1:
            return QUARTER
        if months == 6 and start.month in (1, 7):
            return HALF
        if months == 12:
            return YEAR
    if end.month == 12 and end.day == 31:
        return YEAR
    if end.month == 6 and end.day == 30 and start.month == 1 and start.day == 1:
        return HALF
    return MONTH if month_ends else DAY
