"""Every app's Chinese catalogue is complete, compiled, and used.

The .po files are read with the standard library (``tests.helpers.catalogues``):
every message is translated, none is fuzzy, placeholders survive translation,
and the shipped .mo holds exactly what the .po says (it is compiled here to a
temporary file and both are loaded with ``gettext.GNUTranslations``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers.catalogues import (
    PLACEHOLDER,
    Entry,
    app_catalogues,
    catalogue,
    compile_mo,
    parse_po,
)

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
CATALOGUES = app_catalogues()


def test_every_app_with_a_catalogue_is_checked():
    names = {path.parts[-5] for path in CATALOGUES}
    assert {"claims", "webhooks", "follows"} <= names


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [entry for entry in parse_po(PO_FILE) if entry.msgid]


@pytest.fixture(params=CATALOGUES, ids=lambda path: "/".join(path.parts[-5:]))
def po_entries(request) -> list[Entry]:
    return [entry for entry in parse_po(request.param) if entry.msgid]


def test_catalogue_has_messages_from_every_app(entries):
    text = PO_FILE.read_text(encoding="utf-8")
    for app in ("claims/", "reader/", "intake/"):
        assert f"#: {app}" in text or f" {app}" in text, app
    assert len(entries) > 400


def test_no_message_is_untranslated(po_entries):
    missing = [
        entry.label
        for entry in po_entries
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert missing == []


def test_no_message_is_fuzzy(po_entries):
    assert [entry.label for entry in po_entries if "fuzzy" in entry.flags] == []


def test_plural_messages_have_the_one_chinese_form(entries):
    plurals = [entry for entry in entries if entry.msgid_plural is not None]
    assert plurals
    assert [entry.label for entry in plurals if set(entry.msgstr) != {0}] == []


def test_translations_keep_their_placeholders(po_entries):
    broken = []
    for entry in po_entries:
        for text in entry.msgstr.values():
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            plural = sorted(PLACEHOLDER.findall(entry.msgid_plural or ""))
            if sorted(PLACEHOLDER.findall(text)) not in (expected, plural):
                broken.append(entry.label)
    assert broken == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: "/".join(path.parts[-5:]))
def test_shipped_mo_matches_the_po(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    compile_mo(parse_po(po), fresh)
    assert catalogue(po.with_suffix(".mo")) == catalogue(fresh), (
        f"{po.with_suffix('.mo')} is stale: run `manage.py compilemessages` "
        "(or msgfmt -o django.mo django.po)"
    )


@pytest.mark.django_db
def test_admin_index_names_the_apps_in_chinese(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    html = page.content.decode()
    for chinese in ("声明", "文章导入", "提醒"):
        assert chinese in html
    for english in (">Claims<", ">Article intake<", ">Flags<", "Article intakes"):
        assert english not in html


@pytest.mark.django_db
def test_admin_index_stays_english_for_english_browsers(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Claims" in html
    assert "文章导入" not in html
