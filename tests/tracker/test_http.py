"""HTTP as link checkers, monitors and browsers use it: HEAD wherever GET
works, a favicon, Permissions-Policy, gzip for responses without secrets."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.helpers.pages import reader_urls

pytestmark = pytest.mark.django_db


def site_urls(claim) -> list[str]:
    with translation.override("en"):
        corrections_en = reverse("claims:corrections")
        ratings_en = reverse("claims:rating-styles")
    return [
        *reader_urls(claim),
        corrections_en,
        ratings_en,
        "/robots.txt",
        "/ratings.css",
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/healthz",
        "/favicon.ico",
    ]


@pytest.mark.parametrize("page_cache", [True, False])
def test_head_answers_like_get_without_a_body(
    published_claim, client, settings, page_cache
):
    if not page_cache:
        settings.READER_PAGE_CACHE_SECONDS = 0
    for url in site_urls(published_claim):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code != 405, url
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url


def test_the_favicon_is_the_sites_svg_and_pages_link_to_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    icon = finders.find("claims/favicon.svg")
    assert icon and "<svg" in Path(icon).read_text()
    with translation.override("en"):
        home = client.get(reverse("claims:home")).content.decode()
    assert f'<link rel="icon" type="image/svg+xml" href="{response["Location"]}">' in (
        home
    )


def test_every_response_carries_a_permissions_policy(published_claim, client):
    urls = [*site_urls(published_claim), "/admin/login/", "/api/v1/claims/", "/nope/"]
    for url in urls:
        for _ in range(2):  # the second reader page is a page-cache hit
            policy = client.get(url)["Permissions-Policy"]
            for feature in ("camera=()", "microphone=()", "geolocation=()"):
                assert feature in policy, url


def gunzipped(response) -> bytes:
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return gzip.decompress(body)


def test_html_json_csv_and_feeds_are_compressed_for_clients_that_accept_gzip(
    published_claim, client
):
    with translation.override("en"):
        pages = [
            reverse("claims:home"),
            reverse("claims:list"),
            published_claim.get_absolute_url(),
            reverse("claims:feed"),
        ]
    urls = [*pages, "/api/v1/claims/", "/api/v1/claims/?format=csv", "/sitemap.xml"]
    for url in urls:
        for _ in range(2):  # a page-cache hit is compressed too
            plain = client.get(url)
            body = (
                b"".join(plain.streaming_content)
                if plain.streaming
                else (plain.content)
            )
            assert not plain.has_header("Content-Encoding"), url
            compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            assert gunzipped(compressed) == body, url


def test_responses_that_may_carry_secrets_are_not_compressed(
    published_claim, client, editor
):
    # The admin's forms carry the CSRF token.
    admin_login = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert admin_login.status_code == 200
    assert not admin_login.has_header("Content-Encoding")
    # An API request with credentials.
    api = client.get(
        "/api/v1/claims/",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_AUTHORIZATION="Token not-a-real-token",
    )
    assert not api.has_header("Content-Encoding")
    # A signed-in user's page and API response.
    client.force_login(editor)
    with translation.override("en"):
        home = reverse("claims:home")
    for url in (home, "/api/v1/claims/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url
