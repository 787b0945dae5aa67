"""What a reader sees of a claim in their language: text and labels.

Bilingual fields come in pairs, and the pair says which language each half
is in:

- ``<field>_zh`` and ``<field>_en`` (a rating's or reason code's ``label``,
  a rating's ``description``): one field per language;
- ``<field>`` and ``<field>_en`` for what the newsroom writes (a speaker's or
  topic's ``name``, a speaker's ``description``, a claim's
  ``rating_explanation``, ``analysis``, ``attribution_note`` and
  ``retraction_reason``, an evidence item's ``note``, a rating change's
  ``reason``): ``<field>`` is Chinese, the site's first language,
  ``<field>_en`` its English version;
- ``<field>`` and ``<field>_en`` for what is quoted as made (a claim's
  ``text`` and ``quote``, an article's or evidence item's ``title`` and
  ``publisher``): ``<field>`` is in the object's original language
  (``original_language``), ``<field>_en`` its English version.

``in_language`` is the one place the choice is made, for pages, feeds,
ClaimReview, the API and mails alike: the version in the reader's language;
when there is none, the original, never silently swapped: the result says
the language it is in (``LocalText.language``) and that it stands in for a
missing version (``LocalText.is_fallback``), so a page marks it with ``lang``
and a small "original" label.

Free text written once in no recorded language is in the language its
script shows: ``as_written``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy

from claims.models.choices import ClaimKind, Language, LinkHealth, Stance

CHINESE = Language.CHINESE.value
ENGLISH = Language.ENGLISH.value

# Unsuffixed fields written in their object's original language, as made.
AS_MADE_FIELDS = frozenset({"text", "quote", "title", "publisher"})


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text, the language it is in (``zh-hans`` or ``en``) and the
    language the reader asked for.

    Shows as its text in templates and is false when the text is empty.
    """

    text: str
    language: str
    # Not part of equality: the same text in the same language is equal,
    # whoever asked for it.
    requested: str = dataclass_field(default="", compare=False)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def is_fallback(self) -> bool:
        """The reader's version is missing: this is the original, in the
        other language, to be marked as such."""
        return bool(self.text) and self.language != (self.requested or self.language)


def language_code(language: str | None = None) -> str:
    """The site's code for ``language``: ``zh-hans`` for any Chinese, ``en``
    for anything else. None means the active language, and English while
    translation is off (the language of the untranslated strings)."""
    language = language or get_language() or ENGLISH
    return CHINESE if language.lower().startswith("zh") else ENGLISH


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# Quotations and asides: an English note quoting the Chinese it checks, or a
# Chinese title with an English name in brackets, keeps its own language.
_QUOTED = re.compile(
    r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’|「[^」]*」" r"|\([^)]*\)|（[^）]*）"
)


def as_written(text: str) -> LocalText:
    """``text``, of no recorded language, with the language its script
    shows: Chinese when, outside quotes and brackets, Chinese characters
    outnumber a quarter of the Latin letters (about one character a word),
    else English."""
    outside = _QUOTED.sub("", text or "")
    chinese = len(_HAN.findall(outside))
    if chinese and chinese * 4 > len(_LATIN.findall(outside)):
        return LocalText(text or "", CHINESE)
    return LocalText(text or "", ENGLISH)


