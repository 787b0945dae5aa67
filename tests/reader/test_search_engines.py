"""What search engines read: absolute hreflang alternates with x-default,
sitemap alternates that answer 200, a robots.txt that opens the public API."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import ClaimFactory
from tests.helpers.pages import url_in
from tests.helpers.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def alternates(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_page_heads_link_every_language_and_x_default_by_absolute_url(client, language):
    claim = ClaimFactory(published=True)
    site = settings.SITE_URL.rstrip("/")
    for name, kwargs in (
        ("claims:home", {}),
        ("claims:list", {}),
        ("claims:detail", {"slug": claim.slug}),
        ("claims:corrections", {}),
    ):
        html = client.get(url_in(language, name, **kwargs)).content.decode()
        links = alternates(html)
        assert links == {
            "zh-Hans": site + url_in("zh-hans", name, **kwargs),
            "en": site + url_in("en", name, **kwargs),
            "x-default": site + url_in(settings.LANGUAGE_CODE, name, **kwargs),
        }, name


def test_every_sitemap_alternate_answers_200(client):
    claim = ClaimFactory(published=True)
    body = sitemap_text(client)
    links = re.findall(
        r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', body
    )
    x_defaults = [href for lang, href in links if lang == "x-default"]
    assert x_defaults, body
    assert any(urlsplit(href).path == claim.get_absolute_url() for _, href in links)
    for _lang, href in links:
        response = client.get(urlsplit(href).path)
        assert response.status_code == 200, href


def test_robots_txt_opens_the_public_api_and_keeps_admin_and_drafts_out(client):
    body = client.get("/robots.txt").content.decode()
    robots = RobotFileParser()
    robots.parse(body.splitlines())
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/some-claim/",
        "/api/v1/claimreview/",
        "/api/v1/claimreview/?page=2",
        "/api/docs/",
    ):
        assert robots.can_fetch("Googlebot", path), path
    with translation.override("en"):
        assert robots.can_fetch("Googlebot", reverse("claims:list"))
    for path in ("/admin/", "/admin/claims/claim/", "/api/v1/claimreview/import/"):
        assert not robots.can_fetch("Googlebot", path), path
    # Drafts through the API's state filter (a wildcard rule, which Python's
    # parser does not read; Google takes the longest matching rule).
    assert "Disallow: /api/v1/claims/*state=" in body.splitlines()
