"""Language switching remembered in a cookie; 404 and 500 pages in the site's
look in both languages."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from reader.views import server_error
from tests.factories import ClaimFactory
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db


def test_switching_language_shows_the_same_page_and_remembers_the_choice(client):
    claim = ClaimFactory(published=True)
    chinese_url = url_in("zh-hans", "claims:detail", slug=claim.slug)
    page = client.get(chinese_url).content.decode()
    switch = f"/zh-hans/language/en/?next={chinese_url}"
    assert switch in page

    response = client.get(switch)
    assert response.status_code == 302
    assert response.url == f"/en/claims/{claim.slug}/"
    assert client.cookies["django_language"].value == "en"
    # Back on the bare address later, the reader lands in English.
    assert client.get("/").url == "/en/"


def test_language_switch_refuses_to_redirect_off_site(client):
    response = client.get("/en/language/zh-hans/?next=https://evil.example/")
    assert response.url == "/zh-hans/"


def test_pages_name_their_language_and_link_the_other_one(client):
    claim = ClaimFactory(published=True)
    html = client.get(url_in("en", "claims:detail", slug=claim.slug)).content.decode()
    assert '<html lang="en">' in html
    site = settings.SITE_URL.rstrip("/")
    assert f'hreflang="zh-Hans" href="{site}/zh-hans/claims/{claim.slug}/"' in html
    assert 'aria-current="true" lang="en">English<' in html
    assert '<main id="content"' in html and 'role="banner"' in html


def test_header_and_footer_follow_each_request_language(client):
    # Rendered once per language and reused (the memo tag): alternate.
    for _ in range(2):
        english = client.get(url_in("en", "claims:list")).content.decode()
        chinese = client.get(url_in("zh-hans", "claims:list")).content.decode()
        assert 'href="/en/claims/">All claims<' in english
        assert 'href="/en/corrections/">Corrections and updates<' in english
        assert 'href="/zh-hans/claims/">' in chinese
        assert "All claims<" not in chinese and "Corrections and updates" not in chinese


def test_the_other_language_link_keeps_the_query(client):
    html = client.get(url_in("en", "claims:list") + "?q=car&page=2").content.decode()
    site = settings.SITE_URL.rstrip("/")
    assert f'hreflang="zh-Hans" href="{site}/zh-hans/claims/?q=car&amp;page=2"' in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Page not found", "Claim tracker"]),
        ("zh-hans", ["页面不存在", "声明追踪"]),
    ],
)
def test_404_page_is_in_the_site_look_in_each_language(client, language, words):
    response = client.get(f"/{language}/claims/no-such-claim/")
    assert response.status_code == 404
    text = text_of(response)
    for word in words:
        assert word in text
    assert b"claims/site.css" in response.content


@pytest.mark.parametrize(
    ("path", "words"),
    [("/en/claims/x/", "Something went wrong"), ("/zh-hans/claims/x/", "出错了")],
)
def test_500_page_is_in_the_site_look_in_each_language(path, words):
    response = server_error(RequestFactory().get(path))
    assert response.status_code == 500
    body = response.content.decode()
    assert words in body and "claims/site.css" in body


def test_unhandled_error_renders_the_500_page(client, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("claims.selectors.claim_public_id", explode)
    client.raise_request_exception = False
    response = client.get("/en/claims/anything/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