def user_language(user) -> str:
    """The language a user reads mails in: the account's own ``language``
    where it has one, else the site's default language."""
    return language_code(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def original_language(obj) -> str:
    """The language ``obj`` was made in: its ``language`` when it has one
    (claims, articles, evidence), else Chinese, the site's first language."""
    return language_code(getattr(obj, "language", None) or CHINESE)


def field_language(obj, field: str) -> str:
    """The language of the unsuffixed ``obj.<field>``: the original language
    for text quoted as made, Chinese for what the newsroom writes."""
    return original_language(obj) if field in AS_MADE_FIELDS else CHINESE


def _versions(obj, field: str) -> tuple[LocalText, ...]:
    """Every version of ``obj.<field>``, the original first."""
    if hasattr(obj, f"{field}_zh"):
        return (
            LocalText(getattr(obj, f"{field}_zh") or "", CHINESE),
            LocalText(getattr(obj, f"{field}_en", "") or "", ENGLISH),
        )
    original = LocalText(getattr(obj, field, "") or "", field_language(obj, field))
    english = getattr(obj, f"{field}_en", None)
    if english is None:
        return (original,)
    return (original, LocalText(english or "", ENGLISH))


def in_language(obj, field: str, language: str | None = None) -> LocalText:
    """``obj.<field>`` as a reader of ``language`` (default: the active
    language) should see it, and the language it is actually in.

    The version in the reader's language when there is one (the original
    first, as made), else the original (the first version that exists),
    with ``is_fallback`` set; empty when no version exists.
    """
    wanted = language_code(language)
    versions = [version for version in _versions(obj, field) if version]
    for version in versions:
        if version.language == wanted:
            return LocalText(version.text, version.language, wanted)
    if not versions:
        return LocalText("", wanted, wanted)
    return LocalText(versions[0].text, versions[0].language, wanted)


# Chinese characters with the punctuation and full-width forms written
# among them: a run of these inside English text is Chinese.
CHINESE_RUN = re.compile(
    "[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
    "(?:[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef0-9]*"
    "[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])?"
)


def chinese_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked True when it is a run of
    Chinese (a Chinese term quoted in English text: “成长”, 64亿)."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in CHINESE_RUN.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


# The label beside a text shown in its original language because the
# reader's version is missing ("原文" for Chinese readers).
ORIGINAL_LABEL = pgettext_lazy("text shown untranslated", "original")


def original_label() -> str:
    """The "original" label, in the active language."""
    return str(ORIGINAL_LABEL)


def marked(text: LocalText) -> str:
    """``text`` for plain-text output (feeds, mails): as it is, or followed
    by the "original" label and its language when it stands in for the
    reader's missing version, e.g. "小米汽车 [原文, zh-hans]"."""
    if not text.is_fallback:
        return text.text
    return f"{text.text} [{original_label()}, {text.language}]"


# Reader-facing names of the model's choices. Separate message contexts keep
# the admin's and the services' strings (some stored in history) untouched.
KIND_LABELS = {
    ClaimKind.STATISTIC: pgettext_lazy("claim kind", "Statistic"),
    ClaimKind.PREDICTION: pgettext_lazy("claim kind", "Prediction"),
    ClaimKind.PROMISE: pgettext_lazy("claim kind", "Promise"),
    ClaimKind.ATTRIBUTION: pgettext_lazy("claim kind", "Attribution"),
    ClaimKind.RANKING: pgettext_lazy("claim kind", "Ranking"),
    ClaimKind.FACT: pgettext_lazy("claim kind", "Fact"),
    ClaimKind.OPINION: pgettext_lazy("claim kind", "Opinion"),
}
HEALTH_LABELS = {
    LinkHealth.UNCHECKED: pgettext_lazy("link health", "not checked yet"),
    LinkHealth.OK: pgettext_lazy("link health", "working"),
    LinkHealth.CHANGED: pgettext_lazy("link health", "content changed"),
    LinkHealth.MOVED: pgettext_lazy("link health", "moved"),
    LinkHealth.DEAD: pgettext_lazy("link health", "dead"),
    LinkHealth.BLOCKED: pgettext_lazy("link health", "blocked"),
}
# A link that has been checked but has no health yet: every check so far was
# inconclusive (cut off by the time limit, a failing resolver, one 404 that
# needs a second). "Not checked yet" beside a date of last check would
# contradict itself.
NO_RESULT_YET = pgettext_lazy("link health", "no result yet")
STANCE_LABELS = {
    Stance.SUPPORTS: pgettext_lazy("evidence stance", "Supports"),
    Stance.REFUTES: pgettext_lazy("evidence stance", "Refutes"),
    Stance.CONTEXT: pgettext_lazy("evidence stance", "Context"),
}


def kind_label(kind: str) -> str:
    """A claim kind as readers see it, in the active language."""
    return str(KIND_LABELS.get(kind, kind))


def health_label(health: str) -> str:
    """A link's health as readers see it, in the active language."""
    return str(HEALTH_LABELS.get(health, health))


def link_health_label(evidence) -> str:
    """An evidence link's health as readers see it, consistent with its date
    of last check (``Evidence.last_checked_at``)."""
    if evidence.health == LinkHealth.UNCHECKED and evidence.last_checked_at:
        return str(NO_RESULT_YET)
    return health_label(evidence.health)


def stance_label(stance: str) -> str:
    """What an evidence item does for the claim, in the active language."""
    return str(STANCE_LABELS.get(stance, stance))
