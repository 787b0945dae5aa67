"""A stored line diff of evidence text, read back word by word.

``text.text_diff`` stores a unified diff with each flag (whole lines, so a
one-character change in a long Chinese paragraph marks the whole paragraph).
Here each run of removed lines is compared with the added lines that follow
it token by token: words and punctuation for Latin text, jieba's words for
Chinese. An editor sees exactly what was inserted and deleted.

Nothing here imports Django.
"""

from __future__ import annotations

import difflib
import enum
import logging
import re
from dataclasses import dataclass
from functools import cache


class Change(enum.StrEnum):
    SAME = "same"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class Piece:
    """A stretch of text that is the same, inserted or deleted."""

    change: Change
    text: str


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff as shown: its pieces; ``gap`` marks lines left out
    between two parts of the diff, ``cut`` the end of a diff cut short."""

    pieces: tuple[Piece, ...] = ()
    gap: bool = False
    cut: bool = False


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}]+|\s+|[^\w\s]|.", re.DOTALL)
_IS_HAN = re.compile(rf"[{_HAN}]")
CUT_MARK = "… (diff cut)"


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str) -> list[str]:
    """``text`` split into the units a diff compares; they join back to it.

    Chinese runs are cut into words by jieba (a change inside a word marks
    that word); other text into words, spaces and single punctuation marks.
    """
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _IS_HAN.match(token) and len(token) > 1:
            out.extend(_jieba().lcut(token, HMM=False))
        else:
            out.append(token)
    return out


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``: unchanged, deleted, inserted.

    A replaced stretch is shown deleted first, then inserted.
    """
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(Change.SAME, "".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece(Change.DELETED, "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece(Change.INSERTED, "".join(after[b1:b2])))
    return _merged(pieces)


def _merged(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].change == piece.change:
            merged[-1] = Piece(piece.change, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def _split_lines(pieces: list[Piece]) -> list[DiffLine]:
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        first, *rest = piece.text.split("\n")
        if first:
            lines[-1].append(Piece(piece.change, first))
        for part in rest:
            lines.append([Piece(piece.change, part)] if part else [])
    return [DiffLine(pieces=tuple(line)) for line in lines]


def read_unified_diff(diff: str) -> list[DiffLine]:
    """A stored unified diff (``text.text_diff``) as lines with word-level
    insertions and deletions.

    Removed lines followed by added lines are compared as one stretch of
    text; a removal or addition alone is wholly deleted or inserted.
    """
    lines: list[DiffLine] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed or added:
            pieces = word_diff("\n".join(removed), "\n".join(added))
            lines.extend(_split_lines(pieces))
        removed.clear()
        added.clear()

    seen_hunk = False
    for raw in diff.splitlines():
        if raw.startswith(("--- ", "+++ ")) and not seen_hunk:
            continue
        if raw.startswith("@@"):
            flush()
            if seen_hunk:
                lines.append(DiffLine(gap=True))
            seen_hunk = True
        elif raw == CUT_MARK:
            flush()
            lines.append(DiffLine(cut=True))
        elif raw.startswith("-"):
            if added:  # a new change starts after an addition
                flush()
            removed.append(raw[1:])
        elif raw.startswith("+"):
            added.append(raw[1:])
        else:
            flush()
            text = raw[1:] if raw.startswith(" ") else raw
            lines.append(DiffLine(pieces=(Piece(Change.SAME, text),)))
    flush()
    return lines
