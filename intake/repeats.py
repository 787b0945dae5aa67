"""Find tracked claims that a new sentence repeats.

Character bigrams and trigrams work for Chinese without a word segmenter and
for English alike, and a bag of them ignores word order. Numbers are pulled
out first and weigh heavily: "小米AI团队超过1200人" and "超过1200人的小米AI团队"
are the same claim; "超过1000人" is a different one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

NUMBER_WEIGHT = 6.0
# A match at or above this similarity is offered to the editor.
MATCH_THRESHOLD = 0.55
# Quotes shorter than this (normalised characters) are too short to be found
# inside a longer sentence reliably.
MIN_CONTAINED_LENGTH = 8

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub("", text)


def features(text: str) -> Counter[str]:
    """Weighted character bigrams and trigrams, and the numbers."""
    text = unicodedata.normalize("NFKC", text).lower()
    bag: Counter[str] = Counter()
    for number in _NUMBER.findall(text):
        bag["#" + number.replace(",", "")] += NUMBER_WEIGHT
    letters = _NOT_WORD.sub("", _NUMBER.sub("0", text))
    for size in (2, 3):
        for index in range(len(letters) - size + 1):
            bag[letters[index : index + size]] += 1.0
    return bag


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b[key] for key, weight in a.items() if key in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(
        sum(w * w for w in b.values())
    )
    return dot / norm if norm else 0.0


def containment(part: Counter[str], whole: Counter[str]) -> float:
    """How much of ``part`` (weighted) is found in ``whole``."""
    total = sum(part.values())
    if not total:
        return 0.0
    return sum(min(weight, whole.get(key, 0.0)) for key, weight in part.items()) / total


def similarity(new_text: str, tracked_text: str) -> float:
    """0..1: how likely ``new_text`` repeats the claim worded ``tracked_text``.

    Either the two read alike as a whole (cosine), or the tracked wording, a
    short quote, is found almost entirely inside the new, longer sentence.
    """
    new, tracked = features(new_text), features(tracked_text)
    score = cosine(new, tracked)
    if len(normalise(tracked_text)) >= MIN_CONTAINED_LENGTH:
        score = max(score, containment(tracked, new) * 0.95)
    new_numbers = {key for key in new if key.startswith("#")}
    tracked_numbers = {key for key in tracked if key.startswith("#")}
    if new_numbers and tracked_numbers:
        # Different numbers make a different claim, however alike the words.
        shared = len(new_numbers & tracked_numbers) / len(tracked_numbers)
        score *= 0.5 + 0.5 * shared
    return round(score, 3)


@dataclass(frozen=True)
class TrackedText:
    claim_id: int
    text: str


@dataclass(frozen=True)
class Match:
    claim_id: int
    similarity: float


class RepeatIndex:
    """Tracked claims' wordings, ready to be compared with new sentences."""

    def __init__(self, tracked: Iterable[TrackedText]):
        self.entries: list[tuple[int, str, Counter[str]]] = []
        self.by_trigram: dict[str, set[int]] = {}
        for entry in tracked:
            if not entry.text.strip():
                continue
            index = len(self.entries)
            bag = features(entry.text)
            self.entries.append((entry.claim_id, entry.text, bag))
            for key in bag:
                if len(key) == 3 or key.startswith("#"):
                    self.by_trigram.setdefault(key, set()).add(index)

    def best(self, text: str, *, threshold: float = MATCH_THRESHOLD) -> Match | None:
        """The tracked claim ``text`` most resembles, if any reaches threshold."""
        bag = features(text)
        near: set[int] = set()
        for key in bag:
            near |= self.by_trigram.get(key, set())
        best: Match | None = None
        for index in near:
            claim_id, tracked_text, _ = self.entries[index]
            score = similarity(text, tracked_text)
            if score >= threshold and (best is None or score > best.similarity):
                best = Match(claim_id, score)
        return best
