"""Importing ClaimReview records as real fact-checkers publish them keeps
what the source said: language, reviewer, URL, date, verdict and numbers."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import (
    Article,
    Claim,
    EditorialState,
    FlagReason,
    Rating,
    Speaker,
    VerdictLabel,
)
from tests.claims.data.claimreview import records
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

IMPORT = reverse("api:claimreview-import")

# Per record: the language stored, the rating it means here (None: waits for
# an editor to map the label).
EXPECTED = [
    ("fr", "false"),  # AFP "Faux" 1/5: false, not "mostly false"
    ("fr", "misleading"),  # AFP "Manque de contexte" 3/5: not "half true"
    ("fr", "misleading"),  # Les Décodeurs "Trompeur"
    ("fr", "false"),  # 20 Minutes "FAUX"
    ("en", "mostly-false"),  # PolitiFact "Mostly False"
    ("en", None),  # Full Fact sentence label
    ("en-gb", "misleading"),  # Full Fact "Missing context", inLanguage en-GB
    ("es", "false"),  # Maldita "Falso"
    ("es", "misleading"),  # Newtral "Engañoso"
    ("pt", "mostly-false"),  # Lupa "Exagerado"
    ("pt", "misleading"),  # Aos Fatos "Distorcido"
    ("de", "false"),  # Correctiv "Falsch"
    ("de", "misleading"),  # Correctiv "Fehlender Kontext"
    ("zh-hant", "false"),  # MyGoPen "錯誤"
    ("zh-hant", "half-true"),  # TFC "部分錯誤", inLanguage zh-TW
    ("si", None),  # Fact Crescendo "අසත්‍ය"
    ("si", "misleading"),  # Hashtag Generation "Misleading"
]


def import_records(client, items=None) -> list[dict]:
    response = client.post(IMPORT, records() if items is None else items, format="json")
    assert response.status_code == 201, response.content
    return response.json()["claims"]


def claim_of(record: dict) -> Claim:
    return Claim.objects.select_related("external_review", "article", "rating").get(
        external_review__review_url=record["url"]
    )


def test_every_record_imports_in_its_language_with_its_verdict(editor_client):
    answer = import_records(editor_client)

    assert len(answer) == len(EXPECTED) == 17
    for record, (language, rating) in zip(records(), EXPECTED, strict=True):
        claim = claim_of(record)
        assert (claim.language, claim.rating and claim.rating.slug) == (
            language,
            rating,
        ), record["url"]
        assert claim.state == EditorialState.DRAFT
    waiting = [item["verdict"] for item in answer if item["waiting_for_mapping"]]
    assert waiting == [records()[5]["reviewRating"]["alternateName"], "අසත්‍ය"]


def test_the_original_review_is_kept_as_its_publisher_wrote_it(editor_client):
    import_records(editor_client)
    afp = records()[0]

    original = claim_of(afp).external_review

    assert original.reviewer_name == "AFP Factuel"
    assert original.reviewer_url == "https://factuel.afp.com"
    assert original.review_url == "https://factuel.afp.com/doc.afp.com.34LX9QZ"
    assert original.reviewed_on == datetime.date(2024, 3, 12)
    assert original.verdict_label == "Faux"
    assert (original.rating_value, original.best_rating, original.worst_rating) == (
        1,
        5,
        1,
    )
    claim = claim_of(afp)
    assert claim.speaker.name == "Sources multiples"
    assert claim.speaker.is_organisation
    assert claim.article.url == afp["itemReviewed"]["appearance"][0]["url"]
    assert [a.article.url for a in claim.appearances.all()] == [
        afp["itemReviewed"]["appearance"][1]["url"]
    ]


def test_numbers_sent_as_strings_are_kept_as_numbers(editor_client):
    import_records(editor_client)

    original = claim_of(records()[3]).external_review

    assert (original.rating_value, original.best_rating, original.worst_rating) == (
        1,
        5,
        1,
    )
    assert original.verdict_label == "FAUX"


def test_a_record_without_appearance_imports_with_the_review_as_its_source(
    editor_client,
):
    record = records()[3]  # 20 Minutes: no appearance, no firstAppearance
    assert "appearance" not in record["itemReviewed"]

    import_records(editor_client, [record])

    claim = claim_of(record)
    assert claim.article.url == record["url"]
    assert claim.article.publisher == "20 Minutes Fake Off"
    assert claim.article.published_on == datetime.date(2024, 6, 11)


def test_a_post_named_as_the_claims_own_url_is_its_appearance(editor_client):
    record = records()[2]  # Les Décodeurs: itemReviewed.url, no appearance

    import_records(editor_client, [record])

    claim = claim_of(record)
    assert claim.article.url == record["itemReviewed"]["url"]
    assert claim.speaker.same_as == "https://fr.wikipedia.org/wiki/Jean_Exemple"


def test_an_unknown_label_is_not_guessed_from_the_number(editor_client):
    record = records()[15]  # "අසත්‍ය", ratingValue 1 of 5

    [answer] = import_records(editor_client, [record])

    claim = claim_of(record)
    assert claim.rating is None
    assert answer["rating"] == "" and answer["waiting_for_mapping"] is True
    flag = claim.flags.open().get()
    assert flag.reason == FlagReason.VERDICT_UNMAPPED
    assert "අසත්‍ය" in flag.detail["summary"]
    label = VerdictLabel.objects.get(label="අසත්‍ය")
    assert label.rating is None and label.language == "si"


def test_a_bad_language_tag_is_refused_where_it_is(editor_client):
    record = records()[0] | {"inLanguage": "français!"}

    error = assert_error(editor_client.post(IMPORT, [record], format="json"), 400)

    assert "inLanguage" in error["objects"][0]["fields"]
    assert not Claim.objects.exists()


# --- the crosswalk in the admin ---------------------------------------------------


def admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_an_editor_maps_a_label_and_rates_the_waiting_claims(editor_client, editor):
    import_records(editor_client)
    record = records()[15]
    label = VerdictLabel.objects.get(label="අසත්‍ය")
    client = admin_client(editor)
    changelist = reverse("admin:claims_verdictlabel_changelist")

    waiting = client.get(changelist, {"mapped": "no"}).content.decode()
    assert "අසත්‍ය" in waiting

    page = client.get(reverse("admin:claims_verdictlabel_change", args=[label.pk]))
    assert page.status_code == 200
    saved = client.post(
        reverse("admin:claims_verdictlabel_change", args=[label.pk]),
        {
            "label": label.label,
            "language": "si",
            "rating": Rating.objects.get(slug="false").pk,
        },
        follow=True,
    )
    assert "1 imported claim waits for this label" in saved.content.decode()

    done = client.post(
        changelist,
        {"action": "rate_waiting_claims", "_selected_action": [label.pk]},
        follow=True,
    )

    assert "1 claim rated" in done.content.decode()
    claim = claim_of(record)
    assert claim.rating.slug == "false"
    assert not claim.flags.open().exists()
    assert claim.external_review.verdict_label == "අසත්‍ය"


def test_labels_are_looked_up_without_case_accents_or_traditional_characters(
    editor_client,
):
    items = records()[:1]
    items[0]["reviewRating"]["alternateName"] = "MANQUE DE CONTEXTE !"
    items.append(records()[13])
    items[1]["reviewRating"]["alternateName"] = "错误"  # Simplified for 錯誤

    import_records(editor_client, items)

    assert claim_of(items[0]).rating.slug == "misleading"
    assert claim_of(items[1]).rating.slug == "false"


def test_new_speakers_articles_and_claims_get_readable_slugs(editor_client):
    import_records(editor_client)

    slugs = {
        model.__name__: set(model.objects.values_list("slug", flat=True))
        for model in (Speaker, Article, Claim)
    }

    assert "wang-lu-liu-chuan-xun-xi" in slugs["Speaker"]  # 網路流傳訊息
    assert "samaja-madaya-parasalakayana" in slugs["Speaker"]  # Sinhala
    assert "example-typhoon-holiday" in slugs["Claim"]  # the review page's name
    # An AFP id says nothing: the claim's own words do.
    afp = "cette-photo-montre-des-agriculteurs-deversant-du-fumier-devant-la-pref"
    assert afp in slugs["Claim"]
    for model, found in slugs.items():
        for slug in found:
            assert slug not in {"speaker", "article", "claim"}, model
            assert not slug.replace("-", "").isdigit(), (model, slug)


def test_a_post_without_headline_is_named_by_its_address(editor_client):
    import_records(editor_client, records()[:1])

    article = Article.objects.get(
        url=records()[0]["itemReviewed"]["appearance"][0]["url"]
    )

    assert article.slug == "facebook-com-groups-1002003004005-posts-6006007008009"
