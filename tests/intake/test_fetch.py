"""Adding an article by URL: fetched through the safe fetcher, main text used."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from intake.models import ArticleIntake

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>小米汽车进展</title></head><body>
<nav>首页 | 科技 | 汽车</nav>
<article><h1>小米汽车进展</h1>
<p>雷军表示,小米汽车计划在2024年上半年实现量产。</p>
<p>Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。</p>
<p>此外,在小米内部,小米AI团队超过1200人,并在全球范围内建立了多个AI实验室。</p>
</article><footer>版权所有 © 2023 分享到朋友圈</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/news/xiaomi-car":
            body = PAGE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"not here"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def news_site(settings) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_address[1]}"
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [host]
    yield f"http://{host}"
    server.shutdown()
    server.server_close()


def test_editor_adds_an_article_by_url_and_gets_its_candidates(
    client, editor, news_site
):
    client.force_login(editor)
    url = news_site + "/news/xiaomi-car"
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
        {"url": news_site + "/gone", "written_on": "2023-08-17"},
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
