"""Stored text without invisible direction controls.

Unicode's bidirectional controls (the embeddings and overrides U+202A-U+202E,
the isolates U+2066-U+2069) reorder what a reader sees: "‮txt.exe" shows
as "exe.txt", a claim's figures can be shown backwards, a link's text can
hide where it goes. Nothing this site stores needs them, so every write path
(admin, API, ClaimReview import, article intake, the seed) removes them
before a row is saved: ``text_neutralise`` is the rule, applied to every text
field of the claims and intake tables by a ``pre_save`` signal
(``connect_text_signals``, wired in ``claims.apps``) and to intake's input
before it is read. The marks U+200E, U+200F and U+061C are kept in text with
right-to-left letters (where they may be needed) and removed elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models
from django.db.models.signals import pre_save

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c]")
# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def text_neutralise(value: str) -> str:
    """``value`` without bidirectional controls, and without direction marks
    unless it has right-to-left letters."""
    value = BIDI_CONTROLS.sub("", value)
    if DIRECTION_MARKS.search(value) and not RIGHT_TO_LEFT.search(value):
        value = DIRECTION_MARKS.sub("", value)
    return value


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def _neutralise_before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are stored as they are
        return
    for name in _TEXT_FIELDS.get(sender, ()):
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, text_neutralise(value))


_TEXT_FIELDS: dict[type[models.Model], list[str]] = {}


def connect_text_signals(tables: Iterable[type[models.Model]]) -> None:
    """Neutralise every text field of these tables before a row is saved
    (``claims.apps`` passes every table of the claims and intake apps but
    their history tables, which copy the saved row)."""
    for model in tables:
        if fields := _text_fields(model):
            _TEXT_FIELDS[model] = fields
            pre_save.connect(
                _neutralise_before_save,
                sender=model,
                dispatch_uid=f"text-neutralise-{model._meta.label}",
            )
