"""The content security policy on every HTML response, the API's docs
included."""

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


def test_swagger_ui_works_under_the_sites_own_policy(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "unsafe-inline" not in docs["Content-Security-Policy"]
    assert "<script>" not in docs.content.decode()  # its start-up script is a file
    assert "<style" not in docs.content.decode()
    with translation.override("en"):
        home = client.get(reverse("claims:home"))
    assert docs["Content-Security-Policy"] == home["Content-Security-Policy"]
    assert "cdn.jsdelivr.net" not in docs["Content-Security-Policy"]
