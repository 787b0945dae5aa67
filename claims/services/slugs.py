"""Readable slugs, made unique by the database, not by looking first.

``slug_base`` is the one way a name becomes a slug, for speakers, articles,
topics and claims, from every interface (import, intake, admin, API):
Chinese as pinyin (雷军 -> ``lei-jun``), accented Latin letters without
their accents, other scripts by the sound their Unicode names give
(Sinhala, Devanagari, Cyrillic, Hangul, kana, ...), and a text with nothing
readable in it as the fallback word and a short digest of the text, never
a bare ``speaker`` shared by every such name.

Looking for a free slug and then inserting leaves a window in which another
request takes it; two imports of the same headline would then fail with an
IntegrityError. Here the insert itself is the test: each candidate slug is
tried inside a savepoint, and a refusal by the slug's unique index moves on
to ``base-2``, ``base-3``, ...
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

from claims.models import Article, Claim, Speaker, Topic

# The models whose rows are addressed by a slug of their own.
Slugged = Claim | Speaker | Article | Topic

# Bases are cut to leave room for "-" and a number (slugs are 80 long).
BASE_MAX_LENGTH = 70
MAX_ATTEMPTS = 1000


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _pairs(text: str) -> dict[str, str]:
    """Pairs of "letter sound" as a table; a sound of "-" is nothing."""
    words = text.split()
    pairs = zip(words[::2], words[1::2], strict=True)
    return {letter: sound.strip("-") for letter, sound in pairs}


# Alphabets whose Unicode letter names are not their sounds ("EL", "ALPHA"),
# and Latin letters that lose themselves without their accent (ß, ł).
_TABLES = str.maketrans(
    _pairs(
        "ß ss æ ae œ oe ø o ł l đ d þ th "
        "а a б b в v г g д d е e ё e ж zh з z и i й i к k л l м m н n о o п p "
        "р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ъ - ы y ь - э e ю yu "
        "я ya є ye і i ї yi ґ g "
        "α a β v γ g δ d ε e ζ z η i θ th ι i κ k λ l μ m ν n ξ x ο o π p ρ r "
        "σ s ς s τ t υ y φ f χ ch ψ ps ω o ά a έ e ή i ί i ό o ύ y ώ o"
    )
)
# Scripts that write consonants only: the first letter of a letter's name.
_ABJADS = ("ARABIC LETTER ", "HEBREW LETTER ", "SYRIAC LETTER ")


def _sound(char: str) -> str:
    """A letter of a script without a transliteration table, as the sound
    its Unicode name gives: "HANGUL SYLLABLE HAN" is han, "SINHALA LETTER
    ALPAPRAANA KAYANNA" is ka, "DEVANAGARI VOWEL SIGN AA" is aa."""
    name = unicodedata.name(char, "")
    if name.startswith(_ABJADS):
        return name.split(" LETTER ", 1)[1][:1].lower()
    if " LETTER " in name or " SYLLABLE " in name:
        sound = name.rsplit(" ", 1)[-1].lower()
        if sound.endswith("yanna"):  # Sinhala letter names: ka + yanna
            sound = sound[: -len("yanna")]
        return sound
    if " VOWEL SIGN " in name:
        sound = name.rsplit(" ", 1)[-1].lower()
        return sound if sound.isalpha() and len(sound) <= 2 else ""
    return ""


def _kept(run: str) -> Any:
    """pypinyin's ``errors``: characters it cannot read stay as they are."""
    return [run]


def romanised(text: str) -> str:
    """``text`` in Latin letters as far as it can be read: pinyin for Chinese
    characters (one word each), sounds for other non-Latin letters."""
    words: list[str] = []
    for chunk in lazy_pinyin(text, style=Style.NORMAL, errors=_kept):
        if not chunk.isascii() and _HAN.search(chunk) is None:
            chunk = "".join(
                _sound(char)
                if unicodedata.category(char)[0] in "LM"
                and "LATIN" not in unicodedata.name(char, "")
                else char
                for char in chunk.lower().translate(_TABLES)
            )
        words.append(chunk)
    return " ".join(words)


def slug_base(text: str, *, fallback: str, max_length: int = BASE_MAX_LENGTH) -> str:
    """``text`` as a readable slug short enough to take a number.

    ``fallback`` when ``text`` is empty; when it has no readable letters at
    all (emoji, symbols), ``fallback`` and a digest of the text, so two such
    names do not queue up as fallback-2, fallback-3, ...
    """
    slug = slugify(romanised(text))[:max_length].strip("-")
    if slug:
        return slug
    if not text.strip():
        return fallback
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]  # noqa: S324 - a name
    return f"{fallback}-{digest}"


def slug_source(instance: Slugged) -> str:
    """The name a row's slug is made from: English where the row has it
    (it reads best in a URL), else the name as written."""
    if isinstance(instance, Claim):
        return instance.text_en or instance.text
    if isinstance(instance, Article):
        return instance.title
    return instance.name_en or instance.name


FALLBACKS = {Claim: "claim", Article: "article", Speaker: "speaker", Topic: "topic"}


def slug_fill(instance: Slugged) -> None:
    """Give a row whose editor left the slug empty one made from its name
    (``slug_base``). Call it before ``save_with_unique_slug``."""
    if not instance.slug:
        instance.slug = slug_base(
            slug_source(instance), fallback=FALLBACKS[type(instance)]
        )


def numbered(base: str, number: int, *, max_length: int) -> str:
    """``base`` for the first try, then ``base-2``, ``base-3``, ... cut to fit."""
    if number == 1:
        return base
    suffix = f"-{number}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix


def save_with_unique_slug(instance: Slugged, *, base: str) -> None:
    """Validate and insert the new ``instance`` as ``base``, or as the first
    of ``base-2``, ``base-3``, ... that the database accepts.

    Runs every check of ``full_clean`` except "this slug is taken" (a
    ValidationError for the caller to report), then lets the slug's unique
    index decide. Call it inside a transaction. An IntegrityError that is
    not about the slug is raised as it is.
    """
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length or BASE_MAX_LENGTH
    instance.slug = base
    instance.full_clean(validate_unique=False)
    instance.validate_unique(exclude=["slug"])
    for number in range(1, MAX_ATTEMPTS + 1):
        instance.slug = numbered(base, number, max_length=max_length)
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if not model._default_manager.filter(slug=instance.slug).exists():
                raise
            instance.pk = None
            continue
        return
    raise IntegrityError(f"No free slug for {base!r} after {MAX_ATTEMPTS} tries.")
