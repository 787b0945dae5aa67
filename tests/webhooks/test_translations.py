"""The webhooks app's Chinese catalogue is complete, not fuzzy, keeps its
placeholders, and the shipped .mo holds what the .po says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tracker.test_translations import (
    _PLACEHOLDER,
    catalogue,
    compile_mo,
    parse_po,
)

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "webhooks" / "locale" / "zh_Hans"
) / "LC_MESSAGES"


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in parse_po(CATALOGUE / "django.po") if entry.msgid]


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    assert entries
    assert [e.label for e in entries if not all(e.msgstr.values())] == []
    assert [e.label for e in entries if "fuzzy" in e.flags] == []


def test_translations_keep_their_placeholders(entries):
    for entry in entries:
        wanted = sorted(_PLACEHOLDER.findall(entry.msgid))
        for text in entry.msgstr.values():
            assert sorted(_PLACEHOLDER.findall(text)) == wanted, entry.label


def test_the_shipped_mo_matches_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    compile_mo(parse_po(CATALOGUE / "django.po"), fresh)
    assert catalogue(CATALOGUE / "django.mo") == catalogue(fresh)
