"""Text into search tokens, a query into search terms: the same rules for both.

Both sides are folded alike: Unicode compatibility forms (full-width letters
and digits), lower case, Traditional characters to Simplified (OpenCC
``t2s``, character by character, so a position in the folded text is a
position in the original). Then:

- Chinese runs are indexed as their characters, their character pairs
  (bigrams) and the longer words jieba finds; a query's Chinese words (jieba)
  match a word or the sequence of its bigrams, so any word is found inside
  a run written without spaces.
- Chinese numerals of two characters or more (一千二百) are also indexed as
  their digits (1200), and a thousands separator is dropped (1,200 → 1200).
- Other words are split at hyphens, dots and apostrophes (C-Eval: c, eval,
  matched as a phrase); English words lose plural and -ed/-ing endings
  (``stem``), so cars finds car.

The database sees only tokens separated by spaces: its own parser has nothing
left to split (PostgreSQL's ``simple`` configuration, SQLite FTS5's
``unicode61`` tokenizer).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Any Chinese character (a passage with one is marked as Chinese).
HAN_RE = re.compile(f"[{HAN}]")
_LETTER = rf"(?:(?![{HAN}])[^\W_])"
_TOKEN = re.compile(rf"(?P<han>[{HAN}]+)|(?P<word>{_LETTER}+(?:[-.,'’&+/]{_LETTER}+)*)")
_PART = re.compile(rf"{_LETTER}+")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千万亿]{2,}")
_VOWEL = re.compile("[aeiouy]")

# Longest query read, in characters, and most terms: a query is a few words.
QUERY_MAX_CHARS = 200
QUERY_MAX_TERMS = 16

Phrase = tuple[str, ...]
# One query word: the phrases any one of which matches it.
Term = tuple[Phrase, ...]


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    if any("\u3400" <= c <= "\ufaff" for c in folded):
        folded = _converter().convert(folded)
    return folded


class _FoldTable(dict):
    """``str.translate``'s table of ``_fold_char``, filled as characters are
    met (a text is then folded at the speed of C, not a call a character);
    ``_UNEVEN`` holds those that do not fold to exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        # Marked uneven before it is in the table: a request on another
        # thread that finds it there also finds it marked.
        if len(folded) != 1:
            _UNEVEN.add(char)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_UNEVEN: set[str] = set()


def fold(text: str) -> tuple[str, Sequence[int]]:
    """``text`` folded, and for each folded character the index of the
    original character it came from."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded = text.translate(_FOLD_TABLE)
    # Most characters fold to one character each: then each folded one
    # comes from the original at the same index.
    if _UNEVEN.isdisjoint(text):
        return folded, range(len(text))
    parts = list(map(_fold_char, text))
    origin: list[int] = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    return folded, origin


def stem(word: str) -> str:
    """A light English stemmer: plural, -ed and -ing endings, a final e."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            word = base
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _numeral_value(span: str) -> str | None:
    import cn2an

    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float):
        return None if not value.is_integer() else str(int(value))
    return str(value)


def _word_parts(word: str, start: int) -> list[tuple[str, int, int]]:
    """The tokens of a word such as C-Eval, 1,200 or Xiaomi's, with spans."""
    if _GROUPED_NUMBER.fullmatch(word):
        whole, _dot, fraction = word.replace(",", "").partition(".")
        if not fraction:
            return [(whole, start, start + len(word))]
    parts = []
    for part in _PART.finditer(word):
        possessive = part.start() > 0 and word[part.start() - 1] in "'’"
        if possessive and part.group() == "s":
            continue
        parts.append((stem(part.group()), start + part.start(), start + part.end()))
    return parts


def _numbers(run: str) -> Iterator[tuple[str, int, int]]:
    for match in _NUMERAL.finditer(run):
        value = _numeral_value(match.group())
        if value is not None:
            yield value, match.start(), match.end()


