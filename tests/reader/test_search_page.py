"""The reader's claim list searched: best match first, the words marked in
escaped passages under each row, in both languages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db


def rows_of(page: str) -> list[str]:
    return page.split('<li class="claim-row">')[1:]


def test_the_claim_that_says_it_comes_before_one_whose_evidence_does(client):
    in_evidence = ClaimFactory(published=True, text="雷军谈造车", quote="")
    EvidenceFactory(claim=in_evidence, title="SU7 量产时间表")
    in_text = ClaimFactory(
        published=True, text="小米SU7将于2024年量产", quote="", rated_at=None
    )

    page = client.get(url_in("zh-hans", "claims:list"), {"q": "su7 量產"})

    [first, second] = rows_of(page.content.decode())
    assert in_text.slug in first and in_evidence.slug in second
    assert "小米<mark>SU7</mark>将于2024年<mark>量产</mark>" in first
    assert "<mark>SU7</mark> <mark>量产</mark>时间表" in second


def test_marked_passages_are_escaped_and_never_mark_inside_markup(client):
    ClaimFactory(
        published=True,
        text='<img src=x onerror="alert(1)"> 小米 <b>汽车</b>',
        text_en='<a href="/mark">mark</a> car',
        quote="",
    )

    page = client.get(url_in("en", "claims:list"), {"q": "汽车 mark"}).content.decode()

    [row] = rows_of(page)
    assert "&lt;b&gt;<mark>汽车</mark>&lt;/b&gt;" in row
    assert (
        "&lt;a href=&quot;/<mark>mark</mark>&quot;&gt;<mark>mark</mark>&lt;/a&gt;"
        in row
    )
    assert "<img" not in row and "<b>" not in row
    # Every <mark> opens and closes between tags, never in an attribute.
    assert not re.search(r"<[^>]*<mark>", row)


def test_each_passage_is_marked_with_its_language(client):
    ClaimFactory(
        published=True, text="小米汽车量产", text_en="Xiaomi car mass production"
    )

    page = client.get(url_in("en", "claims:list"), {"q": "量产"}).content.decode()

    assert re.search(
        r'<li class="claim-row-match" data-field="text" lang="zh-hans">', page
    )


def test_no_passages_without_a_search(client):
    ClaimFactory(published=True)

    page = client.get(reverse("claims:list")).content.decode()

    assert "claim-row-matches" not in page and "<mark>" not in page


def test_the_chosen_sort_wins_over_the_best_match(client):
    ClaimFactory(
        published=True, slug="old", text="小米汽车量产", claimed_on="2020-01-01"
    )
    ClaimFactory(
        published=True, slug="new", text="量产的手机", claimed_on="2024-01-01", quote=""
    )

    page = client.get(url_in("en", "claims:list"), {"q": "量产", "sort": "newest"})

    [first, _second] = rows_of(page.content.decode())
    assert "/claims/new/" in first
