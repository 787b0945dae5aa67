"""Catalogues: reading .po files and compiling .mo files with the standard
library, so the tests check translations without gettext's tools."""

from __future__ import annotations

import ast
import gettext
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def app_catalogues() -> list[Path]:
    """Every app's .po files (``<app>/locale/<lang>/LC_MESSAGES/*.po``)."""
    return sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po"))


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[sdifr%]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    path: str = ""

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}: {self.msgid[:60]!r}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (obsolete ``#~`` entries are skipped)."""
    entries: list[Entry] = []
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
    entry = Entry(path=name)
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry, target = Entry(path=name), None

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
            raise AssertionError(f"{name}:{number}: cannot read {raw!r}")
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
