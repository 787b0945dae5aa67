"""Home page and claim list: standing by rating, search, filters, sort, pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimKind, DuePrecision, Rating
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory, claim_due
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db


def listing(client, language="en", **params):
    response = client.get(url_in(language, "claims:list"), params)
    assert response.status_code == 200
    return text_of(response)


def test_home_shows_counts_by_rating_recent_verdicts_and_deadlines(client):
    today = timezone.localdate()
    ClaimFactory.create_batch(2, published=True, text="数据属实的声明")
    upcoming_claim = claim_due(
        today + timedelta(days=5),
        ClaimKind.PROMISE,
        published=True,
        text="即将到期的承诺",
    )
    passed_claim = claim_due(
        today - timedelta(days=2),
        published=True,
        text="刚刚到期的预测",
        text_en="A prediction just past its deadline",
    )
    response = client.get(url_in("en", "claims:home"))
    text = text_of(response)
    assert "3 claims checked" not in text and "4 claims checked" in text
    assert "True 2" in text and "In progress 2" in text  # the legend of the bar
    assert b'class="rating-bar"' in response.content
    assert "Recently updated verdicts" in text and "数据属实的声明" in text
    upcoming, passed = text.split("Deadlines coming up")[1].split(
        "Deadlines just passed"
    )
    # English readers get the English rendering, not the Chinese original.
    assert upcoming_claim.text_en in upcoming and "即将到期的承诺" not in upcoming
    assert "5 days left" in upcoming
    assert passed_claim.text_en in passed and "刚刚到期的预测" not in passed
    assert "passed" in passed

    chinese = text_of(client.get(url_in("zh-hans", "claims:home")))
    assert "属实 2" in chinese and "即将到期" in chinese


def test_bare_root_redirects_to_the_readers_language(client):
    assert client.get("/").url == "/zh-hans/"
    assert client.get("/", headers={"accept-language": "en"}).url == "/en/"
    client.cookies["django_language"] = "en"
    assert client.get("/claims/").url == "/en/claims/"


def test_two_character_chinese_search_finds_the_claim(client):
    ClaimFactory(published=True, text="小米汽车将于2024年上半年量产。")
    ClaimFactory(published=True, text="小米AI团队超过1200人。")
    text = listing(client, "zh-hans", q="量产")
    assert "小米汽车将于2024年上半年量产。" in text
    assert "小米AI团队超过1200人。" not in text
    assert "共 1 条声明" in text


def test_search_matches_english_rendering_quote_and_speaker_name(client):
    lei = SpeakerFactory(name="雷军", name_en="Lei Jun")
    ClaimFactory(published=True, text="甲", text_en="Mass production starts")
    ClaimFactory(published=True, text="乙", quote="雷军说过的原话")
    ClaimFactory(published=True, text="丙", speaker=lei)
    assert "甲" in listing(client, q="mass PRODUCTION")
    assert "乙" in listing(client, q="原话")
    assert "丙" in listing(client, q="lei jun")
    assert "丙" in listing(client, q="雷军")


def test_filters_by_rating_kind_speaker_topic_article_and_deadline(client):
    today = timezone.localdate()
    topic = TopicFactory(name="汽车", name_en="Cars")
    speaker = SpeakerFactory()
    true_claim = ClaimFactory(published=True, text="属实的数据", speaker=speaker)
    true_claim.topics.add(topic)
    ClaimFactory(
        published=True, text="误导的数据", rating=Rating.objects.get(slug="misleading")
    )
    claim_due(
        today + timedelta(days=30),
        ClaimKind.PROMISE,
        published=True,
        text="未到期的承诺",
        article=true_claim.article,
    )
    ClaimFactory(
        published=True,
        kind=ClaimKind.PREDICTION,
        text="已到期的预测",
        due_start=date(2023, 1, 1),
        due_end=date(2024, 6, 30),
        due_precision=DuePrecision.HALF,
    )

    def found(**params):
        text = listing(client, **params)
        names = ["属实的数据", "误导的数据", "未到期的承诺", "已到期的预测"]
        return {name for name in names if name in text}

    assert found(rating="misleading") == {"误导的数据"}
    assert found(kind="promise") == {"未到期的承诺"}
    assert found(speaker=speaker.slug) == {"属实的数据"}
    assert found(topic=topic.slug) == {"属实的数据"}
    assert found(article=true_claim.article.slug) == {"属实的数据", "未到期的承诺"}
    assert found(deadline="passed") == {"已到期的预测"}
    assert found(deadline="upcoming") == {"未到期的承诺"}
    assert found(kind="statistic", rating="true") == {"属实的数据"}


def test_filter_form_has_labels_and_rating_names_in_the_readers_language(client):
    english = client.get(url_in("en", "claims:list")).content.decode()
    assert '<label for="id_rating">Rating</label>' in english
    assert ">Mostly true</option>" in english
    chinese = client.get(url_in("zh-hans", "claims:list")).content.decode()
    assert '<label for="id_rating">评级</label>' in chinese
    assert ">基本属实</option>" in chinese


def test_sort_by_deadline_and_by_newest(client):
    for text, claimed_on, due_end in (
        ("晚到期", date(2023, 1, 1), date(2026, 1, 1)),
        ("早到期", date(2023, 5, 1), date(2024, 2, 1)),
    ):
        claim_due(
            due_end, ClaimKind.PROMISE, published=True, text=text, claimed_on=claimed_on
        )
    by_deadline = listing(client, sort="deadline")
    assert by_deadline.index("早到期") < by_deadline.index("晚到期")
    newest = listing(client, sort="newest")
    assert newest.index("早到期") < newest.index("晚到期")
    oldest = listing(client, sort="oldest")
    assert oldest.index("晚到期") < oldest.index("早到期")


def test_list_is_paginated_and_keeps_filters_in_page_links(client):
    ClaimFactory.create_batch(55, published=True)
    first = client.get(url_in("en", "claims:list"), {"kind": "statistic"})
    assert "Page 1 of 2" in text_of(first)
    assert "?kind=statistic&amp;page=2" in first.content.decode()
    second = listing(client, kind="statistic", page="2")
    assert "Page 2 of 2" in second


def test_unknown_filter_values_do_not_break_the_page(client):
    ClaimFactory(published=True, text="照常显示")
    assert "照常显示" in listing(client, rating="nonsense", page="x", sort="bogus")