def _bigrams(run: str) -> list[str]:
    return [run[index : index + 2] for index in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """``text`` as the space-separated tokens the database indexes."""
    folded, _origin = fold(text)
    tokens: list[str] = []
    for match in _TOKEN.finditer(folded):
        run = match.group("han")
        if run is None:
            tokens.extend(part for part, _s, _e in _word_parts(match.group(), 0))
            continue
        tokens.extend(_bigrams(run))
        tokens.extend(run)
        if len(run) > 2:
            words = _jieba().cut_for_search(run)
            tokens.extend(word for word in words if len(word) > 2)
        tokens.extend(value for value, _s, _e in _numbers(run))
    return " ".join(tokens)


def _han_term(word: str) -> Term:
    if len(word) <= 2:
        return ((word,),)
    return ((word,), tuple(_bigrams(word)))


def query_terms(query: str) -> list[Term]:
    """The terms of a reader's query: every one must match, in any order."""
    folded, _origin = fold(query[:QUERY_MAX_CHARS])
    terms: list[Term] = []
    for match in _TOKEN.finditer(folded):
        run = match.group("han")
        if run is None:
            parts = tuple(part for part, _s, _e in _word_parts(match.group(), 0))
            if parts:
                terms.append((parts,))
            continue
        position = 0
        for value, start, end in [*_numbers(run), ("", len(run), len(run))]:
            for word in _jieba().cut(run[position:start]):
                if word.strip():
                    terms.append(_han_term(word))
            if value:
                terms.append(((value,), *_han_term(run[start:end])))
            position = end
    unique = list(dict.fromkeys(terms))
    return unique[:QUERY_MAX_TERMS]


# --- Highlighting ---------------------------------------------------------------


def _phrase_text(phrase: Phrase) -> str:
    """The Chinese text a phrase of bigrams (or one token) stands for."""
    return phrase[0] + "".join(bigram[1:] for bigram in phrase[1:])


def _is_han(token: str) -> bool:
    return bool(re.fullmatch(f"[{HAN}]+", token))


@dataclass(frozen=True)
class _Matcher:
    """What ``match_spans`` looks for, worked out once per query."""

    han_words: frozenset[str]
    singles: frozenset[str]
    sequences: tuple[Phrase, ...]
    # Strings one of which a folded text holds wherever a term matches in
    # it (None when a number may match: 1,200 and 一千二百 both give 1200).
    clues: tuple[str, ...] | None


def _clue(token: str) -> str | None:
    """A string every word whose token is ``token`` contains: the token
    but its last letter (``stem`` changes at most that one: studies ->
    study), the whole token when ``stem`` leaves it as it is."""
    if token.isdigit():
        return None
    return token[:-1] if len(token) > 3 else token


@functools.lru_cache(maxsize=256)
def _matcher(terms: tuple[Term, ...]) -> _Matcher:
    phrases = [phrase for term in terms for phrase in term]
    han_words = frozenset(_phrase_text(p) for p in phrases if all(map(_is_han, p)))
    singles = frozenset(p[0] for p in phrases if len(p) == 1 and not _is_han(p[0]))
    sequences = tuple(p for p in phrases if len(p) > 1 and not all(map(_is_han, p)))
    clues: list[str | None] = [*han_words, *map(_clue, singles)]
    clues += [_clue(sequence[0]) for sequence in sequences]
    return _Matcher(
        han_words=han_words,
        singles=singles,
        sequences=sequences,
        clues=None if None in clues else tuple(dict.fromkeys(clues)),  # type: ignore[arg-type]
    )


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where ``terms`` match in ``text``: sorted, merged (start, end) spans
    of the original text."""
    folded, origin = fold(text)
    matcher = _matcher(tuple(terms))
    # Most texts of a result match nothing: a substring test says so
    # before the text is split into words.
    if matcher.clues is not None and not any(c in folded for c in matcher.clues):
        return []
    han_words, singles = matcher.han_words, matcher.singles
    sequences = matcher.sequences
    spans: list[tuple[int, int]] = []
    parts: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(folded):
        run = match.group("han")
        if run is None:
            parts.extend(_word_parts(match.group(), match.start()))
            continue
        for word in han_words:
            found = run.find(word)
            while found >= 0:
                spans.append((match.start() + found, match.start() + found + len(word)))
                found = run.find(word, found + 1)
        for value, start, end in _numbers(run):
            if value in singles:
                spans.append((match.start() + start, match.start() + end))
    tokens = [token for token, _start, _end in parts]
    spans.extend((start, end) for token, start, end in parts if token in singles)
    for sequence in sequences:
        for index in range(len(parts) - len(sequence) + 1):
            if tuple(tokens[index : index + len(sequence)]) == sequence:
                spans.append((parts[index][1], parts[index + len(sequence) - 1][2]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        begin, finish = origin[start], origin[end - 1] + 1
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def highlight(text: str, terms: list[Term], *, width: int = 160) -> str | None:
    """``text`` (plain text) escaped, with ``<mark>`` around each match of
    ``terms``, cut to about ``width`` characters around the first match;
    None when nothing in it matches."""
    text = " ".join(text.split())
    spans = match_spans(text, terms)
    if not spans:
        return None
    begin, end = 0, len(text)
    if len(text) > width:
        begin = max(0, spans[0][0] - width // 3)
        end = min(len(text), begin + width)
    pieces = ["…" if begin > 0 else ""]
    position = begin
    for start, finish in spans:
        if finish <= begin or start >= end:
            continue
        end = max(end, finish)  # never cut a match in two
        start = max(start, begin)
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:finish])}</mark>")
        position = finish
    pieces.append(html.escape(text[position:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
