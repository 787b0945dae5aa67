"""The follows catalogue (follows/locale) is complete, compiled, and used:
the site catalogue's checks (tests/tracker/test_translations.py), run here
on this catalogue's entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from tests.tracker.test_translations import (
    catalogue,
    compile_mo,
    parse_po,
    test_no_message_is_fuzzy,
    test_no_message_is_untranslated,
    test_plural_messages_have_the_one_chinese_form,
    test_translations_keep_their_placeholders,
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

# Collected here too, with this module's ``entries``.
__all__ = [
    "test_no_message_is_fuzzy",
    "test_no_message_is_untranslated",
    "test_plural_messages_have_the_one_chinese_form",
    "test_translations_keep_their_placeholders",
]


@pytest.fixture(scope="module")
def entries():
    found = [entry for entry in parse_po(PO_FILE) if entry.msgid]
    assert len(found) > 100
    return found


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
