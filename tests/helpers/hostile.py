"""Hostile text in every field readers see: script and attribute breakers."""

from __future__ import annotations

from django.utils import timezone

from claims.models import EditorialState
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, IMG)
HOSTILE = f"{SCRIPT}{IMG}"
# What either payload looks like when it was not escaped.
RAW = ("<script>alert(1)</script>", "<img src=x onerror")


def assert_inert(body: str, where: str) -> None:
    """Neither payload appears unescaped in ``body`` (the page at ``where``)."""
    for raw in RAW:
        assert raw not in body, f"{raw!r} unescaped on {where}"


def make_hostile_claim():
    """A published claim whose text, quote, speaker, article and evidence
    all carry script and attribute-breaking payloads."""
    speaker = SpeakerFactory(
        name=f"发言人{HOSTILE}", name_en=f"Speaker {HOSTILE}", slug="hostile-speaker"
    )
    article = ArticleFactory(title=f"文章{HOSTILE}", slug="hostile-article")
    claim = ClaimFactory(
        slug="hostile-claim",
        text=f"声明{HOSTILE}",
        text_en=f"Claim {HOSTILE}",
        quote=f"引语{HOSTILE}",
        speaker=speaker,
        article=article,
        rating_explanation=f"解释{HOSTILE}",
        state=EditorialState.PUBLISHED,
        published_at=timezone.now(),
        rated_at=timezone.now(),
    )
    EvidenceFactory(claim=claim, title=f"证据{HOSTILE}", note=f"Note {HOSTILE}")
    return claim
