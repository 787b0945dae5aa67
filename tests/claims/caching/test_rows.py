"""Claim rows are kept per claim: a change to one claim renders its row
again on the next list page, and only its row."""

from __future__ import annotations

import pytest

from reader.templatetags import reader as reader_tags
from tests.factories import ClaimFactory
from tests.helpers.pages import text_of, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def rendered_rows(monkeypatch):
    """The claims whose row is written, by English text."""
    rows: list[str] = []
    write = reader_tags.claim_row_html

    def counted(claim) -> str:
        rows.append(claim.text_en)
        return write(claim)

    monkeypatch.setattr(reader_tags, "claim_row_html", counted)
    return rows


@pytest.fixture
def listed(redis_cache, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0  # fragments only
    return [ClaimFactory(published=True, text_en=f"Row {n}") for n in range(5)]


def test_a_change_to_one_claim_renders_only_its_row_again(
    client, listed, rendered_rows
):
    url = url_in("en", "claims:list")
    client.get(url)
    assert sorted(rendered_rows) == [f"Row {n}" for n in range(5)]
    rendered_rows.clear()
    client.get(url)
    assert rendered_rows == []
    listed[2].text_en = "Row 2, rewritten"
    listed[2].save()
    response = client.get(url)
    assert rendered_rows == ["Row 2, rewritten"]
    assert "Row 2, rewritten" in text_of(response)
    assert "Row 4" in text_of(response)
