import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.api.filters import ClaimReviewPagination
from claims.jsonld import claim_review
from claims.models import (
    Appearance,
    Article,
    Claim,
    EditorialState,
    Evidence,
    Flag,
    Speaker,
    Topic,
)
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

EXPORT = reverse("api:claimreview-list")
IMPORT = reverse("api:claimreview-import")


def review(**overrides) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/2024/xiaomi-ai-team-size.html",
        "claimReviewed": "小米AI团队有超过1200人。",
        "inLanguage": "zh",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Mostly True",
            "ratingValue": 4,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": "接近公开数据。",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "雷军", "alternateName": "Lei Jun"},
            "datePublished": "2023-08-14",
            "firstAppearance": {
                "@type": "CreativeWork",
                "headline": "雷军年度演讲",
                "url": "https://news.example/lei-jun-2023",
                "datePublished": "2023-08-14",
            },
        },
    }
    data.update(overrides)
    return data


def export_all(client) -> list[dict]:
    items, url = [], EXPORT
    while url:
        body = client.get(url).json()
        items += body["results"]
        url = body["next"]
    return items


# --- export ---------------------------------------------------------------------


def test_the_export_is_the_markup_the_claim_pages_embed(anon_client):
    claim = ClaimFactory(published=True)
    Appearance.objects.create(claim=claim, article=ArticleFactory())
    ClaimFactory(state=EditorialState.DRAFT)
    ClaimFactory(state=EditorialState.RETRACTED)

    results = anon_client.get(EXPORT).json()["results"]

    assert results == [claim_review(claim)]
    assert results[0]["dateModified"]
    assert len(results[0]["itemReviewed"]["appearance"]) == 2


def test_the_export_is_paginated_with_a_fixed_number_of_queries(
    anon_client, django_assert_max_num_queries
):
    ClaimFactory.create_batch(3, published=True)
    with django_assert_max_num_queries(2):
        assert len(export_all(anon_client)) == 3
    ClaimFactory.create_batch(30, published=True)
    with django_assert_max_num_queries(2):
        response = anon_client.get(EXPORT, {"page_size": 20}).json()
    assert len(response["results"]) == 20
    assert len(export_all(anon_client)) == 33


def test_the_export_streams_pages_no_larger_than_the_limit(
    anon_client, monkeypatch, django_assert_max_num_queries
):
    """However large a page is asked for, it holds at most the limit; each
    page is streamed and read with the same two queries; following ``next``
    gives every published claim once."""
    monkeypatch.setattr(ClaimReviewPagination, "max_page_size", 5)
    claims = ClaimFactory.create_batch(12, published=True)
    seen, url, params = [], EXPORT, {"page_size": 500}
    while url:
        with django_assert_max_num_queries(2):
            response = anon_client.get(url, params)
        assert response.status_code == 200
        assert response.streaming
        body = response.json()
        assert 0 < len(body["results"]) <= 5
        seen += [item["url"] for item in body["results"]]
        url, params = body["next"], {}
    assert seen == [claim_review(claim)["url"] for claim in claims]


def test_the_export_is_documented_as_paged_by_cursor(anon_client):
    operation = anon_client.get("/api/schema/", {"format": "json"}).json()["paths"][
        "/api/v1/claimreview/"
    ]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"cursor", "page_size"} <= names
    assert "streamed" in operation["description"]
    assert str(ClaimReviewPagination.max_page_size) in operation["description"]


def test_an_indented_export_is_written_whole(anon_client):
    ClaimFactory.create_batch(2, published=True)
    response = anon_client.get(EXPORT, HTTP_ACCEPT="application/json; indent=2")
    assert not response.streaming
    assert b'\n  "next"' in response.content
    assert len(response.json()["results"]) == 2


# --- import ---------------------------------------------------------------------


def test_an_editor_imports_one_object_as_a_draft(editor_client):
    response = editor_client.post(IMPORT, review(), format="json")

    assert response.status_code == 201, response.content
    assert response.json() == {
        "count": 1,
        "claims": [
            {
                "index": 0,
                "slug": "xiaomi-ai-team-size",
                "speaker": "lei-jun",
                "rating": "mostly-true",
                "language": "zh-hans",
                "verdict": "Mostly True",
                "waiting_for_mapping": False,
            }
        ],
    }
    claim = Claim.objects.get()
    assert claim.state == EditorialState.DRAFT
    assert claim.kind == "fact"
    assert claim.language == "zh-hans"
    assert claim.rating_explanation == "接近公开数据。"
    assert str(claim.claimed_on) == "2023-08-14"
    assert claim.speaker.name == "雷军" and claim.speaker.name_en == "Lei Jun"
    assert claim.article.url == "https://news.example/lei-jun-2023"
    assert claim.article.title == "雷军年度演讲"


