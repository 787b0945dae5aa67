"""Speakers, articles and topics used only by drafts are as unknown to an
anonymous client as names that do not exist: the same answer, word for word
but the name, on every filter; editors still filter by them."""

from __future__ import annotations

import pytest

from claims.models import EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, TopicFactory
from tests.helpers.api import slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_only(db) -> dict[str, str]:
    """A draft whose speaker, article and topic no public claim uses."""
    topic = TopicFactory(slug="draft-only-topic")
    claim = ClaimFactory(
        state=EditorialState.DRAFT,
        slug="the-draft",
        speaker=SpeakerFactory(slug="draft-only-speaker"),
        article=ArticleFactory(slug="draft-only-article"),
    )
    claim.topics.add(topic)
    ClaimFactory(published=True)
    return {
        "speaker": "draft-only-speaker",
        "article": "draft-only-article",
        "topic": "draft-only-topic",
    }


def answer(client, name: str, value: str) -> tuple[int, str]:
    response = client.get("/api/v1/claims/", {name: value})
    return response.status_code, response.content.decode().replace(value, "NAME")


@pytest.mark.parametrize("name", ["speaker", "article", "topic"])
def test_a_draft_only_name_answers_as_an_unknown_one(anon_client, draft_only, name):
    hidden = answer(anon_client, name, draft_only[name])
    unknown = answer(anon_client, name, "no-such-slug-at-all")
    assert hidden == unknown
    assert hidden[0] == 400


@pytest.mark.parametrize("name", ["speaker", "article", "topic"])
def test_editors_filter_by_names_only_drafts_use(editor_client, draft_only, name):
    response = editor_client.get("/api/v1/claims/", {name: draft_only[name]})
    assert response.status_code == 200
    assert slugs(response) == ["the-draft"]


def test_the_speaker_and_article_lists_leave_draft_only_ones_out(
    anon_client, draft_only
):
    speakers = anon_client.get("/api/v1/speakers/").content.decode()
    articles = anon_client.get("/api/v1/articles/").content.decode()
    assert "draft-only-speaker" not in speakers
    assert "draft-only-article" not in articles
