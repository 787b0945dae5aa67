"""Text a page shows in the other language is marked with ``lang``, so screen
readers pronounce it right; text in the page's language is not."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def claim_page(client, claim, language: str) -> str:
    with translation.override(language):
        url = reverse("claims:detail", kwargs={"slug": claim.slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_chinese_only_text_on_the_english_page_is_marked_chinese(client):
    claim = ClaimFactory(
        published=True,
        speaker=SpeakerFactory(name="小满", name_en=""),
        rating_explanation="接近公开数据。",
        rating_explanation_en="",
    )
    html = claim_page(client, claim, "en")
    assert (
        '<p class="verdict-explanation" lang="zh-hans">接近公开数据。'
        ' <small class="original-mark">original</small></p>'
    ) in html
    assert (
        'lang="zh-hans">小满</a> <small class="original-mark">original</small>' in html
    )


def test_text_in_the_page_language_carries_no_lang_of_its_own(client):
    claim = ClaimFactory(
        published=True,
        speaker=SpeakerFactory(name="雷军", name_en="Lei Jun"),
        rating_explanation="接近公开数据。",
        rating_explanation_en="Close to the published figures.",
    )
    english = claim_page(client, claim, "en")
    assert '<p class="verdict-explanation">Close to the published figures.</p>' in (
        english
    )
    assert '">Lei Jun</a>' in english
    chinese = claim_page(client, claim, "zh-hans")
    assert '<p class="verdict-explanation">接近公开数据。</p>' in chinese
    assert '">雷军</a>' in chinese


def test_a_retraction_shows_its_reason_in_the_readers_language_on_the_timeline(
    client, reviewer
):
    from claims import services

    claim = ClaimFactory(published=True)
    services.claim_retract(
        claim=claim,
        user=reviewer,
        reason="出处无法核实。",
        reason_en="The source could not be verified.",
    )
    english = claim_page(client, claim, "en").split("Rating and deadline history")[1]
    assert (
        '<p class="timeline-reason"><span>The source could not be verified.</span>'
    ) in english
    chinese = claim_page(client, claim, "zh-hans").split("评级与期限记录")[1]
    assert "出处无法核实。" in chinese and "The source" not in chinese
