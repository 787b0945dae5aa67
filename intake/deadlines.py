"""Time expressions in Chinese and English read into deadline windows.

Chinese expressions go through JioNLP's time extractor, then through a thin
layer of corrections for its edge cases: a bare month already past in a
prediction means next year's ("6月底" written in August is next June), "或"
joins two expressions into one span ("2025年6月或7月"), "年内" and "年底" run
from the article's date to the end of its year, "N年内" / "未来N年" end N years
after the article's date. English expressions are read by the patterns below.

Every window is a :class:`Deadline`: first and last day, a precision
(``claims.models.DuePrecision`` values) and the words it came from.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import io
import logging
import re
from dataclasses import dataclass
from datetime import date
from types import ModuleType

logger = logging.getLogger(__name__)

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


@functools.cache
def jionlp() -> ModuleType:
    """JioNLP, imported once, its import banner kept out of the logs."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        import jionlp as module
    return module


# --- calendar helpers ---------------------------------------------------------


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


# --- numbers --------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "a couple of": 2,
}


def number_value(word: str) -> int | None:
    """1, 12, 三, 十二, 二十, "three": the value, or None."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    if not word or any(ch not in _CN_DIGITS and ch != "十" for ch in word):
        return None
    if "十" in word:
        tens, _, units = word.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (
            _CN_DIGITS[units] if units else 0
        )
    if len(word) == 1:
        return _CN_DIGITS[word]
    return None


# --- English ----------------------------------------------------------------------

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
    year = int(m["y"]) if m["y"] else _next_year_for_month(month, written_on)
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
    year = int(m["y"]) if m["y"] else _next_year_for_month(month, written_on)
    return date(year, month, 1), month_end(year, month), MONTH, False


def _en_year(m: re.Match, written_on: date) -> tuple[date, date, str, bool]:
    year = int(m["y"])
    return (*year_window(year), YEAR, False)


def _next_year_for_month(month: int, written_on: date) -> int:
    """A month named without a year: this year's, or next year's once past."""
    if month_end(written_on.year, month) < written_on:
        return written_on.year + 1
    return written_on.year


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
            by = (m.groupdict().get("by") or "").lower()
            if by == "before" and precision == YEAR and not by_end:
                end = date(end.year - 1, 12, 31)
            if by or by_end:
                start = min(written_on, end)
            found.append(Deadline(start, end, precision, m[0], m.start(), m.end()))
    return found


# --- Chinese ----------------------------------------------------------------------

_CN_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_EXPLICIT_YEAR = re.compile(r"\d{2,4}\s*年|[今明去前后本]年|年度")
_BY_SUFFIX = re.compile(r"^\s*(?:之前|以前|之内|以内|前|内)")
# 到2025年, 截至2024年底: "by"; not 从2024年到2025年, which is a range.
_BY_PREFIX = re.compile(r"(?<![年月日度])(?:截至|截止到|截止|到|不晚于|最迟)\s*$")
_END_OF = re.compile(r"[底末]")
_JOINER = re.compile(
    r"^\s*(?:或者说是|或者说|或者|或是|或|至|到|~|～|-|—|–|、|and|or|to)\s*$", re.I
)
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
    year = _next_year_for_month(month, written_on)
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
    try:
        hits = jionlp().ner.extract_time(text, time_base=base, with_parsing=True)
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
        start = min(written_on, end)
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


# --- public -------------------------------------------------------------------------


def find_time_expressions(text: str, *, written_on: date) -> list[Deadline]:
    """Every time expression in ``text``, read as a deadline window.

    Overlapping readings keep the longest (on a tie, this module's own reading
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
    """The deadline a prediction or promise sets: its latest future window."""
    future = [
        d
        for d in find_time_expressions(sentence, written_on=written_on)
        if d.end >= written_on
    ]
    if not future:
        return None
    return max(future, key=lambda d: (d.end, -PRECISION_ORDER.index(d.precision)))
