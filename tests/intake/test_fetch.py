"""Adding an article by URL: fetched through the safe fetcher, main text used."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intake.models import ArticleIntake
from tests.helpers.servers import Page, PageServer

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>小米汽车进展</title></head><body>
<nav>首页 | 科技 | 汽车</nav>
<article><h1>小米汽车进展</h1>
<p>雷军表示,小米汽车计划在2024年上半年实现量产。</p>
<p>Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。</p>
<p>此外,在小米内部,小米AI团队超过1200人,并在全球范围内建立了多个AI实验室。</p>
</article><footer>版权所有 © 2023 分享到朋友圈</footer></body></html>"""


OTHER_PAGE = PAGE.replace("小米汽车进展", "小米汽车交付").replace(
    "计划在2024年上半年实现量产", "计划在2024年下半年开始交付"
)


@pytest.fixture
def news_site(fetch_allowed) -> PageServer:
    """A local news site the fetcher may reach (robots.txt cache emptied)."""
    fetch_allowed.pages["/news/xiaomi-car"] = Page(body=PAGE.encode("utf-8"))
    return fetch_allowed


def test_editor_adds_an_article_by_url_and_gets_its_candidates(
    client, editor, news_site
):
    client.force_login(editor)
    url = news_site.url("/news/xiaomi-car")
    response = client.post(
        reverse("admin:intake_articleintake_add"),
        {"url": url, "written_on": "2023-08-17"},
    )
    assert response.status_code == 302
    intake = ArticleIntake.objects.get()
    assert intake.source_url == url and intake.article.url == url
    sentences = list(intake.candidates.values_list("sentence", flat=True))
    assert "雷军表示,小米汽车计划在2024年上半年实现量产。" in sentences
    assert not any("版权" in sentence for sentence in sentences)


def test_a_url_that_cannot_be_fetched_is_reported_on_the_form(
    client, editor, news_site
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_articleintake_add"),
        {"url": news_site.url("/gone"), "written_on": "2023-08-17"},
    )
    assert response.status_code == 200
    assert "Could not fetch the article" in response.content.decode()
    assert not ArticleIntake.objects.exists()


def test_a_private_address_is_refused_without_a_request(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_articleintake_add"),
        {"url": "http://169.254.169.254/latest/meta-data/", "written_on": "2023-08-17"},
    )
    assert response.status_code == 200
    assert "Could not fetch the article (blocked)" in response.content.decode()


def test_a_second_article_from_one_site_reuses_its_robots_txt(
    client, editor, news_site
):
    """Intake fetches under the evidence checks' policy, robots.txt cache too."""
    news_site.pages["/robots.txt"] = Page(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    news_site.pages["/news/xiaomi-delivery"] = Page(body=OTHER_PAGE.encode("utf-8"))
    client.force_login(editor)
    requests_made = []
    for path in ("/news/xiaomi-car", "/news/xiaomi-delivery"):
        before = len(news_site.requests)
        response = client.post(
            reverse("admin:intake_articleintake_add"),
            {"url": news_site.url(path), "written_on": "2023-08-17"},
        )
        assert response.status_code == 302
        requests_made.append(len(news_site.requests) - before)
    assert requests_made == [2, 1]  # robots.txt and the page, then the page
    assert news_site.hits("/robots.txt") == 1
    assert ArticleIntake.objects.count() == 2
