"""Speaker and article pages in pages of claims: every claim once across the
pages, in order, page links like the claim list's, any ``?page=`` answered,
each page cached under its own address; an article shown while it carries a
public claim, first made there or repeated there."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Appearance, EditorialState
from reader import views
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db

ROW = re.compile(r'class="claim-row-title"><a href="/en/claims/([^/"]+)/"')


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(views, "CLAIM_LIST_PAGE_SIZE", 3)
    return 3


def rows(response) -> list[str]:
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def every_page(client, url: str, pages: int) -> list[list[str]]:
    return [rows(client.get(url, {"page": number})) for number in range(1, pages + 1)]


@pytest.fixture
def speaker():
    speaker = SpeakerFactory()
    for day in range(1, 8):
        ClaimFactory(
            published=True,
            speaker=speaker,
            slug=f"speaker-claim-{day}",
            claimed_on=f"2024-01-0{day}",
        )
    ClaimFactory(speaker=speaker, slug="speaker-draft")
    return speaker


def test_a_speakers_claims_come_in_pages_newest_first(
    client, speaker, three_a_page, no_page_cache
):
    url = url_in("en", "claims:speaker", slug=speaker.slug)
    pages = every_page(client, url, 3)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert sum(pages, []) == [f"speaker-claim-{day}" for day in range(7, 0, -1)]
    first = client.get(url).content.decode()
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 3" in first
    last = client.get(url, {"page": 3}).content.decode()
    assert 'rel="prev" href="?page=2"' in last and 'rel="next"' not in last
    # The scorecard counts every public claim, not this page's.
    assert re.search(r'rating-true">True</span>\s*</a></th><td class="count">7<', first)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("abc", 1), ("", 1), ("0", 3), ("-2", 3), ("99", 3), ("1.5", 1), ("٣", 3)],
)
def test_any_page_number_on_a_speaker_page_answers_a_page(
    client, speaker, three_a_page, no_page_cache, asked, shown
):
    url = url_in("en", "claims:speaker", slug=speaker.slug)
    response = client.get(url, {"page": asked})
    assert response.status_code == 200
    assert f"Page {shown} of 3" in response.content.decode()


@pytest.fixture
def article():
    """Four claims first made in the article, three repeated there, a draft
    of each kind."""
    article = ArticleFactory()
    for position in range(1, 5):
        ClaimFactory(
            published=True,
            article=article,
            position=position,
            slug=f"first-made-{position}",
        )
    ClaimFactory(article=article, position=9, slug="article-draft")
    for position in range(1, 4):
        Appearance.objects.create(
            claim=ClaimFactory(published=True, slug=f"repeated-{position}"),
            article=article,
            position=position,
        )
    Appearance.objects.create(
        claim=ClaimFactory(slug="repeated-draft"), article=article, position=5
    )
    return article


def test_an_articles_claims_come_in_pages_first_made_then_repeated(
    client, article, three_a_page, no_page_cache
):
    url = url_in("en", "claims:article", slug=article.slug)
    pages = every_page(client, url, 3)
    assert pages == [
        ["first-made-1", "first-made-2", "first-made-3"],
        ["first-made-4", "repeated-1", "repeated-2"],
        ["repeated-3"],
    ]
    second = client.get(url, {"page": 2}).content.decode()
    # The numbering goes on from the page before, in each list.
    assert '<ol class="claim-list" start="4">' in second
    assert "Claims repeated from elsewhere" in second
    third = client.get(url, {"page": 3}).content.decode()
    assert "Claims in the order they appear" not in third
    assert '<ol class="claim-list" start="3">' in third
    assert 'rel="prev" href="?page=2"' in third and "Page 3 of 3" in third
    for asked in ("junk", "99", "-1"):
        assert client.get(url, {"page": asked}).status_code == 200


def test_an_article_with_only_repeated_claims_keeps_its_empty_first_list(
    client, three_a_page, no_page_cache
):
    article = ArticleFactory()
    Appearance.objects.create(
        claim=ClaimFactory(published=True, slug="only-repeated"), article=article
    )
    response = client.get(url_in("en", "claims:article", slug=article.slug))
    assert rows(response) == ["only-repeated"]
    body = response.content.decode()
    assert "No claims yet." in body and 'class="pagination"' not in body


def test_each_page_is_cached_under_its_own_address(client, article, three_a_page):
    url = url_in("en", "claims:article", slug=article.slug)
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    second = client.get(url, {"page": 2})
    assert second["X-Page-Cache"] == "miss"
    again = client.get(url, {"page": 2})
    assert again["X-Page-Cache"] == "hit"
    assert rows(again) == ["first-made-4", "repeated-1", "repeated-2"]
    assert rows(client.get(url, {"page": 1})) == rows(first)
    # A value no reader's click sends is answered, never stored.
    client.get(url, {"page": "junk"})
    assert client.get(url, {"page": "junk"}).get("X-Page-Cache") != "hit"


def test_an_article_carried_only_by_a_repeated_public_claim_is_shown(
    client, no_page_cache
):
    article = ArticleFactory(slug="repeated-only-article")
    ClaimFactory(article=article, state=EditorialState.DRAFT)
    Appearance.objects.create(
        claim=ClaimFactory(published=True, slug="the-repeat"), article=article
    )
    for language in ("en", "zh-hans"):
        url = url_in(language, "claims:article", slug=article.slug)
        assert client.get(url).status_code == 200


def test_an_article_with_only_drafts_is_not_found(client, no_page_cache):
    article = ArticleFactory(slug="drafts-only-article")
    ClaimFactory(article=article, state=EditorialState.DRAFT)
    Appearance.objects.create(
        claim=ClaimFactory(state=EditorialState.IN_REVIEW), article=article
    )
    for language in ("en", "zh-hans"):
        url = url_in(language, "claims:article", slug=article.slug)
        assert client.get(url).status_code == 404


def test_an_articles_visibility_is_read_with_one_row_probes_not_a_distinct_join(
    client, no_page_cache
):
    article = ArticleFactory()
    Appearance.objects.create(claim=ClaimFactory(published=True), article=article)
    with CaptureQueriesContext(connection) as captured:
        client.get(url_in("en", "claims:article", slug=article.slug))
    lookup = next(
        query["sql"] for query in captured if '"claims_article"."slug"' in query["sql"]
    )
    # A probe of its claims and one of its appearances, each stopping at
    # one row (claims.selectors.public.article_list_public).
    assert "DISTINCT" not in lookup.upper()
    assert lookup.upper().count("LIMIT 1)") == 2, lookup