def test_an_existing_speaker_and_article_are_reused(editor_client):
    speaker = SpeakerFactory(name="雷军")
    article = ArticleFactory(url="https://news.example/lei-jun-2023")

    editor_client.post(IMPORT, [review()], format="json")

    claim = Claim.objects.get()
    assert claim.speaker == speaker
    assert claim.article == article
    assert Speaker.objects.count() == 1


@pytest.mark.parametrize(
    ("rating", "kind", "expected"),
    [
        ({"alternateName": "MOSTLY TRUE"}, None, "mostly-true"),
        ({"alternateName": "基本不实"}, None, "mostly-false"),
        ({"alternateName": "Pants on Fire!"}, None, "false"),
        ({"alternateName": "Missing context"}, None, "misleading"),
        ({"alternateName": "Promise Kept"}, None, "kept"),
        ({"alternateName": "Faux", "ratingValue": 1, "bestRating": 5}, None, "false"),
        ({"alternateName": "Manque de contexte"}, None, "misleading"),
        ({"alternateName": "錯誤"}, None, "false"),
        ({"ratingValue": 8, "bestRating": 10, "worstRating": 0}, None, "mostly-true"),
        ({"ratingValue": "3"}, "promise", "compromise"),
    ],
)
def test_ratings_are_mapped_by_name_or_value(editor_client, rating, kind, expected):
    url = IMPORT + (f"?kind={kind}" if kind else "")

    response = editor_client.post(url, review(reviewRating=rating), format="json")

    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert claim.rating.slug == expected
    assert claim.rating.applies_to_kind(claim.kind)


def test_invalid_objects_are_reported_by_index_and_nothing_is_imported(
    editor_client,
):
    good = review()
    no_rating = review(url="https://x.example/b", reviewRating={"@type": "Rating"})
    no_text = review(url="https://x.example/c", claimReviewed="")
    no_text["itemReviewed"] = {"author": {"name": "Someone"}}

    response = editor_client.post(IMPORT, [good, no_rating, no_text], format="json")

    error = assert_error(response, 400, "invalid")
    assert [item["index"] for item in error["objects"]] == [1, 2]
    assert "alternateName" in error["objects"][0]["fields"]["reviewRating"][0]
    assert set(error["objects"][1]["fields"]) == {"claimReviewed"}
    assert not Claim.objects.exists()
    assert not Speaker.objects.exists()
    assert not Article.objects.exists()


def test_importing_the_same_review_twice_is_refused(editor_client):
    editor_client.post(IMPORT, review(), format="json")

    error = assert_error(editor_client.post(IMPORT, review(), format="json"), 400)

    assert "url" in error["objects"][0]["fields"]
    assert Claim.objects.count() == 1


def test_an_empty_list_and_an_unknown_kind_are_refused(editor_client):
    assert_error(editor_client.post(IMPORT, [], format="json"), 400)
    error = assert_error(
        editor_client.post(IMPORT + "?kind=poem", review(), format="json"), 400
    )
    assert list(error["fields"]) == ["kind"]


def test_import_permissions(anon_client, outsider_client):
    assert_error(anon_client.post(IMPORT, review(), format="json"), 401)
    assert_error(outsider_client.post(IMPORT, review(), format="json"), 403)
    assert not Claim.objects.exists()


# --- round trip -----------------------------------------------------------------


def _snapshot() -> dict[str, dict]:
    return {
        claim.slug: {
            "text": claim.text,
            "language": claim.language,
            "claimed_on": claim.claimed_on,
            "rating": claim.rating.slug,
            "rating_explanation": claim.rating_explanation,
            "speaker": (
                claim.speaker.name,
                claim.speaker.name_en,
                claim.speaker.same_as,
                claim.speaker.is_organisation,
            ),
            "article": (claim.article.slug, claim.article.title, claim.article.url),
            "article_meta": (
                claim.article.published_on,
                claim.article.author,
                claim.article.publisher,
            ),
            "appearances": sorted(
                item.article.slug for item in claim.appearances.all()
            ),
        }
        for claim in Claim.objects.select_related("speaker", "article", "rating")
    }


def test_round_trip_of_the_seed_through_claimreview(anon_client, editor_client):
    call_command("load_seed", verbosity=0)
    seed = Claim.objects.first()
    Appearance.objects.create(
        claim=seed,
        article=Article.objects.exclude(pk=seed.article_id).first(),
    )
    before = _snapshot()
    exported = export_all(anon_client)
    assert len(exported) == len(before) == 43

    Flag.objects.all().delete()
    Evidence.objects.all().delete()
    Appearance.objects.all().delete()
    Claim.objects.all().delete()
    Topic.objects.all().delete()
    Speaker.objects.all().delete()
    Article.objects.all().delete()

    response = editor_client.post(IMPORT, exported, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["count"] == 43
    after = _snapshot()
    assert set(after) == set(before)
    differences = {
        (slug, key): (value, after[slug][key])
        for slug, fields in before.items()
        for key, value in fields.items()
        if after[slug][key] != value
    }
    assert differences == {}
    assert set(Claim.objects.values_list("state", flat=True)) == {"draft"}
