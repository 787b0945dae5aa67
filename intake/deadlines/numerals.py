"""Counts written as digits, Chinese numerals or English words.

Both languages' readers take their counts from :func:`number_value`, so it
lives apart from either.
"""

from __future__ import annotations

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
