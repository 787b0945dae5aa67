"""English time expressions: number words, month names, the patterns and
their readers (``_en_*``), each returning a window for :func:`_english`.

A reader returns ``(start, end, precision, by_end)``; ``by_end`` marks wording
that already means "by the end of" ("by the end of 2024", "mid-2025").
"""

from __future__ import annotations

import re
from datetime import date

from .calendar import (
    DAY,
    HALF,
    MONTH,
    QUARTER,
    YEAR,
    Deadline,
    add_months,
    add_years,
    by_start,
    half_window,
    month_end,
    next_year_for_month,
    quarter_window,
    year_window,
)
from .numerals import number_value

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_RE = r"(?:19|20)\d\d"
_NUM_RE = (
    r"(?:\d{1,3}|a couple of|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|an?)"
)
_ORDINAL = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_BY = r"(?:(?P<by>by|before|until|till|no later than|not later than)\s+)?"
# A year named in words: 2024, this year, next year, the year.
_YEAR_WORDS = rf"(?P<year>{_YEAR_RE}|(?:this|the|next|the next|the current) year)"


def _named_year(words: str, written_on: date) -> int:
    words = words.lower()
    if words[:1].isdigit():
        return int(words)
    if "next" in words:
        return written_on.year + 1
    return written_on.year


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _en_year_end(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    year = _named_year(m["year"], written_on)
    return date(year, 1, 1), date(year, 12, 31), YEAR, True


def _en_month_end(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    month = _month_number(m["month"])
    year = int(m["y"]) if m["y"] else next_year_for_month(month, written_on)
    return date(year, month, 1), month_end(year, month), MONTH, True


def _en_half(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    half = 1 if m["half"].lower() in ("first", "1st", "h1", "1h") else 2
    year = _named_year(m["year"], written_on)
    return (*half_window(year, half), HALF, False)


def _en_half_code(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    half = int(m["h"])
    return (*half_window(int(m["year"]), half), HALF, False)


def _en_quarter_words(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    quarter = _ORDINAL[m["q"].lower()]
    year = _named_year(m["year"], written_on)
    return (*quarter_window(year, quarter), QUARTER, False)


def _en_quarter_code(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    quarter = int(m["q"])
    year = int(m["year"])
    if year < 100:
        year += 2000
    return (*quarter_window(year, quarter), QUARTER, False)


def _en_mid(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    year = _named_year(m["year"], written_on)
    return date(year, 1, 1), date(year, 6, 30), HALF, True


def _en_early_late(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    year = _named_year(m["year"], written_on)
    half = 1 if m["part"].lower() == "early" else 2
    return (*half_window(year, half), HALF, False)


def _en_within(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    count = number_value(m["n"]) or 1
    if m["unit"].lower().startswith("year"):
        target = add_years(written_on, count)
    else:
        target = add_months(written_on, count)
    return written_on, month_end(target.year, target.month), MONTH, True


def _en_in_years(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    count = number_value(m["n"]) or 1
    return (*year_window(written_on.year + count), YEAR, False)


def _en_relative_year(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    return (*year_window(_named_year(m["year"], written_on)), YEAR, False)


def _en_relative_month(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    target = add_months(written_on.replace(day=1), 1)
    return target, month_end(target.year, target.month), MONTH, False


def _en_relative_quarter(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    quarter = (written_on.month - 1) // 3 + 1
    year = written_on.year
    if m["which"].lower() == "next":
        quarter += 1
        if quarter == 5:
            quarter, year = 1, year + 1
    return (*quarter_window(year, quarter), QUARTER, False)


def _en_day(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    if m["iso"]:
        day = date(int(m["iy"]), int(m["im"]), int(m["id"]))
    else:
        month = _month_number(m["month1"] or m["month2"])
        day = date(int(m["y"]), month, int(m["d1"] or m["d2"]))
    return day, day, DAY, False


def _en_month_year(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    month = _month_number(m["month"])
    year = int(m["y"]) if m["y"] else next_year_for_month(month, written_on)
    return date(year, month, 1), month_end(year, month), MONTH, False


def _en_year(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    year = int(m["y"])
    return (*year_window(year), YEAR, False)


_D = r"(?<![\w-])"
_E = r"(?![\w])"
_ENGLISH_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (
        re.compile(
            rf"{_D}{_BY}(?:the\s+)?(?:end\s+of\s+{_YEAR_WORDS}|year[-\s]end)"
            rf"{_E}",
            re.I,
        ),
        lambda m, w: _en_year_end(m if m["year"] else _fake(m, year="this year"), w),
    ),
    (
        re.compile(
            rf"{_D}{_BY}(?:the\s+)?end\s+of\s+(?P<month>{_MONTH_RE})"
            rf"(?:\s+(?P<y>{_YEAR_RE}))?{_E}",
            re.I,
        ),
        _en_month_end,
    ),
    (
        re.compile(
            rf"{_D}(?:(?:in|during)\s+)?(?:the\s+)?(?P<half>first|second|1st|2nd)"
            rf"\s+half\s+of\s+{_YEAR_WORDS}{_E}",
            re.I,
        ),
        _en_half,
    ),
    (
        re.compile(rf"{_D}(?:H(?P<h>[12])|(?P<h2>[12])H)\s*(?P<year>{_YEAR_RE}){_E}"),
        lambda m, w: _en_half_code(m if m["h"] else _fake(m, h=m["h2"]), w),
    ),
    (
        re.compile(
            rf"{_D}(?:(?:in|during)\s+)?(?:the\s+)?(?P<q>first|second|third|fourth|"
            rf"1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?{_YEAR_WORDS}{_E}",
            re.I,
        ),
        _en_quarter_words,
    ),
    (
        re.compile(
            rf"{_D}(?:Q(?P<q>[1-4])\s*(?:of\s+)?(?P<year>{_YEAR_RE}|'?\d\d)"
            rf"|(?P<year2>{_YEAR_RE})\s*年?\s*Q(?P<q2>[1-4]))(?![\w])",
            re.I,
        ),
        lambda m, w: _en_quarter_code(
            m if m["q"] else _fake(m, q=m["q2"], year=m["year2"]), w
        ),
    ),
    (
        re.compile(
            rf"{_D}{_BY}(?:mid-?\s*|the\s+middle\s+of\s+){_YEAR_WORDS}{_E}", re.I
        ),
        _en_mid,
    ),
    (
        re.compile(rf"{_D}(?P<part>early|late)[-\s]+{_YEAR_WORDS}{_E}", re.I),
        _en_early_late,
    ),
    (
        re.compile(
            rf"{_D}(?:within(?:\s+the\s+next)?|in\s+the\s+(?:next|coming)|"
            rf"over\s+the\s+(?:next|coming)|in\s+less\s+than)\s+(?P<n>{_NUM_RE})"
            rf"\s+(?P<unit>years?|months?){_E}",
            re.I,
        ),
        _en_within,
    ),
    (
        re.compile(
            rf"{_D}in\s+(?P<n>{_NUM_RE})\s+years?(?:'|’)?(?:\s+time)?{_E}", re.I
        ),
        _en_in_years,
    ),
    (
        re.compile(rf"{_D}{_BY}(?P<year>(?:this|next) year){_E}", re.I),
        _en_relative_year,
    ),
    (re.compile(rf"{_D}{_BY}next\s+month{_E}", re.I), _en_relative_month),
    (
        re.compile(rf"{_D}{_BY}(?P<which>this|next)\s+quarter{_E}", re.I),
        _en_relative_quarter,
    ),
    (
        re.compile(
            rf"{_D}{_BY}(?:on\s+)?(?:(?P<iso>(?P<iy>{_YEAR_RE})-(?P<im>[01]?\d)-"
            rf"(?P<id>[0-3]?\d))|(?P<month1>{_MONTH_RE})\s+(?P<d1>[0-3]?\d)"
            rf"(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR_RE})|(?P<d2>[0-3]?\d)"
            rf"(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH_RE}),?\s+(?P<y_>{_YEAR_RE}))"
            rf"(?![\w-])",
            re.I,
        ),
        lambda m, w: _en_day(m if m["iso"] or m["y"] else _fake(m, y=m["y_"]), w),
    ),
    (
        re.compile(
            rf"{_D}(?:(?P<by>by|before|until|till)\s+|in\s+)(?P<month>{_MONTH_RE})"
            rf"(?:\s+(?P<y>{_YEAR_RE}))?{_E}|{_D}(?P<month_>{_MONTH_RE})\s+"
            rf"(?P<y_>{_YEAR_RE}){_E}",
            re.I,
        ),
        lambda m, w: _en_month_year(
            m if m["month"] else _fake(m, month=m["month_"], y=m["y_"]), w
        ),
    ),
    (
        re.compile(rf"{_D}{_BY}(?:(?:in|during)\s+)?(?P<y>{_YEAR_RE})(?![\d年-])"),
        _en_year,
    ),
]


class _fake(dict):
    """A match with some groups renamed, for patterns with alternatives."""

    def __init__(self, match: re.Match, **groups: str | None):
        super().__init__(match.groupdict())
        self.update(groups)

    def __getitem__(self, key):
        return self.get(key)


def _english(text: str, written_on: date) -> list[Deadline]:
    found = []
    for pattern, reader in _ENGLISH_PATTERNS:
        for m in pattern.finditer(text):
            try:
                start, end, precision, by_end = reader(m, written_on)
            except (ValueError, KeyError):
                continue
            # "before 2028" ends 2028-12-31, as 2028年之前 does (README,
            # Article intake: one meaning for both languages).
            if m.groupdict().get("by") or by_end:
                start = by_start(written_on, end, precision)
            found.append(Deadline(start, end, precision, m[0], m.start(), m.end()))
    return found
