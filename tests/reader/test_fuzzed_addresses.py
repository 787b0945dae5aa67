"""Hypothesis over reader addresses: any path slug and any query string on
any reader page answers without a server error (fixed seed, bounded
examples; tests/helpers/fuzzing.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from claims.models import EditorialState
from tests.factories import ClaimFactory
from tests.helpers.fuzzing import fuzz_settings, path_parts, query_strings

pytestmark = pytest.mark.django_db

LIST_PARAMETERS = [
    "q",
    "rating",
    "kind",
    "speaker",
    "article",
    "topic",
    "deadline",
    "sort",
    "page",
    "format",
    "next",
]
PAGES = [
    "/{language}/",
    "/{language}/claims/",
    "/{language}/corrections/",
    "/{language}/feed/",
    "/{language}/claims/{slug}/",
    "/{language}/claims/{slug}/feed/",
    "/{language}/articles/{slug}/",
    "/{language}/speakers/{slug}/",
    "/{language}/language/{slug}/",
    "/sitemap.xml",
    "/sitemap-claims.xml",
    "/robots.txt",
    "/ratings.css",
    "/{language}/ratings.css",
]


@pytest.fixture
def site(db) -> list[str]:
    """A published claim and a draft; their slugs and their article's and
    speaker's slugs are the known path parts."""
    published = ClaimFactory(published=True)
    draft = ClaimFactory(state=EditorialState.DRAFT)
    return [
        published.slug,
        draft.slug,
        published.article.slug,
        published.speaker.slug,
        draft.article.slug,
        draft.speaker.slug,
        "en",
        "zh-hans",
    ]


def test_fuzzed_reader_addresses_never_answer_a_server_error(site):
    client = Client()

    @fuzz_settings(max_examples=300)
    @given(
        page=st.sampled_from(PAGES),
        language=st.sampled_from(["en", "zh-hans", "fr", ""]),
        slug=path_parts(site),
        query=query_strings(LIST_PARAMETERS),
    )
    def check(page, language, slug, query):
        url = page.format(language=language, slug=slug).replace("//", "/")
        response = client.get(f"{url}?{query}" if query else url)
        assert response.status_code < 500, (url, query)

    check()
