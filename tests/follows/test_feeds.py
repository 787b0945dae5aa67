"""The speaker, topic and search feeds: RFC 4287 and the feeds' language
rules (as the site's feeds keep them), only the claims they follow, and
linked from their pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import Claim, Speaker, Topic
from tests.helpers.page_set import seed_every_state
from tests.standards.test_atom_feeds import ATOM, feed_problems

pytestmark = pytest.mark.django_db


def entry_claims(content: bytes) -> set[str]:
    root = ET.fromstring(content)  # noqa: S314 - our own feed
    return {
        urlsplit(link.get("href")).path.rstrip("/").rsplit("/", 1)[1]
        for entry in root.findall(f"{ATOM}entry")
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "alternate"
    }


def test_speaker_topic_and_search_feeds_keep_rfc_4287_and_their_claims(client):
    seed_every_state()
    speaker = Speaker.objects.filter(claims__state="published").first()
    topic = Topic.objects.filter(claims__state="published").first()
    assert speaker is not None and topic is not None
    for language in ("zh-hans", "en"):
        with translation.override(language):
            feeds = {
                "speaker": (
                    reverse("follows:speaker-feed", args=[speaker.slug]),
                    "",
                    Claim.objects.public().filter(speaker=speaker),
                ),
                "topic": (
                    reverse("follows:topic-feed", args=[topic.slug]),
                    "",
                    Claim.objects.public().filter(topics=topic),
                ),
                "search": (
                    reverse("follows:search-feed"),
                    "kind=prediction",
                    Claim.objects.public().filter(kind="prediction"),
                ),
            }
        for name, (path, query, claims) in feeds.items():
            response = client.get(f"{path}?{query}" if query else path)
            assert response.status_code == 200, name
            root = ET.fromstring(response.content)  # noqa: S314 - our own feed
            if query:  # the self link carries the query
                [self_link] = [
                    link.get("href")
                    for link in root.findall(f"{ATOM}link")
                    if link.get("rel") == "self"
                ]
                assert urlsplit(self_link).query == query
                self_element = root.find(f"{ATOM}link[@rel='self']")
                assert self_element is not None
                self_element.set("href", self_link.split("?", 1)[0])
            assert feed_problems(path, language, root) == [], name
            found = entry_claims(response.content)
            assert found, name
            assert found <= set(claims.values_list("slug", flat=True)), name


def test_the_pages_link_their_feeds(client):
    seed_every_state()
    claim = Claim.objects.filter(state="published").first()
    with translation.override("zh-hans"):
        speaker_page = client.get(claim.speaker.get_absolute_url()).content.decode()
    assert (
        f'type="application/atom+xml" title="这位发言人的声明的评级变更" '
        f'href="/zh-hans/speakers/{claim.speaker.slug}/feed/"'
    ) in speaker_page
    with translation.override("en"):
        search_page = client.get(reverse("claims:list") + "?q=Xiaomi&sort=oldest")
    assert (
        'title="Rating changes of the claims this search finds" '
        'href="/en/search/feed/?q=Xiaomi&amp;sort=oldest"'
    ) in search_page.content.decode()
    assert "Follow this search by e-mail" in search_page.content.decode()
    topic = Topic.objects.filter(claims__state="published").first()
    with translation.override("en"):
        topic_page = client.get(reverse("claims:list") + f"?topic={topic.slug}")
    page = topic_page.content.decode()
    assert f'href="/en/topics/{topic.slug}/feed/"' in page
    assert "Follow this topic by e-mail" in page


def test_a_feed_of_nothing_followable_is_not_found(client):
    assert client.get("/en/speakers/no-such-speaker/feed/").status_code == 404
    assert client.get("/en/topics/no-such-topic/feed/").status_code == 404
    assert client.get("/en/search/feed/").status_code == 404
