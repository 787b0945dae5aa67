"""Script and markup in every text field reach readers as text: escaped in
HTML and XML, inert in JSON-LD."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from tests.helpers.hostile import assert_inert
from tests.helpers.pages import json_ld, reader_urls

pytestmark = pytest.mark.django_db


def test_reader_pages_and_feeds_show_the_payloads_as_text(client, hostile_claim):
    for url in reader_urls(hostile_claim):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_inert(body, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_claimreview_json_ld_carries_the_payloads_as_data(client, hostile_claim):
    with translation.override("en"):
        blocks = json_ld(client.get(hostile_claim.get_absolute_url()))
    assert len(blocks) == 1
    assert "<" not in blocks[0]  # escaped as \u003C, cannot close the element
    data = json.loads(blocks[0])
    assert data["claimReviewed"] == hostile_claim.text_en  # the English rendering
    assert data["itemReviewed"]["author"]["name"] == hostile_claim.speaker.name
