"""Text a page shows in the other language is marked with ``lang``, so screen
readers pronounce it right; text in the page's language is not."""

import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import Rating
from tests.factories import ClaimFactory, EvidenceFactory, SpeakerFactory
from tests.helpers.claims import rerate

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
    assert '<p class="verdict-explanation" lang="zh-hans">接近公开数据。</p>' in html
    assert 'lang="zh-hans">小满</a>' in html


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


def test_sources_and_reasons_in_the_other_language_are_marked(client):
    claim = ClaimFactory(published=True)
    EvidenceFactory(
        claim=claim,
        title="Global smartphone shipments declined 8% in Q2",
        publisher="Counterpoint Research",
        note="Units, not revenue.",
    )
    EvidenceFactory(claim=claim, title="雷军年度演讲现场报道", publisher="新浪科技")
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="统计口径包括外包人员。",
    )
    chinese = claim_page(client, claim, "zh-hans")
    assert '<p class="evidence-title" lang="en"><a' in chinese
    assert '<span lang="en">Counterpoint Research</span>' in chinese
    assert 'class="prose evidence-note" lang="en"' in chinese
    assert '<p class="evidence-title"><a' in chinese  # the Chinese source
    assert '<p class="timeline-reason">统计口径包括外包人员。</p>' in chinese
    english = claim_page(client, claim, "en")
    assert '<p class="evidence-title" lang="zh-hans"><a' in english
    assert '<span lang="zh-hans">新浪科技</span>' in english
    assert (
        '<p class="timeline-reason" lang="zh-hans">统计口径包括外包人员。</p>'
        in english
    )


def test_chinese_names_in_the_english_filter_menus_are_marked(client):
    ClaimFactory(published=True, speaker=SpeakerFactory(name="雷军", name_en="Lei Jun"))
    with translation.override("en"):
        html = client.get(reverse("claims:list")).content.decode()
    assert 'lang="zh-hans">雷军 (Lei Jun)</option>' in html
    assert '<option value="" selected>Any speaker</option>' in html
