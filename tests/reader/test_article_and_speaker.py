"""Article page (claims in order of appearance) and speaker page (scorecard)."""

import pytest

from claims.models import Rating
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db


def test_article_page_lists_its_claims_in_the_order_they_appear(client):
    article = ArticleFactory(
        title="小米“拐点”时刻", publisher="惊蛰研究所", author="小满"
    )
    ClaimFactory(published=True, article=article, position=2, text="第二条声明")
    ClaimFactory(published=True, article=article, position=1, text="第一条声明")
    response = client.get(url_in("en", "claims:article", slug=article.slug))
    assert response.status_code == 200
    text = text_of(response)
    assert "小米“拐点”时刻" in text and "惊蛰研究所" in text and "小满" in text
    assert "Aug. 17, 2023" in text
    assert text.index("第一条声明") < text.index("第二条声明")
    assert "True" in text
    chinese = text_of(
        client.get(url_in("zh-hans", "claims:article", slug=article.slug))
    )
    assert "2023年8月17日" in chinese and "属实" in chinese


def test_speaker_page_has_a_scorecard_of_counts_by_rating(client):
    speaker = SpeakerFactory(name="雷军", name_en="Lei Jun", description_en="Founder.")
    ClaimFactory.create_batch(3, published=True, speaker=speaker)
    ClaimFactory(
        published=True, speaker=speaker, rating=Rating.objects.get(slug="false")
    )
    ClaimFactory(speaker=speaker, rating=Rating.objects.get(slug="misleading"))  # draft
    response = client.get(url_in("en", "claims:speaker", slug=speaker.slug))
    assert response.status_code == 200
    text = text_of(response)
    assert "雷军" in text and "Lei Jun" in text and "Founder." in text
    scorecard = text.split("Scorecard")[1]
    assert "True 3" in scorecard and "False 1" in scorecard
    assert "Misleading" not in text
    chinese = text_of(
        client.get(url_in("zh-hans", "claims:speaker", slug=speaker.slug))
    )
    assert "属实 3" in chinese and "不实 1" in chinese
