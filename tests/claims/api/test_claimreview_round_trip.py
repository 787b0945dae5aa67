"""An imported review is exported as the original fact-checker's: reviewer,
URL, date, own verdict label and numbers, in the claim's language, with this
site as the publisher of the copy; and it reads back to the same claims."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    Appearance,
    Article,
    Claim,
    ExternalReview,
    Flag,
    Rating,
    Speaker,
    VerdictLabel,
)
from claims.services.verdicts import verdict_label_apply
from tests.claims.api.test_claimreview_real_records import EXPECTED, import_records
from tests.claims.data.claimreview import records
from tests.helpers.pages import json_ld, url_in

pytestmark = pytest.mark.django_db

EXPORT = reverse("api:claimreview-list")
SITE = {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL}


def import_map_and_publish(client, editor) -> None:
    """The fixture imported, its two unknown labels mapped by an editor, and
    every claim published."""
    import_records(client)
    false = Rating.objects.get(slug="false")
    for label in VerdictLabel.objects.filter(rating__isnull=True):
        label.rating = false
        label.save()
        verdict_label_apply(verdict_label=label, user=editor)
    Claim.objects.update(state="published", published_at=timezone.now())


def export_all(client) -> list[dict]:
    items, url = [], EXPORT
    while url:
        body = client.get(url).json()
        items += body["results"]
        url = body["next"]
    return items


def number(value) -> float | None:
    return None if value is None else float(value)


def meaning(label: str | None) -> str:
    return label or "false"  # the two unknown labels were mapped to false


def test_the_export_names_the_original_fact_checker_and_keeps_its_verdict(
    editor_client, editor, anon_client
):
    import_map_and_publish(editor_client, editor)

    exported = {item["url"]: item for item in export_all(anon_client)}

    assert len(exported) == 17
    for record, (language, _rating) in zip(records(), EXPECTED, strict=True):
        item = exported[record["url"]]
        assert item["author"] == {"@type": "Organization"} | {
            key: record["author"][key] for key in ("name", "url")
        }
        assert item["publisher"] == SITE
        assert item["inLanguage"] == language
        assert item["claimReviewed"] == record["claimReviewed"]
        assert item["datePublished"] == record["datePublished"][:10]
        given, shown = record["reviewRating"], item["reviewRating"]
        assert shown["alternateName"] == given["alternateName"]
        for key in ("ratingValue", "bestRating", "worstRating"):
            assert number(shown.get(key)) == number(given.get(key)), (
                record["url"],
                key,
            )


def test_appearances_are_exported_as_given_and_none_where_none_was_given(
    editor_client, editor, anon_client
):
    import_map_and_publish(editor_client, editor)
    exported = {item["url"]: item for item in export_all(anon_client)}
    afp, no_appearance = records()[0], records()[3]

    afp_item = exported[afp["url"]]["itemReviewed"]
    assert (
        afp_item["firstAppearance"]["url"]
        == afp["itemReviewed"]["appearance"][0]["url"]
    )
    assert [work["url"] for work in afp_item["appearance"]] == [
        work["url"] for work in afp["itemReviewed"]["appearance"]
    ]
    bare = exported[no_appearance["url"]]["itemReviewed"]
    assert "firstAppearance" not in bare and "appearance" not in bare
    assert bare["author"]["name"] == "Publications virales"


def test_the_claim_page_embeds_the_original_review(editor_client, editor, client):
    import_map_and_publish(editor_client, editor)
    afp = records()[0]
    claim = Claim.objects.get(external_review__review_url=afp["url"])

    for language in ("zh-hans", "en"):
        response = client.get(url_in(language, "claims:detail", slug=claim.slug))
        [block] = json_ld(response)
        data = json.loads(block)
        assert data["url"] == afp["url"]
        assert data["author"]["name"] == "AFP Factuel"
        assert data["publisher"] == SITE
        assert data["inLanguage"] == "fr"
        assert data["reviewRating"]["alternateName"] == "Faux"


def test_the_whole_fixture_round_trips_through_export_and_import(
    editor_client, editor, anon_client
):
    import_map_and_publish(editor_client, editor)
    exported = export_all(anon_client)

    def snapshot() -> dict[str, tuple]:
        return {
            original.review_url: (
                original.claim.language,
                original.reviewer_name,
                original.reviewer_url,
                original.reviewed_on,
                original.verdict_label,
                original.rating_value,
                original.best_rating,
                original.worst_rating,
                original.claim.rating.slug,
                original.claim.text,
                original.claim.speaker.name,
                original.claim.article.url,
            )
            for original in ExternalReview.objects.select_related(
                "claim__rating", "claim__speaker", "claim__article"
            )
        }

    before = snapshot()
    Flag.objects.all().delete()
    Appearance.objects.all().delete()
    Claim.objects.all().delete()
    Speaker.objects.all().delete()
    Article.objects.all().delete()

    answer = import_records(editor_client, exported)

    assert not any(item["waiting_for_mapping"] for item in answer)
    after = snapshot()
    assert after == before
    assert len(after) == 17
    for record, (language, rating) in zip(records(), EXPECTED, strict=True):
        assert after[record["url"]][0] == language
        assert after[record["url"]][8] == meaning(rating)
