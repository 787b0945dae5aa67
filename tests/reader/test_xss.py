"""Script and markup in every text field reach readers, editors and programs
as text: escaped in HTML and XML, inert in JSON-LD, plain strings in JSON."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.helpers.hostile import HOSTILE, PAYLOADS

pytestmark = pytest.mark.django_db

RAW = ("<script>alert(1)</script>", "<img src=x onerror")


def assert_inert(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{raw!r} unescaped on {where}"


def reader_urls(claim) -> list[str]:
    urls = []
    for language in ("en", "zh-hans"):
        with translation.override(language):
            urls += [
                claim.get_absolute_url(),
                reverse("claims:list"),
                reverse("claims:list") + "?q=alert",
                reverse("claims:home"),
                claim.article.get_absolute_url(),
                claim.speaker.get_absolute_url(),
                reverse("claims:feed"),
                reverse("claims:claim-feed", kwargs={"slug": claim.slug}),
            ]
    return urls


def test_reader_pages_and_feeds_show_the_payloads_as_text(client, hostile_claim):
    for url in reader_urls(hostile_claim):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_inert(body, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_claimreview_json_ld_carries_the_payloads_as_data(client, hostile_claim):
    with translation.override("en"):
        body = client.get(hostile_claim.get_absolute_url()).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', body, re.S
    )
    assert len(blocks) == 1
    assert "<" not in blocks[0]  # escaped as \u003C, cannot close the element
    data = json.loads(blocks[0])
    assert data["claimReviewed"] == hostile_claim.text
    assert data["itemReviewed"]["author"]["name"] == hostile_claim.speaker.name


def test_admin_pages_show_the_payloads_as_text(hostile_claim, reviewer):
    client = Client()
    client.force_login(reviewer)
    evidence = hostile_claim.evidence.get()
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_changelist") + "?q=alert",
        reverse("admin:claims_claim_change", args=[hostile_claim.pk]),
        reverse("admin:claims_claim_history", args=[hostile_claim.pk]),
        reverse("admin:claims_speaker_changelist"),
        reverse("admin:claims_speaker_change", args=[hostile_claim.speaker_id]),
        reverse("admin:claims_article_changelist"),
        reverse("admin:claims_evidence_changelist"),
        reverse("admin:claims_evidence_change", args=[evidence.pk]),
        reverse("admin:claims_ratingchange_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_the_api_returns_the_payloads_as_plain_json_strings(client, hostile_claim):
    response = client.get(
        reverse("api:claim-detail", kwargs={"slug": hostile_claim.slug})
    )
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert data["text"] == f"声明{HOSTILE}"
    assert data["speaker"]["name"] == f"发言人{HOSTILE}"
    assert data["evidence"][0]["title"] == f"证据{HOSTILE}"
    assert all(payload in data["quote"] for payload in PAYLOADS)


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
