"""Real-shaped ClaimReview records (see README.md)."""

from __future__ import annotations

import json
from pathlib import Path

RECORDS_PATH = Path(__file__).with_name("records.json")


def records() -> list[dict]:
    """A fresh copy of the seventeen records."""
    return json.loads(RECORDS_PATH.read_text(encoding="utf-8"))
