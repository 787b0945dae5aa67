"""Fixtures for the reader-page tests: a clean page cache and a helper that
fetches a page in one language."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from claims.models import ClaimKind, DuePrecision
from tests.factories import ClaimFactory, EvidenceFactory


@pytest.fixture(autouse=True)
def clean_page_cache(db):
    """Every test starts with an empty cache (it outlives database rollbacks)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    settings.READER_PAGE_CACHE_SECONDS = 0


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response) -> str:
    """The page's visible text, tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def car_claim(db):
    """A published prediction whose H1 2024 deadline has passed, with evidence."""
    claim = ClaimFactory(
        published=True,
        slug="xiaomi-car-mass-production-h1-2024",
        text="小米汽车将于2024年上半年量产。",
        text_en="Xiaomi's car will reach mass production in H1 2024.",
        quote="小米汽车预计2024年上半年正式量产",
        kind=ClaimKind.PREDICTION,
        due_start=date(2024, 1, 1),
        due_end=date(2024, 6, 30),
        due_precision=DuePrecision.HALF,
        due_text="2024年上半年",
        rating_explanation="小米SU7于2024年3月开始量产交付。",
        rating_explanation_en="The SU7 went into mass production in March 2024.",
        analysis="Deliveries began in **March 2024**.",
        published_at=timezone.now(),
        rated_at=timezone.now(),
        last_reviewed_at=timezone.now(),
    )
    EvidenceFactory(
        claim=claim,
        title="小米SU7正式发布",
        health="ok",
        last_checked_at=timezone.now() - timedelta(days=1),
    )
    EvidenceFactory(claim=claim, title="已删除的报道", health="dead")
    return claim
