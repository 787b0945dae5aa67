"""A claim's row in a reader's list (``claim_row_html``): what it shows in
each language, and nothing a claim's text holds read as HTML."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import EditorialState
from tests.factories import ClaimFactory, SpeakerFactory, claim_due
from tests.helpers.pages import text_of, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def row_of(html: str, slug: str) -> str:
    """The ``<li class="claim-row">`` that links to the claim ``slug``."""
    for row in re.findall(r'<li class="claim-row">.*?</li>', html, flags=re.S):
        if f"/claims/{slug}/" in row:
            return row
    raise AssertionError(f"no row for {slug}")


@pytest.fixture
def rows():
    today = timezone.localdate()
    return {
        "passed": ClaimFactory(published=True, due_h1_2024=True),
        "upcoming": claim_due(today + timedelta(days=10), published=True),
        "retracted": ClaimFactory(published=True, state=EditorialState.RETRACTED),
        "hostile": ClaimFactory(
            published=True,
            text="<script>alert(1)</script>小米",
            text_en="<b>bold</b> & 小米",
            speaker=SpeakerFactory(name="小满", name_en=""),
        ),
    }


def test_an_english_row_shows_the_rendering_deadline_and_retraction(client, rows):
    html = client.get(url_in("en", "claims:list")).content.decode()

    passed = row_of(html, rows["passed"].slug)
    assert 'class="deadline deadline-passed"' in passed
    assert "Deadline: H1 2024 (passed)" in text_of_html(passed)
    upcoming = row_of(html, rows["upcoming"].slug)
    assert 'class="deadline"' in upcoming
    assert "(10 days left)" in text_of_html(upcoming)
    retracted = row_of(html, rows["retracted"].slug)
    assert '<strong class="retracted-tag">Retracted</strong>' in retracted
    assert "retracted-tag" not in passed
    assert f'<p class="claim-row-en" lang="en">{rows["passed"].text_en}</p>' in passed
    assert f'lang="zh-hans">{rows["passed"].text}</a></h3>' in passed


def test_a_chinese_row_reads_in_chinese_without_the_english_line(client, rows):
    html = client.get(url_in("zh-hans", "claims:list")).content.decode()

    passed = row_of(html, rows["passed"].slug)
    assert "claim-row-en" not in passed
    assert "期限: 2024年上半年 (已过期)" in text_of_html(passed)
    retracted = row_of(html, rows["retracted"].slug)
    assert '<strong class="retracted-tag">已撤回</strong>' in retracted


def test_text_in_a_row_is_escaped_and_a_name_in_chinese_marked(client, rows):
    html = client.get(url_in("en", "claims:list")).content.decode()

    hostile = row_of(html, rows["hostile"].slug)
    assert "<script>" not in hostile and "<b>" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;小米" in hostile
    assert '&lt;b&gt;bold&lt;/b&gt; &amp; <span lang="zh-hans">小米</span>' in hostile
    # The speaker has no English name: the Chinese one, marked "original".
    assert 'lang="zh-hans">小满</a> <small class="original-mark">original</small>' in (
        hostile
    )


def text_of_html(html: str) -> str:
    class Page:
        content = html.encode()

    return text_of(Page)
