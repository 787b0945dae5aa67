"""Intake's figures on the labelled seed articles, reported by `make test`:
recall of the seed claims in the top 40 (at least 95%), deadlines right to
the day (all), the right speaker proposed (at least 80%), and the share of
furniture or opinion among the suggestions (at most 25%). Each test fails
below the floor it asserts."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from intake import services
from intake.speakers import name_matches
from tests.intake.test_spotter import (
    ARTICLES,
    LABELS,
    SEED_CLAIMS,
    article_text,
    label_of,
    matches_quote,
    written_on,
)

SEED = Path(settings.BASE_DIR) / "claims" / "seed"
SPEAKERS = {
    speaker["slug"]: speaker
    for speaker in json.loads((SEED / "speakers.json").read_text("utf-8"))
}


def found_claims(key: str) -> list[tuple[dict, object]]:
    """Each seed claim of the article with the top-40 candidate quoting it."""
    top = services.suggestions(article_text(key), written_on=written_on(key))
    pairs = []
    for claim in SEED_CLAIMS:
        if claim["article"] != ARTICLES[key]["slug"]:
            continue
        quoting = [c for c in top if matches_quote(c.sentence, claim["quote"])]
        # A sentence cut into clauses offers each: the one with the labelled
        # deadline counts.
        due = (claim.get("due") or {}).get("end")
        on_time = [c for c in quoting if c.deadline and str(c.deadline.end) == due]
        pairs.append((claim, (on_time or quoting or [None])[0]))
    return pairs


def speaker_right(claim: dict, candidate, author: str) -> bool:
    """As ``services.speaker_for`` decides: the proposed name; else, for a
    statement in the article's own voice, its author (``author``: the slug of
    the labelled author of the article, unsigned or not); else a known name
    in the wording."""
    speaker = SPEAKERS[claim["speaker"]]
    names = {speaker["name"], speaker.get("name_en", "")} - {""}
    if candidate.speaker_name:
        return name_matches(candidate.speaker_name, names)
    if candidate.own_voice:
        return claim["speaker"] == author
    return any(name in (candidate.text or candidate.sentence) for name in names)


def test_figures_on_the_seed_articles():
    pairs = [(key, *pair) for key in ("000", "001") for pair in found_claims(key)]
    found = [(key, claim, hit) for key, claim, hit in pairs if hit is not None]
    recall = len(found) / len(pairs)
    timed = [(claim, hit) for _key, claim, hit in found if claim["due"]]
    on_the_day = [
        claim["key"]
        for claim, hit in timed
        if hit.deadline and hit.deadline.end.isoformat() == claim["due"]["end"]
    ]
    speakers = [
        claim["key"]
        for key, claim, hit in found
        if speaker_right(claim, hit, LABELS["_authors"][key])
    ]
    print(
        f"\nrecall {len(found)}/{len(pairs)} = {recall:.0%}; deadlines right to "
        f"the day {len(on_the_day)}/{len(timed)}; speaker proposed "
        f"{len(speakers)}/{len(found)} = {len(speakers) / len(found):.0%}"
    )
    assert recall >= 0.95
    assert len(on_the_day) == len(timed)
    assert len(speakers) / len(found) >= 0.80


@pytest.mark.parametrize("key", ["000", "001"])
def test_furniture_or_opinion_share(key):
    top = services.suggestions(article_text(key), written_on=written_on(key))
    bad = [s for s in top if label_of(LABELS[key], s.sentence) != "checkable"]
    print(f"\narticle {key}: {len(bad)}/{len(top)} furniture or opinion")
    assert len(bad) / len(top) <= 0.25
