"""The API's ?search=: every word must match, best match first, each item
with the passages where the words matched (``highlight``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.api import slugs

URL = reverse("api:claim-list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    in_text = ClaimFactory(
        published=True,
        slug="in-text",
        text="小米汽车将于2024年上半年量产",
        text_en="Xiaomi's car will reach mass production in H1 2024",
        quote="",
    )
    in_evidence = ClaimFactory(
        published=True, slug="in-evidence", text="雷军表示造车是最后一次创业", quote=""
    )
    EvidenceFactory(claim=in_evidence, title="小米汽车量产的时间表")
    ClaimFactory(
        published=True, slug="unrelated", text="小米AI团队超过1200人", quote=""
    )
    return in_text, in_evidence


def test_a_match_in_the_claim_comes_before_one_in_its_evidence(anon_client, claims):
    assert slugs(anon_client.get(URL, {"search": "量產 小米"})) == [
        "in-text",
        "in-evidence",
    ]


def test_each_result_says_where_the_words_matched(anon_client, claims):
    [first, second] = anon_client.get(URL, {"search": "量产"}).json()["results"]

    assert first["highlight"][0] == {
        "field": "text",
        "snippet": "小米汽车将于2024年上半年<mark>量产</mark>",
        "language": "zh-hans",
    }
    assert second["highlight"] == [
        {
            "field": "evidence.title",
            "snippet": "小米汽车<mark>量产</mark>的时间表",
            "language": "zh-hans",
        }
    ]


def test_without_a_search_highlight_is_null(anon_client, claims):
    results = anon_client.get(URL).json()["results"]

    assert {item["highlight"] for item in results} == {None}


def test_an_explicit_ordering_wins_over_the_best_match(anon_client, claims):
    found = slugs(anon_client.get(URL, {"search": "量产", "ordering": "slug"}))

    assert found == ["in-evidence", "in-text"]


def test_search_results_page_by_cursor_without_repeats(anon_client):
    for number in range(5):
        ClaimFactory(published=True, text=f"小米汽车第{number}个量产计划")
    seen: list[str] = []
    response = anon_client.get(URL, {"search": "量产", "page_size": 2})
    while True:
        seen += slugs(response)
        link = response.json()["next"]
        if not link:
            break
        response = anon_client.get(link)

    assert len(seen) == 5 and len(set(seen)) == 5


def test_the_schema_documents_search_and_highlight(anon_client):
    schema = anon_client.get(reverse("api:schema"), {"format": "json"}).json()

    parameters = schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
    [search] = [item for item in parameters if item["name"] == "search"]
    assert "一千二百" in search["description"]
    highlight = schema["components"]["schemas"]["ClaimListOutput"]["properties"][
        "highlight"
    ]
    assert "null" in highlight["type"]
    assert highlight["items"]["$ref"].endswith("/HighlightOutput")
    assert (
        "highlight"
        not in schema["components"]["schemas"]["ClaimDetailOutput"]["properties"]
    )
