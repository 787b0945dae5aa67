"""Fixtures for the editorial workflow: a claim an editor has submitted."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from claims import services
from claims.models import EditorialState
from tests.factories import ClaimFactory


@pytest.fixture(autouse=True)
def clean_page_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english():
    """Messages in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def submitted_claim(editor):
    """A statistic rated True that editor-alice has submitted for review."""
    claim = ClaimFactory(
        slug="xiaomi-ai-team-1200",
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
        state=EditorialState.DRAFT,
    )
    return services.claim_submit_for_review(claim=claim, user=editor)


@pytest.fixture
def published_claim(submitted_claim, reviewer):
    return services.claim_publish(claim=submitted_claim, user=reviewer)
