"""Drafts and claims in review never reach an anonymous reader."""

import pytest

from claims.models import EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, TopicFactory
from tests.helpers.pages import url_in
from tests.helpers.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

SECRET = "尚未发布的秘密声明"


@pytest.fixture
def hidden_claims(db):
    speaker = SpeakerFactory(slug="hidden-speaker")
    article = ArticleFactory(slug="hidden-article")
    return [
        ClaimFactory(
            state=state,
            slug=f"hidden-{state}",
            text=SECRET,
            text_en="Secret unpublished claim",
            speaker=speaker,
            article=article,
        )
        for state in (EditorialState.DRAFT, EditorialState.IN_REVIEW)
    ]


@pytest.fixture
def public_claim(db):
    return ClaimFactory(published=True, text="已发布的声明")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_draft_claim_page_and_feed_are_not_found(client, hidden_claims, language):
    for claim in hidden_claims:
        page = client.get(url_in(language, "claims:detail", slug=claim.slug))
        assert page.status_code == 404
        assert SECRET.encode() not in page.content
        assert b"application/ld+json" not in page.content
        feed = client.get(url_in(language, "claims:claim-feed", slug=claim.slug))
        assert feed.status_code == 404


def test_speaker_and_article_with_only_drafts_are_not_found(client, hidden_claims):
    assert (
        client.get(url_in("en", "claims:speaker", slug="hidden-speaker")).status_code
        == 404
    )
    assert (
        client.get(url_in("en", "claims:article", slug="hidden-article")).status_code
        == 404
    )


def test_search_and_list_never_show_drafts(client, hidden_claims, public_claim):
    for query in ("秘密", "Secret", ""):
        response = client.get(url_in("en", "claims:list"), {"q": query})
        assert SECRET.encode() not in response.content
    assert "已发布的声明".encode() in client.get(url_in("en", "claims:list")).content
    home = client.get(url_in("en", "claims:home"))
    assert SECRET.encode() not in home.content and b"One claim checked" in home.content


def test_site_feed_never_shows_drafts(client, hidden_claims, public_claim):
    feed = client.get(url_in("en", "claims:feed"))
    assert feed.status_code == 200
    assert public_claim.text_en.encode() in feed.content  # the English rendering
    assert SECRET.encode() not in feed.content and b"hidden-" not in feed.content


def test_sitemap_never_lists_drafts_or_their_speakers(
    client, hidden_claims, public_claim
):
    sitemap = sitemap_text(client)
    assert public_claim.slug in sitemap
    assert "hidden-" not in sitemap


def test_unpublishing_removes_a_claim_from_cached_pages(client, public_claim):
    assert public_claim.text.encode() in client.get(url_in("en", "claims:list")).content
    public_claim.state = EditorialState.DRAFT
    public_claim.save()
    assert (
        public_claim.text.encode()
        not in client.get(url_in("en", "claims:list")).content
    )
    page = client.get(url_in("en", "claims:detail", slug=public_claim.slug))
    assert page.status_code == 404


@pytest.fixture
def draft_only_topic(hidden_claims):
    topic = TopicFactory(slug="hidden-topic", name="草稿专用话题")
    hidden_claims[0].topics.add(topic)
    return topic


def test_the_topic_menu_leaves_out_topics_only_drafts_use(
    client, draft_only_topic, public_claim
):
    page = client.get(url_in("en", "claims:list")).content.decode()
    assert "hidden-topic" not in page
    assert "草稿专用话题" not in page


@pytest.mark.parametrize(
    ("name", "hidden"),
    [
        ("topic", "hidden-topic"),
        ("speaker", "hidden-speaker"),
        ("article", "hidden-article"),
    ],
)
def test_a_draft_only_filter_value_answers_as_an_unknown_one(
    client, draft_only_topic, public_claim, name, hidden
):
    list_url = url_in("en", "claims:list")

    def answer(value):
        response = client.get(list_url, {name: value})
        return response.status_code, response.content.decode().replace(value, "X")

    assert answer(hidden) == answer("no-such-slug")
