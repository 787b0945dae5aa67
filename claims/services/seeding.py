"""Load the project's seed data (``claims/seed/*.json``) idempotently.

Rows are matched by slug (evidence by claim and position), and a row is
written only when a field differs, so a second run writes nothing, not even
history. Claims and evidence are written through their services, so the seed
can set no more than an editor can: a claim row naming anything else (its
state, its dates) is refused with ``SeedError``. The seed's claims are then
published with ``claim_publish_seeded``; a claim already in the database
keeps the editorial state it has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from claims.exceptions import FieldNotAllowed
from claims.models import (
    Article,
    Claim,
    Evidence,
    Rating,
    RatingChangeKind,
    ReasonCode,
    Speaker,
    Topic,
)
from claims.reasons import ChangeReason

from .catalogue import catalogue_save
from .claims import (
    CLAIM_CREATE_FIELDS,
    claim_create,
    claim_publish_seeded,
    claim_update,
)
from .evidence import EVIDENCE_FIELDS, evidence_create, evidence_update

Catalogued = TypeVar("Catalogued", Speaker, Topic, Article)

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
SEED_REASON = ChangeReason.SEEDED

# The keys of a claims.json row that are not the claim field of that name:
# ``_claim_fields`` translates them (or "key", a research id, is only read
# by people).
CLAIM_ROW_KEYS = frozenset(
    {
        "key",
        "due",
        "rating_explanation",
        "rating_explanation_zh",
        "analysis",
        "analysis_zh",
        "rated_on",
        "last_reviewed_on",
        "topics",
        "evidence",
    }
)
# The same for an evidence item of a claims.json row: its note is in English
# (``note``) and Chinese (``note_zh``), as the research wrote it.
EVIDENCE_ITEM_KEYS = frozenset({"note", "note_zh"})


class SeedError(Exception):
    """A seed file asks for something the loader may not do; nothing was loaded."""


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
    model: type[Catalogued],
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: SeedReport,
    label: str,
) -> Catalogued:
    """Create the speaker, topic or article, or update the fields that differ."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        catalogue_save(instance=instance, user=None, reason=SEED_REASON)
        report.count(report.created, label)
        return instance
    changed = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        catalogue_save(instance=instance, user=None, reason=SEED_REASON)
        report.count(report.updated, label)
    return instance


def _refuse_unlisted(
    fields: dict[str, Any], allowed: tuple[str, ...], where: str
) -> None:
    """Refuse a row naming what the service would refuse, before anything is
    written and even when the value is what the database holds already."""
    try:
        FieldNotAllowed.refuse_unlisted(fields, allowed=allowed)
    except FieldNotAllowed as error:
        raise SeedError(
            f"{where}: the seed may not set {', '.join(error.fields)}. A claim's "
            "state and its dates are set when it is published; the fields it "
            f"may set are: {', '.join(allowed)}."
        ) from error


def _claim_fields(
    row: dict[str, Any],
    *,
    speakers: dict[str, Speaker],
    articles: dict[str, Article],
    ratings: dict[str, Rating],
    reason_codes: dict[str, ReasonCode],
) -> dict[str, Any]:
    """The claim's fields from a claims.json row (README in claims/seed/)."""
    due = row.get("due") or {}
    fields = {
        "slug": row["slug"],
        "text": row["text"],
        "text_en": row.get("text_en", ""),
        "quote": row.get("quote", ""),
        "language": row.get("language", "zh-hans"),
        "speaker": speakers[row["speaker"]],
        "attribution_note": row.get("attribution_note", ""),
        "attribution_note_en": row.get("attribution_note_en", ""),
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
        "analysis": row.get("analysis_zh", ""),
        "analysis_en": row.get("analysis", ""),
    }
    # Any other key is taken as a claim field of that name, for the check
    # against the claim service's list to refuse (or accept) by name.
    read = CLAIM_ROW_KEYS | set(fields)
    fields.update({key: row[key] for key in row if key not in read})
    return fields


