"""The one Chinese catalogue (claims/locale) is complete, compiled, and used.

The .po file is read with the standard library: every message is translated,
none is fuzzy, placeholders survive translation, and the shipped .mo holds
exactly what the .po says (it is compiled here to a temporary file and both
are loaded with ``gettext.GNUTranslations``).
"""

from __future__ import annotations

import ast
import gettext
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[sdifr%]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"django.po:{self.line}: {self.msgid[:60]!r}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (obsolete ``#~`` entries are skipped)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            if match.group(1) == "msgid" and entry.msgstr:
                finish()
            if not entry.line:
                entry.line = number
            keyword, index = match.group(1), int(match.group(2) or 0)
            target = ("msgstr", index) if keyword.startswith("msgstr") else (keyword, 0)
            value = ast.literal_eval(match.group(3))
        elif line.startswith('"') and target is not None:
            value = ast.literal_eval(line)
        else:
            raise AssertionError(f"django.po:{number}: cannot read {raw!r}")
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    finish()
    return entries


def compile_mo(entries: list[Entry], path: Path) -> None:
    """Write entries as a GNU .mo file (what msgfmt does, without fuzzy ones)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and entry.msgid:
            continue
        key = entry.msgid
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        if entry.msgid_plural is not None:
            key = f"{key}\x00{entry.msgid_plural}"
        value = "\x00".join(entry.msgstr[i] for i in sorted(entry.msgstr))
        messages[key.encode()] = value.encode()
    keys = sorted(messages)
    start = 7 * 4 + 16 * len(keys)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\x00"
        strs += messages[key] + b"\x00"
    key_table, value_table = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, start + id_offset]
        value_table += [str_length, start + len(ids) + str_offset]
    count = len(keys)
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    table = struct.pack(f"{2 * len(key_table)}i", *key_table, *value_table)
    path.write_bytes(header + table + ids + strs)


def catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        messages = dict(gettext.GNUTranslations(handle)._catalog)
    messages.pop("", None)  # the header: dates and generator may differ
    return messages


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [entry for entry in parse_po(PO_FILE) if entry.msgid]


def test_catalogue_has_messages_from_every_app(entries):
    text = PO_FILE.read_text(encoding="utf-8")
    for app in ("claims/", "reader/", "intake/"):
        assert f"#: {app}" in text or f" {app}" in text, app
    assert len(entries) > 400


def test_no_message_is_untranslated(entries):
    missing = [
        entry.label
        for entry in entries
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert missing == []


def test_no_message_is_fuzzy(entries):
    assert [entry.label for entry in entries if "fuzzy" in entry.flags] == []


def test_plural_messages_have_the_one_chinese_form(entries):
    plurals = [entry for entry in entries if entry.msgid_plural is not None]
    assert plurals
    assert [entry.label for entry in plurals if set(entry.msgstr) != {0}] == []


def test_translations_keep_their_placeholders(entries):
    broken = []
    for entry in entries:
        for text in entry.msgstr.values():
            expected = sorted(_PLACEHOLDER.findall(entry.msgid))
            plural = sorted(_PLACEHOLDER.findall(entry.msgid_plural or ""))
            if sorted(_PLACEHOLDER.findall(text)) not in (expected, plural):
                broken.append(entry.label)
    assert broken == []


def test_shipped_mo_matches_the_po(entries, tmp_path):
    fresh = tmp_path / "django.mo"
    compile_mo(parse_po(PO_FILE), fresh)
    assert catalogue(MO_FILE) == catalogue(fresh), (
        "claims/locale/zh_Hans/LC_MESSAGES/django.mo is stale: run "
        "`manage.py compilemessages` (or msgfmt -o django.mo django.po)"
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


JS_PO_FILE = CATALOGUE / "djangojs.po"


def test_the_javascript_catalogue_is_complete_and_compiled(tmp_path):
    """The admin's JavaScript strings (djangojs) follow the same rules."""
    js_entries = [entry for entry in parse_po(JS_PO_FILE) if entry.msgid]
    assert js_entries
    assert [
        entry.label
        for entry in js_entries
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(text.strip() for text in entry.msgstr.values())
    ] == []
    fresh = tmp_path / "djangojs.mo"
    compile_mo(parse_po(JS_PO_FILE), fresh)
    assert catalogue(CATALOGUE / "djangojs.mo") == catalogue(fresh)
