"""In the admin a new speaker, article, topic or claim may leave its slug
empty: a readable one is made on save (pinyin for Chinese), never digits."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, Speaker, Topic
from tests.factories import ArticleFactory, SpeakerFactory
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)
    return client


def test_a_chinese_article_title_gets_a_pinyin_slug(client_of):
    add = reverse("admin:claims_article_add")
    form = client_of.get(add).content.decode()
    assert "pinyin" in form  # the slug's help text says what happens
    assert "prepopulated" not in form.split('name="slug"')[1][:200]

    response = client_of.post(
        add,
        {"title": "小米宣布2027年推出150亿元计划", "language": "zh-hans", "slug": ""},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.slug == "xiao-mi-xuan-bu-2027-nian-tui-chu-150-yi-yuan-ji-hua"


def test_a_speaker_and_a_topic_left_without_slug_get_pinyin(client_of):
    client_of.post(reverse("admin:claims_speaker_add"), {"name": "雷军", "slug": ""})
    client_of.post(reverse("admin:claims_speaker_add"), {"name": "雷君", "slug": ""})
    client_of.post(reverse("admin:claims_topic_add"), {"name": "人工智能", "slug": ""})

    assert sorted(Speaker.objects.values_list("slug", flat=True)) == [
        "lei-jun",
        "lei-jun-2",
    ]
    assert Topic.objects.get().slug == "ren-gong-zhi-neng"


def test_a_slug_the_editor_writes_is_kept(client_of):
    client_of.post(
        reverse("admin:claims_speaker_add"), {"name": "雷军", "slug": "leijun"}
    )

    assert Speaker.objects.get().slug == "leijun"


def test_a_new_claim_without_slug_gets_one_from_its_text(client_of):
    speaker, article = SpeakerFactory(), ArticleFactory()
    add = reverse("admin:claims_claim_add")
    data = form_data(client_of.get(add).content.decode(), form_id="claim_form")
    data.update(
        {
            "slug": "",
            "text": "小米汽车2024年上半年量产",
            "text_en": "",
            "speaker": speaker.pk,
            "article": article.pk,
            "kind": "prediction",
            "language": "zh-hans",
        }
    )

    response = client_of.post(add, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert (
        Claim.objects.get().slug == "xiao-mi-qi-che-2024-nian-shang-ban-nian-liang-chan"
    )
