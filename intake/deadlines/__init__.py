"""Time expressions in Chinese and English read into deadline windows.

Chinese expressions go through JioNLP's time extractor, then through a thin
layer of corrections for its edge cases: a bare month already past in a
prediction means next year's ("6月底" written in August is next June), "或"
joins two expressions into one span ("2025年6月或7月"), "年内" and "年底" run
from the article's date to the end of its year, "N年内" / "未来N年" end N years
after the article's date. English expressions are read by the patterns in ``english``.

Every window is a :class:`Deadline`: first and last day, a precision
(``claims.models.DuePrecision`` values) and the words it came from.

The package's parts: ``calendar`` (the :class:`Deadline` window, window
arithmetic and precision), ``numerals`` (counts in both languages),
``english`` and ``chinese`` (each language's readers). This module joins their
readings into the public API.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from .calendar import (
    DAY,
    HALF,
    MONTH,
    PRECISION_ORDER,
    QUARTER,
    YEAR,
    Deadline,
    add_months,
    add_years,
    coarser,
    half_window,
    month_end,
    next_year_for_month,
    precision_of_window,
    quarter_window,
    year_window,
)
from .chinese import _chinese, jionlp
from .english import _english
from .numerals import number_value

__all__ = [
    "DAY",
    "HALF",
    "MONTH",
    "PRECISION_ORDER",
    "QUARTER",
    "YEAR",
    "Deadline",
    "add_months",
    "add_years",
    "coarser",
    "deadline_in",
    "find_time_expressions",
    "half_window",
    "jionlp",
    "month_end",
    "next_year_for_month",
    "number_value",
    "parse_deadline",
    "precision_of_window",
    "quarter_window",
    "year_window",
]

_JOINER = re.compile(
    r"^\s*(?:或者说是|或者说|或者|或是|或|至|到|~|～|-|—|–|、|and|or|to)\s*$", re.I
)


def find_time_expressions(text: str, *, written_on: date) -> list[Deadline]:
    """Every time expression in ``text``, read as a deadline window.

    Overlapping readings keep the longest (on a tie, this package's own reading
    over JioNLP's); expressions joined by 或 / 至 / "or" become one span.
    """
    # The sort is stable and own readings come first: on the same words they
    # win over JioNLP's.
    readings = _english(text, written_on) + _chinese(text, written_on)
    ranked = sorted(readings, key=lambda d: (-(d.stop - d.begin), d.begin))
    chosen: list[Deadline] = []
    for candidate in ranked:
        if any(
            candidate.begin < kept.stop and kept.begin < candidate.stop
            for kept in chosen
        ):
            continue
        chosen.append(candidate)
    chosen.sort(key=lambda d: d.begin)
    return _join(text, chosen)


def _join(text: str, deadlines: list[Deadline]) -> list[Deadline]:
    joined: list[Deadline] = []
    for deadline in deadlines:
        if joined and _JOINER.match(text[joined[-1].stop : deadline.begin]):
            previous = joined.pop()
            deadline = Deadline(
                min(previous.start, deadline.start),
                max(previous.end, deadline.end),
                coarser(previous.precision, deadline.precision),
                text[previous.begin : deadline.stop],
                previous.begin,
                deadline.stop,
            )
        joined.append(deadline)
    return joined


def parse_deadline(expression: str, *, written_on: date) -> Deadline | None:
    """One expression ("2024年上半年", "by mid-2025") read as a deadline."""
    found = find_time_expressions(expression, written_on=written_on)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    first, last = found[0], found[-1]
    return Deadline(
        min(d.start for d in found),
        max(d.end for d in found),
        functools.reduce(coarser, (d.precision for d in found)),
        expression[first.begin : last.stop],
        first.begin,
        last.stop,
    )


def deadline_in(sentence: str, *, written_on: date) -> Deadline | None:
    """The deadline a prediction or promise sets: its latest future window, or,
    when every window had passed by the article's date, its latest past one (a
    deadline already missed is still a claim to check)."""
    found = find_time_expressions(sentence, written_on=written_on)
    if not found:
        return None
    future = [d for d in found if d.end >= written_on]
    return max(
        future or found, key=lambda d: (d.end, -PRECISION_ORDER.index(d.precision))
    )
