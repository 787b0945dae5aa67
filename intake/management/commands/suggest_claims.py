"""Print the check-worthy sentences of an article file."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intake import services


class Command(BaseCommand):
    help = (
        "Suggest the check-worthy sentences (candidate claims) of an article: "
        "score, kind, spans and parsed deadline. FILE '-' reads standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--date",
            help="The article's date, YYYY-MM-DD (relative deadlines count from "
            "it); default today.",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        text = self._read(options["file"])
        try:
            written_on = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--date must look like 2023-08-17: {error}") from None
        found = services.suggestions(text, written_on=written_on)
        if options["json"]:
            rows = [candidate.as_dict() for candidate in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for rank, candidate in enumerate(found, start=1):
            deadline = candidate.deadline
            due = (
                f"  due {deadline.start}..{deadline.end} ({deadline.precision}, "
                f"{deadline.text}){', already passed' if candidate.passed else ''}"
                if deadline
                else ""
            )
            speaker = (
                f"  speaker {candidate.speaker_name}" if candidate.speaker_name else ""
            )
            self.stdout.write(
                f"{rank:3}. {candidate.score:.2f} {candidate.kind:<11} "
                f"{candidate.sentence}{due}{speaker}"
            )

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise CommandError(f"{name} is neither UTF-8 nor GB18030 text.")
