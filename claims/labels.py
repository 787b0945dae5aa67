"""What a reader sees of a claim in their language: text and labels.

Bilingual fields come in pairs, and the pair says which language each half
is in:

- ``<field>_zh`` and ``<field>_en`` (a rating's or reason code's ``label``,
  a rating's ``description``): one field per language;
- ``<field>`` and ``<field>_en`` (a speaker's or topic's ``name``, a
  speaker's ``description``, a claim's ``rating_explanation``): ``<field>``
  is Chinese, the site's first language, ``<field>_en`` its English version;
- a claim's ``text`` and ``quote``, an article's ``title``: written as they
  were made, in the object's own ``language``; ``text_en`` is the English
  rendering of ``text``.

``in_language`` is the one place that choice is made, for pages, feeds and
ClaimReview alike. It also says which language the chosen text is in, so a
page can mark text that is not in the page's language with ``lang``.

Free text written once in no recorded language (an evidence source's title,
publisher and note, a public reason for a re-rating or retraction) is in the
language its script shows: ``as_written``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language, pgettext_lazy

from claims.models.choices import ClaimKind, Language, LinkHealth, Stance

CHINESE = Language.CHINESE.value
ENGLISH = Language.ENGLISH.value

# Unsuffixed fields written in their object's own ``language``, as made.
AS_MADE_FIELDS = frozenset({"text", "quote", "title"})


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text and the language it is in (``zh-hans`` or ``en``).

    Shows as its text in templates and is false when the text is empty.
    """

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


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


def _versions(obj, field: str) -> tuple[LocalText, ...]:
    """Every version of ``obj.<field>``, the original first."""
    if hasattr(obj, f"{field}_zh"):
        return (
            LocalText(getattr(obj, f"{field}_zh") or "", CHINESE),
            LocalText(getattr(obj, f"{field}_en", "") or "", ENGLISH),
        )
    original_language = CHINESE
    if field in AS_MADE_FIELDS:
        original_language = language_code(getattr(obj, "language", None))
    original = LocalText(getattr(obj, field, "") or "", original_language)
    english = getattr(obj, f"{field}_en", None)
    if english is None:
        return (original,)
    return (original, LocalText(english or "", ENGLISH))


def in_language(obj, field: str, language: str | None = None) -> LocalText:
    """``obj.<field>`` as a reader of ``language`` (default: the active
    language) should see it, and the language it is actually in.

    The version in the reader's language when there is one (the original
    first, as made), else whichever version exists; empty when none does.
    """
    wanted = language_code(language)
    versions = [version for version in _versions(obj, field) if version]
    for version in versions:
        if version.language == wanted:
            return version
    return versions[0] if versions else LocalText("", wanted)


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
