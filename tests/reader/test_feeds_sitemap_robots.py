"""Atom feeds of rating changes, sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from claims.models import EditorialState, Rating
from tests.factories import ClaimFactory
from tests.helpers.claims import rerate
from tests.helpers.pages import url_in
from tests.helpers.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_claim_feed_lists_publication_and_re_rating_newest_first(client):
    claim = ClaimFactory(
        published=True,
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
    )
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="The team count includes contractors.",
    )
    titles = entries(client.get(url_in("en", "claims:claim-feed", slug=claim.slug)))
    assert titles == [
        "Re-rated Mostly true (was True): Xiaomi's AI team has over 1,200 people.",
        "Rated True: Xiaomi's AI team has over 1,200 people.",
    ]
    chinese = entries(
        client.get(url_in("zh-hans", "claims:claim-feed", slug=claim.slug))
    )
    assert chinese[0] == "重新评级为基本属实（原为属实）：小米AI团队超过1200人。"


def test_site_feed_has_rating_changes_across_claims_including_retractions(client):
    # No English rendering: the English feed shows the claims as made.
    first = ClaimFactory(published=True, text="第一条", text_en="")
    second = ClaimFactory(published=True, text="第二条", text_en="")
    second.state = EditorialState.RETRACTED
    second.retracted_at = timezone.now()
    second.retraction_reason = "Misquoted."
    second.save()
    titles = entries(client.get(url_in("en", "claims:feed")))
    # No English rendering: the claim as made, marked as the original.
    assert titles[0] == "Retracted: 第二条 [original, zh-hans]"
    assert "Rated True: 第一条 [original, zh-hans]" in titles
    assert "Rated True: 第二条 [original, zh-hans]" in titles
    assert first.slug  # both claims appear once per public event


def test_sitemap_lists_public_claims_articles_and_speakers_in_both_languages(client):
    claim = ClaimFactory(published=True)
    body = sitemap_text(client)
    assert f"/zh-hans/claims/{claim.slug}/" in body
    assert f"/en/claims/{claim.slug}/" in body
    assert f"/en/articles/{claim.article.slug}/" in body
    assert f"/zh-hans/speakers/{claim.speaker.slug}/" in body
    assert 'hreflang="zh-hans"' in body


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
