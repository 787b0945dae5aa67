"""The content security policy on every HTML response; only the API's docs
page may load its scripts from a CDN."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.helpers.pages import reader_urls

pytestmark = pytest.mark.django_db


def test_every_html_response_carries_the_content_security_policy(client, hostile_claim):
    for url in [*reader_urls(hostile_claim), "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


def test_swagger_ui_may_load_its_cdn_and_nothing_else_may(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "https://cdn.jsdelivr.net" in docs["Content-Security-Policy"]
    assert "unsafe-inline" not in docs["Content-Security-Policy"]
    assert "<script>" not in docs.content.decode()  # its start-up script is a file
    with translation.override("en"):
        home = client.get(reverse("claims:home"))
    assert "cdn.jsdelivr.net" not in home["Content-Security-Policy"]
