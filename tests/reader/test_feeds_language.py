"""The Atom feeds speak the reader's language: the English feeds show a
claim's English rendering and explanation where they exist, the Chinese
feeds the Chinese text."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def claim():
    return ClaimFactory(
        published=True,
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
        rating_explanation="接近公开数据。",
        rating_explanation_en="Close to the published figures.",
    )


def feed_entries(language: str, name: str, client, **kwargs) -> list[dict]:
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_the_english_feed_shows_the_english_text_and_explanation(client, claim):
    [entry] = feed_entries("en", "claims:feed", client)
    assert entry["title"] == "Rated True: Xiaomi's AI team has over 1,200 people."
    assert entry["summary"] == "Close to the published figures."


def test_the_chinese_feed_shows_the_chinese_text_and_explanation(client, claim):
    [entry] = feed_entries("zh-hans", "claims:feed", client)
    assert entry["title"] == "评级为属实：小米AI团队超过1200人。"
    assert entry["summary"] == "接近公开数据。"


def test_the_english_claim_feed_is_english_too(client, claim):
    [entry] = feed_entries("en", "claims:claim-feed", client, slug=claim.slug)
    assert entry["title"] == "Rated True: Xiaomi's AI team has over 1,200 people."


def test_without_english_text_the_english_feed_shows_the_claim_as_made(client):
    ClaimFactory(published=True, text="第一条", text_en="", rating_explanation_en="")
    [entry] = feed_entries("en", "claims:feed", client)
    assert entry["title"] == "Rated True: 第一条 [original, zh-hans]"
    assert entry["summary"] == "数据与公开报告一致。 [original, zh-hans]"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_entries_say_the_feeds_language_and_a_chinese_summary_says_its_own(client):
    ClaimFactory(published=True, text="第一条", text_en="", rating_explanation_en="")
    for language in ("en", "zh-hans"):
        with translation.override(language):
            response = client.get(reverse("claims:feed"))
        root = ET.fromstring(response.content)  # noqa: S314 - our own feed
        [entry] = root.iter(f"{ATOM}entry")
        assert entry.get(XML_LANG) == language
        summary = entry.find(f"{ATOM}summary")
        assert summary.text.startswith("数据与公开报告一致。")
        # Only the English feed needs to say the summary is Chinese.
        assert summary.get(XML_LANG) == ("zh-hans" if language == "en" else None)
