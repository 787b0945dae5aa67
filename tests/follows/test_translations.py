"""The follows catalogue (follows/locale) is complete, compiled, and used:
the same checks as the site's catalogue (tests/tracker/test_translations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from tests.tracker.test_translations import (
    _PLACEHOLDER,
    catalogue,
    compile_mo,
    parse_po,
)

CATALOGUE = (
    Path(__file__).resolve().parents[2]
    / "follows"
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
)
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in parse_po(PO_FILE) if entry.msgid]


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    assert len(entries) > 100
    missing = [
        entry.label
        for entry in entries
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert missing == []
    assert [entry.label for entry in entries if "fuzzy" in entry.flags] == []


def test_translations_keep_their_placeholders(entries):
    broken = []
    for entry in entries:
        for text in entry.msgstr.values():
            expected = sorted(_PLACEHOLDER.findall(entry.msgid))
            plural = sorted(_PLACEHOLDER.findall(entry.msgid_plural or ""))
            if sorted(_PLACEHOLDER.findall(text)) not in (expected, plural):
                broken.append(entry.label)
    assert broken == []


def test_shipped_mo_matches_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    compile_mo(parse_po(PO_FILE), fresh)
    assert catalogue(MO_FILE) == catalogue(fresh), (
        "follows/locale/zh_Hans/LC_MESSAGES/django.mo is stale: run msgfmt"
    )


def test_the_follow_form_reads_in_chinese():
    with translation.override("zh-hans"):
        assert (
            translation.gettext("Follow this claim by e-mail")
            == "通过电子邮件关注这条声明"
        )