def _seed_moment(value: str | None, *, where: str, default: datetime) -> datetime:
    """A seed date (``rated_on``, ``last_reviewed_on``) as noon of that day
    in the site's time zone; ``default`` when the row has none."""
    day = _parse_date(value)
    if day is None:
        return default
    if day > timezone.localdate():
        raise SeedError(f"{where}: {value} is in the future.")
    return timezone.make_aware(datetime.combine(day, time(12)))


def _sync_claim(
    row: dict[str, Any],
    fields: dict[str, Any],
    topics: set[Topic],
    report: SeedReport,
    *,
    now: datetime,
) -> Claim:
    """Create and publish the claim, or update what differs.

    A new claim is dated as the seed says: rated on ``rated_on`` and last
    reviewed on ``last_reviewed_on`` (default: the load), and its history
    and public timeline start on its rating date, not the day of the load.
    """
    where = f"claims.json, claim “{row['slug']}”"
    _refuse_unlisted(fields, CLAIM_CREATE_FIELDS, where)
    claim = Claim.objects.filter(slug=fields["slug"]).first()
    if claim is None:
        rated_at = _seed_moment(row.get("rated_on"), where=where, default=now)
        reviewed_at = _seed_moment(
            row.get("last_reviewed_on"), where=where, default=rated_at
        )
        claim = claim_create(
            user=None, fields=fields, topics=topics, reason=SEED_REASON
        )
        claim = claim_publish_seeded(
            claim=claim, at=rated_at, rated_at=rated_at, last_reviewed_at=reviewed_at
        )
        # The seed's own rows, just written: their history starts when the
        # research rated the claim.
        Claim.history.filter(id=claim.pk).update(history_date=rated_at)
        report.count(report.created, "claims")
        return claim
    changed = {
        name: value for name, value in fields.items() if getattr(claim, name) != value
    }
    topics_differ = set(claim.topics.all()) != topics
    if changed or topics_differ:
        claim = claim_update(
            claim=claim,
            user=None,
            version=claim.version,
            fields=changed,
            topics=topics if topics_differ else None,
            # A new rating in the seed for a published claim is a public update.
            change_kind=RatingChangeKind.UPDATE,
            change_reason=SEED_REASON,
            reason=SEED_REASON,
        )
        report.count(report.updated, "claims")
    return claim


def _sync_evidence(
    claim: Claim, position: int, item: dict[str, Any], report: SeedReport
) -> None:
    fields = {
        "url": item.get("url", ""),
        "title": item["title"],
        "publisher": item.get("publisher", ""),
        "published_on": _parse_date(item.get("published_on")),
        "date_text": item.get("date_text", ""),
        "stance": item.get("stance", "supports"),
        "note": item.get("note_zh", ""),
        "note_en": item.get("note", ""),
    }
    fields.update(
        {
            key: item[key]
            for key in item
            if key not in fields and key not in EVIDENCE_ITEM_KEYS
        }
    )
    where = f"claims.json, claim “{claim.slug}”, evidence {position}"
    _refuse_unlisted(fields, EVIDENCE_FIELDS, where)
    evidence = Evidence.objects.filter(claim=claim, position=position).first()
    if evidence is None:
        evidence_create(
            claim=claim,
            user=None,
            fields={**fields, "position": position},
            reason=SEED_REASON,
        )
        report.count(report.created, "evidence")
        return
    changed = {
        name: value
        for name, value in fields.items()
        if getattr(evidence, name) != value
    }
    if changed:
        evidence_update(
            evidence=evidence, user=None, fields=changed, reason=SEED_REASON
        )
        report.count(report.updated, "evidence")


@transaction.atomic
def seed_load(*, directory: Path = SEED_DIR) -> SeedReport:
    """Load every seed file, or nothing when one of them is refused."""
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
                "title_en": row.get("title_en", ""),
                "publisher": row.get("publisher", ""),
                "publisher_en": row.get("publisher_en", ""),
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
        fields = _claim_fields(
            row,
            speakers=speakers,
            articles=articles,
            ratings=ratings,
            reason_codes=reason_codes,
        )
        wanted_topics = {topics[slug] for slug in row.get("topics", [])}
        claim = _sync_claim(row, fields, wanted_topics, report, now=now)
        for position, item in enumerate(row.get("evidence", []), start=1):
            _sync_evidence(claim, position, item, report)
    return report
