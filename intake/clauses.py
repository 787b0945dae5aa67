"""A sentence holding several checkable statements, cut into its clauses.

"陈立明称，公司将在明年第三季度推出新机型，并计划在2028年之前建成第二工厂。"
holds two promises with two deadlines. A sentence is cut where it lists,
separated by ，/,/、 (Chinese) or ", and" / "and" / ";" (English), two or more
pieces that each carry their own time expression and words of their own
beside it (a verb and its object: "6月覆盖20座城市", not a bare "7月").

Each clause keeps its place in the sentence (its quote span) and gets a
wording of its own for the claim: the pieces before the first clause
("陈立明称，") are said of every clause, and a clause that starts without a
subject ("并计划在2028年之前…", "6月覆盖20座城市", "open 300 stores by 2027")
takes the first clause's subject, with its modal ("将", "计划", "will") when it
has none of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a Chinese sentence may be cut: ，, and 、 (not a comma inside 1,200).
_CN_CUT = re.compile(r"[，、]|(?<!\d),|,(?!\d)")
_EN_CUT = re.compile(r",?\s+and\s+(?:then\s+)?|;\s+|,\s+(?:while|but)\s+", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")

# A Chinese clause starting with one of these has no subject of its own.
_CN_NO_SUBJECT = re.compile(
    r"^(?:并且|并|同时|还将|还|也|且|再|随后|然后|之后|将|计划|预计|拟|要|会|于|在|"
    r"力争|争取|准备|开始|到|至)"
)
_CN_CONNECTIVE = re.compile(r"^(?:并且|并|同时|且|随后|然后|之后)")
# The modal that a clause without its own shares with the first one.
_CN_MODAL = re.compile(r"将于|将在|将|计划于|计划在|计划|预计|拟|力争|争取|准备|要|会")
_CN_HAS_MODAL = re.compile(r"将|计划|预计|拟|力争|争取|准备|要|会|打算|目标")

_EN_MODAL = re.compile(
    r"\b(?:will|would|plans? to|planned to|expects? to|aims? to|intends? to|"
    r"is set to|are set to|is going to|are going to|has pledged to|pledged to)\b",
    re.I,
)
_EN_SUBJECT_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "it",
        "we",
        "they",
        "he",
        "she",
        "this",
        "that",
        "these",
        "those",
        "our",
        "sales",
        "revenue",
        "profits",
        "prices",
        "shipments",
        "deliveries",
    ]
)


@dataclass(frozen=True)
class Clause:
    start: int  # the quote's span within the sentence
    end: int
    text: str  # the claim's wording: shared prefix and subject carried over


def split_clauses(
    sentence: str, time_spans: list[tuple[int, int]]
) -> list[Clause] | None:
    """The sentence's clauses, or None when it holds one statement only.

    ``time_spans`` are the (start, end) offsets of its time expressions.
    """
    chinese = len(_HAN.findall(sentence)) * 2 >= len(_WORD.findall(sentence))
    cuts = _pieces(sentence, _CN_CUT if chinese else _EN_CUT)
    timed = [
        _has_own_statement(sentence, begin, end, time_spans, chinese)
        for begin, end in cuts
    ]
    if sum(timed) < 2:
        return None
    first = timed.index(True)
    groups: list[list[tuple[int, int]]] = []
    for (begin, end), own in zip(cuts[first:], timed[first:], strict=True):
        if own or not groups:
            groups.append([(begin, end)])
        else:
            groups[-1].append((begin, end))
    prefix = sentence[: cuts[first][0]] if first else ""
    spans = [(group[0][0], group[-1][1]) for group in groups]
    head = _trim(sentence, *spans[0])
    subject, modal = _subject(sentence[head[0] : head[1]], chinese)
    clauses = []
    for index, span in enumerate(spans):
        start, end = _trim(sentence, *span)
        quote = sentence[start:end]
        wording = quote if index == 0 else _carry(quote, subject, modal, chinese)
        clauses.append(Clause(start, end, _close(prefix + wording, sentence)))
    return clauses


def _pieces(sentence: str, cut: re.Pattern[str]) -> list[tuple[int, int]]:
    pieces, cursor = [], 0
    for m in cut.finditer(sentence):
        pieces.append((cursor, m.start()))
        cursor = m.end()
    pieces.append((cursor, len(sentence)))
    return [(begin, end) for begin, end in pieces if end > begin]


def _has_own_statement(
    sentence: str,
    begin: int,
    end: int,
    time_spans: list[tuple[int, int]],
    chinese: bool,
) -> bool:
    inside = [(s, e) for s, e in time_spans if begin <= s and e <= end]
    if not inside:
        return False
    rest = list(sentence[begin:end])
    for s, e in inside:
        for i in range(s - begin, e - begin):
            rest[i] = " "
    words = "".join(rest)
    if chinese:
        return len(_HAN.findall(words)) >= 3
    return len(_WORD.findall(words)) >= 2


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in " \t“\"'":
        start += 1
    while end > start and sentence[end - 1] in " \t。.！!？?；;”\"'":
        end -= 1
    return start, end


def _subject(first: str, chinese: bool) -> tuple[str, str]:
    """The first clause's subject and modal: ("公司", "将"), ("The company", "will")."""
    modal = (_CN_MODAL if chinese else _EN_MODAL).search(first)
    if modal is None:
        return "", ""
    subject = first[: modal.start()].strip()
    if chinese and len(subject) > 20:
        return "", ""
    if not chinese and len(subject.split()) > 8:
        return "", ""
    return subject, modal[0]


def _carry(quote: str, subject: str, modal: str, chinese: bool) -> str:
    if chinese:
        if not _CN_NO_SUBJECT.match(quote) and not _starts_with_time(quote):
            return quote
        body = _CN_CONNECTIVE.sub("", quote)
        if not _CN_HAS_MODAL.search(body[:6]):
            body = modal.rstrip("于在") + body if modal else body
        return subject + body
    first_word = quote.split(" ", 1)[0]
    if not first_word[:1].islower() or first_word.lower() in _EN_SUBJECT_WORDS:
        return quote
    if _EN_MODAL.match(quote):
        return f"{subject} {quote}".strip()
    return f"{subject} {modal} {quote}".strip()


def _starts_with_time(quote: str) -> bool:
    return bool(
        re.match(r"(?:\d{1,4}|[一二两三四五六七八九十明今后本下上]+)\s*[年月季]", quote)
        or quote.startswith(("年底", "年内", "年末", "月底"))
    )


def _close(text: str, sentence: str) -> str:
    """The wording ends as the sentence does (。 or .)."""
    ending = sentence.rstrip()[-1:]
    if ending in "。.！!" and not text.endswith(ending):
        return text + ending
    return text
