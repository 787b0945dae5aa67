"""The claim list counts its claims only so far past the page shown
(``CLAIM_LIST_COUNT_MAX``) and a search lists a bounded number of matches
(``SEARCH_RESULTS_MAX``): past either, the page says "N+ claims" in the
reader's language, and its pages still lead on."""

import pytest

from tests.factories import ClaimFactory
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_claims(settings, monkeypatch, no_page_cache):
    settings.CLAIM_LIST_COUNT_MAX = 3
    monkeypatch.setattr("reader.views.CLAIM_LIST_PAGE_SIZE", 2)
    return ClaimFactory.create_batch(5, published=True, text="小米汽车量产")


def listing(client, language="en", **params) -> str:
    response = client.get(url_in(language, "claims:list"), params)
    assert response.status_code == 200
    return text_of(response)


def test_above_the_cap_the_list_says_more_than_it_counted(client, five_claims):
    english = listing(client)
    chinese = listing(client, "zh-hans")

    assert "3+ claims" in english and "5 claims" not in english
    # Page numbers without a total the list did not count; the next page
    # is still linked.
    assert "Page 1 " in english and "Page 1 of" not in english
    assert "Next" in english
    assert "超过 3 条声明" in chinese and "第 1 页" in chinese and "共" not in chinese


def test_near_the_end_the_count_is_exact_again(client, five_claims):
    # Page 2 counts up to three claims past its start: all five.
    text = listing(client, page="2")

    assert "5 claims" in text and "+ claims" not in text
    assert "Page 2 of 3" in text


def test_below_the_cap_the_count_is_exact(client, settings, no_page_cache):
    settings.CLAIM_LIST_COUNT_MAX = 3
    ClaimFactory.create_batch(3, published=True)

    text = listing(client)

    assert "3 claims" in text and "3+ claims" not in text


def test_a_broad_search_lists_its_bounded_matches_and_says_there_are_more(
    client, settings, no_page_cache
):
    settings.SEARCH_RESULTS_MAX = 2
    ClaimFactory.create_batch(4, published=True, text="小米汽车量产")
    ClaimFactory(published=True, text="华为手机")

    page = client.get(url_in("en", "claims:list"), {"q": "量产"})

    assert page.content.decode().count('<li class="claim-row">') == 2
    assert "2+ claims" in text_of(page)


def test_the_api_search_lists_the_bounded_matches(api_client, settings):
    settings.SEARCH_RESULTS_MAX = 2
    ClaimFactory.create_batch(4, published=True, text="小米汽车量产")

    response = api_client.get("/api/v1/claims/", {"search": "量产"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["next"] is None
