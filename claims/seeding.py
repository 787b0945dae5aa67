"""Load the project's seed data (``claims/seed/*.json``) idempotently.

Rows are matched by slug (evidence by claim and position), and a row is
written only when a field differs, so a second run writes nothing, not even
history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import (
    Article,
    Claim,
    EditorialState,
    Evidence,
    Rating,
    ReasonCode,
    Speaker,
    Topic,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_REASON = "Loaded from seed data"


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], label: str) -> None:
        bucket[label] = bucket.get(label, 0) + 1

    def summary(self) -> str:
        labels = ["speakers", "topics", "articles", "claims", "evidence"]
        parts = [
            f"{label}: {self.created.get(label, 0)} created, "
            f"{self.updated.get(label, 0)} updated"
            for label in labels
        ]
        return "; ".join(parts)


def _read(directory: Path, name: str) -> list[dict[str, Any]]:
    with (directory / name).open(encoding="utf-8") as seed_file:
        return json.load(seed_file)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _sync(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: SeedReport,
    label: str,
    *,
    on_create: dict[str, Any] | None = None,
) -> models.Model:
    """Create the row, or update only the fields that differ."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(on_create or {}))
        instance._change_reason = SEED_REASON
        instance.full_clean()
        instance.save()
        report.count(report.created, label)
        return instance
    changed = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance._change_reason = SEED_REASON
        # A new rating in the seed for a published claim is a public update.
        instance.change_kind = "update"
        instance.change_reason = SEED_REASON
        instance.full_clean()
        instance.save()
        report.count(report.updated, label)
    return instance


@transaction.atomic
def seed_load(*, directory: Path = SEED_DIR) -> SeedReport:
    report = SeedReport()
    now = timezone.now()

    speakers = {
        row["slug"]: _sync(
            Speaker,
            {"slug": row["slug"]},
            {
                key: row.get(key, "")
                for key in (
                    "name",
                    "name_en",
                    "description",
                    "description_en",
                    "same_as",
                )
            },
            report,
            "speakers",
        )
        for row in _read(directory, "speakers.json")
    }
    topics = {
        row["slug"]: _sync(
            Topic,
            {"slug": row["slug"]},
            {"name": row["name"], "name_en": row.get("name_en", "")},
            report,
            "topics",
        )
        for row in _read(directory, "topics.json")
    }
    articles = {
        row["slug"]: _sync(
            Article,
            {"slug": row["slug"]},
            {
                "title": row["title"],
                "publisher": row.get("publisher", ""),
                "author": row.get("author", ""),
                "url": row.get("url", ""),
                "published_on": _parse_date(row.get("published_on")),
                "date_note": row.get("date_note", ""),
                "language": row.get("language", "zh-hans"),
            },
            report,
            "articles",
        )
        for row in _read(directory, "articles.json")
    }
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    reason_codes = {code.slug: code for code in ReasonCode.objects.all()}

    for row in _read(directory, "claims.json"):
        due = row.get("due") or {}
        claim = _sync(
            Claim,
            {"slug": row["slug"]},
            {
                "text": row["text"],
                "text_en": row.get("text_en", ""),
                "quote": row.get("quote", ""),
                "language": row.get("language", "zh-hans"),
                "speaker": speakers[row["speaker"]],
                "attribution_note": row.get("attribution_note", ""),
                "article": articles[row["article"]],
                "position": row.get("position", 0),
                "kind": row["kind"],
                "claimed_on": _parse_date(row.get("claimed_on")),
                "due_start": _parse_date(due.get("start")),
                "due_end": _parse_date(due.get("end")),
                "due_precision": due.get("precision", ""),
                "due_text": due.get("text", ""),
                "rating": ratings[row["rating"]],
                "reason_code": (
                    reason_codes[row["reason_code"]] if row.get("reason_code") else None
                ),
                "rating_explanation": row.get("rating_explanation_zh", ""),
                "rating_explanation_en": row.get("rating_explanation", ""),
                "analysis": row.get("analysis", ""),
                "state": EditorialState.PUBLISHED,
            },
            report,
            "claims",
            on_create={"published_at": now, "rated_at": now, "last_reviewed_at": now},
        )
        wanted_topics = {topics[slug].pk for slug in row.get("topics", [])}
        if set(claim.topics.values_list("pk", flat=True)) != wanted_topics:
            claim.topics.set(wanted_topics)

        for position, item in enumerate(row.get("evidence", []), start=1):
            _sync(
                Evidence,
                {"claim": claim, "position": position},
                {
                    "url": item.get("url", ""),
                    "title": item["title"],
                    "publisher": item.get("publisher", ""),
                    "published_on": _parse_date(item.get("published_on")),
                    "date_text": item.get("date_text", ""),
                    "stance": item.get("stance", "supports"),
                    "note": item.get("note", ""),
                },
                report,
                "evidence",
            )
    return report
