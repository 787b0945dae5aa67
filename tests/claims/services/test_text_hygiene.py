"""Bidirectional controls never reach stored text, whichever way it comes
in (admin, API, ClaimReview import, article intake, the seed), and an
intake's text has a length limit with a clear message."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker
from claims.services.seeding import SEED_DIR, seed_load
from claims.services.text import text_neutralise
from intake.models import ArticleIntake
from tests.factories import ClaimFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.api import assert_error, token_client

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "‮0021" shows as "1200"
HIDDEN = f"小米AI团队超过{RLO}0021{chr(0x202C)}人。"
SHOWN = "小米AI团队超过0021人。"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (HIDDEN, SHOWN),
        ("\u2066isolated\u2069 and \u202aembedded\u202c", "isolated and embedded"),
        ("中文\u200e里的标记\u200f", "中文里的标记"),
        # Right-to-left text keeps the marks it may need.
        ("שלום\u200e 2024", "שלום\u200e 2024"),
        ("plain text", "plain text"),
    ],
)
def test_text_neutralise(given, stored):
    assert text_neutralise(given) == stored


def test_an_admin_save_stores_the_text_without_controls(client, editor):
    claim = ClaimFactory(text="原文")
    client.force_login(editor)
    data = claim_form(client, claim)
    data["text"] = HIDDEN
    data["rating_explanation"] = f"{RLO}解释"
    assert client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert claim.text == SHOWN
    assert claim.rating_explanation == "解释"
    assert RLO not in claim.history.first().text


def test_an_api_write_stores_the_text_without_controls(editor):
    api = token_client(editor)
    other = ClaimFactory()
    body = {
        "slug": "bidi-claim",
        "text": HIDDEN,
        "text_en": f"Over {RLO}0021 people",
        "speaker": other.speaker.slug,
        "article": other.article.slug,
        "kind": "statistic",
    }
    response = api.post(reverse("api:claim-list"), body, format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(slug="bidi-claim")
    assert (claim.text, claim.text_en) == (SHOWN, "Over 0021 people")
    assert RLO not in response.content.decode()


def test_a_claimreview_import_stores_the_text_without_controls(editor):
    api = token_client(editor)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/bidi.html",
        "claimReviewed": HIDDEN,
        "inLanguage": "zh",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": f"雷{RLO}军"},
            "datePublished": "2023-08-14",
            "firstAppearance": {
                "@type": "CreativeWork",
                "headline": f"雷军年度{RLO}演讲",
                "url": "https://news.example/bidi",
            },
        },
    }
    response = api.post(reverse("api:claimreview-import"), review, format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert claim.text == SHOWN
    assert claim.speaker.name == "雷军"
    assert claim.article.title == "雷军年度演讲"


ARTICLE = (
    "小米集团今天发布公告。雷军表示，公司的AI团队已经超过1200人，研发投入超过200亿元。"
)


def test_an_intake_stores_and_reads_the_text_without_controls(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_articleintake_add"),
        {"text": ARTICLE.replace("1200", f"{RLO}0021"), "written_on": "2024-01-05"},
    )
    assert response.status_code == 302
    intake = ArticleIntake.objects.get()
    assert RLO not in intake.text
    assert all(RLO not in c.sentence for c in intake.candidates.all())


def test_the_seed_is_stored_without_controls(tmp_path: Path):
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    speakers = json.loads((seed / "speakers.json").read_text())
    speakers[0]["name"] = f"{RLO}{speakers[0]['name']}"
    (seed / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False))
    seed_load(directory=seed)
    assert not Speaker.objects.filter(name__contains=RLO).exists()
    assert Speaker.objects.filter(slug=speakers[0]["slug"]).exists()


def test_an_intake_longer_than_the_limit_is_refused_with_a_message(
    client, editor, settings
):
    settings.INTAKE_MAX_CHARS = 500
    long_text = ARTICLE * 20
    client.force_login(editor)
    page = client.post(
        reverse("admin:intake_articleintake_add"),
        {"text": long_text, "written_on": "2024-01-05"},
    )
    assert page.status_code == 200
    assert f"{len(long_text)}" in page.content.decode()
    assert not ArticleIntake.objects.exists()

    api = token_client(editor)
    response = api.post(
        reverse("intake:api-suggest"), {"text": long_text}, format="json"
    )
    error = assert_error(response, 400)
    assert list(error["fields"]) == ["text"]
    assert "500" in error["fields"]["text"][0]


def test_text_stored_before_the_rule_is_cleaned_by_the_migration():
    from django.apps import apps

    migration = importlib.import_module("claims.migrations.0018_neutralise_bidi_text")
    claim = ClaimFactory(text="原文")
    # Written past the rule, as rows stored before it were.
    Claim.objects.filter(pk=claim.pk).update(text=HIDDEN, quote="שלום\u200e")
    claim.history.update(text=HIDDEN)
    migration.forwards(apps, None)
    claim.refresh_from_db()
    assert (claim.text, claim.quote) == (SHOWN, "שלום\u200e")
    assert not claim.history.filter(text__contains=RLO).exists()
