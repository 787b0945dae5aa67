"""Chinese time expressions: JioNLP's time extractor and its corrections.

A few patterns of this module's own come first, for wording JioNLP cannot
parse or ends differently from the tracker's convention (年内, N年内, 未来N年,
"2025年6月或7月", a bare month); then JioNLP's readings, each corrected by
:func:`_correct_jionlp`: a bare month already past in a prediction means next
year's, "截至" / "前" / "底" make a "by" window.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import re
from datetime import date
from types import ModuleType

from .calendar import (
    DAY,
    MONTH,
    YEAR,
    Deadline,
    add_years,
    by_start,
    month_end,
    next_year_for_month,
    precision_of_window,
)
from .numerals import number_value

# The package's logger, as before the split: log lines keep their name.
logger = logging.getLogger(__package__)


@functools.cache
def jionlp() -> ModuleType:
    """JioNLP, imported once, its import banner kept out of the logs."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        import jionlp as module
    return module


_CN_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_EXPLICIT_YEAR = re.compile(r"\d{2,4}\s*年|[今明去前后本]年|年度")
_BY_SUFFIX = re.compile(r"^\s*(?:之前|以前|之内|以内|前|内)")
# 到2025年, 截至2024年底: "by"; not 从2024年到2025年, which is a range.
_BY_PREFIX = re.compile(r"(?<![年月日度])(?:截至|截止到|截止|到|不晚于|最迟)\s*$")
_END_OF = re.compile(r"[底末]")
_ACTION_START = re.compile(r"(?<=[年月日号底末])(?:开始|起)")
_CHINESE_HINT = re.compile(r"[年月日季度底内前今明后周]")


def _cn_years_within(m: re.Match, written_on: date) -> Deadline:
    count = number_value(m["n"] or m["n2"]) or 1
    target = add_years(written_on, count)
    return Deadline(
        written_on, month_end(target.year, target.month), MONTH, m[0], *m.span()
    )


def _cn_this_year_within(m: re.Match, written_on: date) -> Deadline:
    return Deadline(written_on, date(written_on.year, 12, 31), YEAR, m[0], *m.span())


def _cn_bare_month(m: re.Match, written_on: date) -> Deadline:
    month = number_value(m["m"])
    if not month or not 1 <= month <= 12:
        raise ValueError(m[0])
    year = next_year_for_month(month, written_on)
    start, end = date(year, month, 1), month_end(year, month)
    if m["by"]:
        start = written_on
    return Deadline(start, end, MONTH, m[0], *m.span())


def _cn_month_or_month(m: re.Match, written_on: date) -> Deadline:
    year = int(m["y"])
    first, last = int(m["m1"]), int(m["m2"])
    if not 1 <= first <= last <= 12:
        raise ValueError(m[0])
    return Deadline(date(year, first, 1), month_end(year, last), MONTH, m[0], *m.span())


_CHINESE_PATTERNS = [
    # 三年内, 未来两年, 今后5年: JioNLP ends these at a year's end or a day
    # early; the tracker's convention is the end of the month N years on.
    (
        re.compile(
            rf"(?:(?:未来|今后|接下来的?)\s*(?P<n>{_CN_NUM})\s*(?:个)?年(?:之?内|时间)?"
            rf"|(?<![\d年])(?P<n2>{_CN_NUM})\s*年(?:之|以)?内)"
        ),
        _cn_years_within,
    ),
    # 年内 on its own (JioNLP cannot parse it): by the end of the article's year.
    (
        re.compile(r"今年年?内|本年度?内|(?<![\d一二两三四五六七八九十今本明去])年内"),
        _cn_this_year_within,
    ),
    # 2025年6月或7月: one span from June to July.
    (
        re.compile(
            r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月(?:份)?\s*(?:或者|或|至|到|-|—|~|、)"
            r"\s*(?P<m2>\d{1,2})\s*月(?:份)?"
        ),
        _cn_month_or_month,
    ),
    # 9月, 9月前 with no year: JioNLP refuses a bare month.
    (
        re.compile(
            r"(?<![\d年月日一二两三四五六七八九十])(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])"
            r"\s*月(?:份)?(?P<by>之前|以前|前|底前|底|末)?(?![\d日号])"
        ),
        _cn_bare_month,
    ),
]


def _jionlp_hits(text: str, written_on: date) -> list[Deadline]:
    if not _CHINESE_HINT.search(text):
        return []
    base = {
        "year": written_on.year,
        "month": written_on.month,
        "day": written_on.day,
        "hour": 0,
        "minute": 0,
        "second": 0,
    }
    # "6月底开始交付": JioNLP reads "6月底开始" as a span from June to today;
    # the start of an action is not part of its time. Masked, offsets kept.
    masked = _ACTION_START.sub(lambda m: "　" * len(m[0]), text)
    try:
        hits = jionlp().ner.extract_time(masked, time_base=base, with_parsing=True)
    except Exception:  # a third-party parser: one bad sentence must not stop intake
        logger.warning("JioNLP could not read time expressions in %r", text[:80])
        return []
    found = []
    for hit in hits:
        detail = hit.get("detail") or {}
        if hit.get("type") not in ("time_point", "time_span"):
            continue
        window = detail.get("time")
        if not isinstance(window, list) or len(window) != 2:
            continue
        begin, stop = hit["offset"]
        try:
            found.append(
                _correct_jionlp(text, begin, stop, window[0], window[1], written_on)
            )
        except ValueError:
            continue
    return found


def _correct_jionlp(
    text: str, begin: int, stop: int, first: str, last: str, written_on: date
) -> Deadline:
    words = text[begin:stop]
    if last in ("inf", "-inf"):
        raise ValueError(words)
    end = date.fromisoformat(last[:10])
    start = written_on if first in ("inf", "-inf") else date.fromisoformat(first[:10])
    precision = precision_of_window(start, end)
    by = first in ("inf", "-inf")
    prefix = _BY_PREFIX.search(text[:begin])
    if prefix:
        by = True
        begin = prefix.start()
        words = text[begin:stop]
    suffix = _BY_SUFFIX.match(text[stop:])
    if suffix:
        stop += suffix.end()
        words = text[begin:stop]
    if suffix or re.search(r"(?:之?前|以前|之?内|以内)$", words):
        by = True
    if _END_OF.search(words):
        # 年底, 6月底, 年末: "by the end of" the year or month.
        by = True
        if re.search(r"年[底末]", words):
            precision, end = YEAR, date(end.year, 12, 31)
        else:
            precision, end = MONTH, month_end(end.year, end.month)
    elif by:
        precision = precision_of_window(
            *(
                (date(end.year, 1, 1), end)
                if end.month == 12 and end.day == 31
                else (end.replace(day=1), end)
            )
        )
    if not _EXPLICIT_YEAR.search(words) and end < written_on and precision != DAY:
        # A month or season named without a year and already past: in a
        # prediction it means the next one.
        end = month_end(end.year + 1, end.month)
        start = add_years(start, 1)
    if by:
        start = by_start(written_on, end, precision)
    return Deadline(start, end, precision, words, begin, stop)


def _chinese(text: str, written_on: date) -> list[Deadline]:
    found = []
    for pattern, reader in _CHINESE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                found.append(reader(m, written_on))
            except ValueError:
                continue
    return found + _jionlp_hits(text, written_on)
