"""A fetched page reduced to comparable text: extraction, normalisation,
hashing and diffs.

Nothing here imports Django (or the network): it works on bytes and strings.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date

import trafilatura

# Lines that change without the article changing: update stamps, counters.
_VOLATILE = re.compile(
    r"更新时间|更新于|最后更新|最近更新|阅读量|阅读数|阅读次数|浏览量|浏览次数|"
    r"点击量|点击数|播放量|人阅读|次浏览|次阅读|^\s*(阅读|浏览|点击|评论|点赞|收藏|分享)"
    r"\s*[:：]?\s*[\d,.]+\s*[万千kK+]?\s*$|"
    r"\b(last )?updated\b|\b\d[\d,.]*\s*(views|reads)\b",
    re.IGNORECASE,
)
# Volatile lines are short; a paragraph that mentions "updated" is content.
_VOLATILE_MAX_LENGTH = 80
_SPACE = re.compile(r"\s+")


def _today_patterns(today: date) -> re.Pattern[str]:
    y, m, d = today.year, today.month, today.day
    forms = [
        rf"{y}\s*[-/.]\s*0?{m}\s*[-/.]\s*0?{d}(?!\d)",
        rf"{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日",
        rf"(?<!\d)0?{m}\s*月\s*0?{d}\s*日",
    ]
    return re.compile("|".join(forms))


def extract_text(body: bytes, *, content_type: str = "text/html") -> str:
    """The main text of a page, from its raw bytes (so GBK pages decode)."""
    if not body:
        return ""
    if content_type == "text/plain":
        for encoding in ("utf-8", "gb18030"):
            try:
                return body.decode(encoding)
            except UnicodeDecodeError:
                continue
        return body.decode("utf-8", errors="replace")
    text = trafilatura.extract(body, include_comments=False, include_tables=True)
    if not text:
        text = trafilatura.html2txt(body) or ""
    return text


def normalise_text(text: str, *, today: date) -> str:
    """The text reduced to what should count as a change.

    Whitespace is collapsed, and short lines that change on their own (update
    times, view counters, today's date) are dropped.
    """
    today_pattern = _today_patterns(today)
    kept = []
    for raw_line in text.splitlines():
        line = _SPACE.sub(" ", raw_line).strip()
        if not line:
            continue
        if len(line) <= _VOLATILE_MAX_LENGTH and (
            _VOLATILE.search(line) or today_pattern.search(line)
        ):
            continue
        kept.append(line)
    return "\n".join(kept)


def content_hash(normalised_text: str) -> str:
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


def text_diff(old: str, new: str, *, limit: int = 4000) -> str:
    """A unified diff of two normalised texts, cut at ``limit`` characters."""
    lines = difflib.unified_diff(
        old.splitlines(),
        new.splitlines(),
        fromfile="before",
        tofile="after",
        lineterm="",
        n=1,
    )
    diff = "\n".join(lines)
    if len(diff) > limit:
        diff = diff[:limit] + "\n… (diff cut)"
    return diff
