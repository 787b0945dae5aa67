"""Swagger UI at /api/docs/ comes from the site itself: every script and
stylesheet it references is one of the site's own files, pinned in the lock."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def referenced(html: str) -> list[str]:
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    styles = re.findall(
        r'<link[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref="([^"]+)"', html
    )
    return scripts + styles


def test_every_script_and_style_of_the_docs_is_served_by_the_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = referenced(html)
    assert len(urls) >= 5, urls  # css, bundle, preset, start-up script, icon
    assert any("swagger-ui-bundle" in url for url in urls)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url  # no external host
        if parts.path.startswith(static_prefix):
            name = parts.path.removeprefix(static_prefix)
            assert finders.find(name), url
        else:
            served = client.get(url)
            assert served.status_code == 200, url
            assert "javascript" in served["Content-Type"], url
    # No inline script or style for the CSP to refuse.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html


def test_the_docs_page_has_a_language_a_main_landmark_and_a_heading(client):
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="en">' in html
    assert "<main>" in html and "<h1" in html
