"""Changes to what a claim's page shows, each returning a text that must
appear on the very next request (the cache tests run every one of them)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from claims.models import Appearance, ClaimKind, Rating
from claims.services.scans import claims_review_scan
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, FlagFactory
from tests.helpers import claims


def watched_claim():
    """A published prediction with one evidence link, as the cache tests use."""
    claim = ClaimFactory(
        published=True,
        text="缓存中的声明原文",
        text_en="The claim as cached",
        kind=ClaimKind.PREDICTION,
        due_start=date(2030, 1, 1),
        due_end=date(2030, 6, 30),
        due_precision="half",
    )
    EvidenceFactory(claim=claim, title="原来的证据标题", url="https://a.example/1")
    return claim


def rerate(claim):
    claims.rerate(
        claim,
        Rating.objects.get(slug="stalled"),
        kind="update",
        reason="Production stopped.",
    )
    return "Stalled"


def change_text(claim):
    claim.text = "改写后的声明原文"
    claim.save()
    return "改写后的声明原文"


def evidence_title(claim):
    evidence = claim.evidence.get()
    evidence.title = "新的证据标题"
    evidence.save()
    return "新的证据标题"


def evidence_health_by_a_check(claim):
    """The background check writes link health with QuerySet.update()."""
    from claims.fetching import FetchResult, Outcome
    from claims.services.evidence_checks import _Check

    evidence = claim.evidence.get()
    result = FetchResult(
        outcome=Outcome.NOT_MODIFIED,
        url=evidence.url,
        status=304,
        final_url=evidence.url,
    )
    _Check(evidence, "tests", timezone.now()).not_modified(result)
    return "Link: working"


def speaker_name(claim):
    claim.speaker.name_en = "A Renamed Speaker"
    claim.speaker.save()
    return "A Renamed Speaker"


def article_title(claim):
    claim.article.title = "改过的文章标题"
    claim.article.save()
    return "改过的文章标题"


def rating_label(claim):
    rating = claim.rating
    rating.label_en = "Going nowhere"
    rating.save()
    return "Going nowhere"


def appearance(claim):
    Appearance.objects.create(claim=claim, article=ArticleFactory(title="又一篇报道"))
    return "又一篇报道"


def flag_opened(claim):
    FlagFactory(claim=claim)
    return "Under review since"


def flag_opened_by_a_scan(claim):
    """The review scan raises flags with bulk_create (no signals)."""
    type(claim).objects.filter(pk=claim.pk).update(
        next_review_at=timezone.now() - timedelta(days=1)
    )
    assert claims_review_scan(raised_by="tests").flagged == 1
    return "Under review since"


CLAIM_PAGE_CHANGES = [
    rerate,
    change_text,
    evidence_title,
    evidence_health_by_a_check,
    speaker_name,
    article_title,
    rating_label,
    appearance,
    flag_opened,
    flag_opened_by_a_scan,
]
